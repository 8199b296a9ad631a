package io.tokenvault.users.boundary;

import io.tokenvault.users.control.WebUser;
import java.time.Instant;

/** A web user as the UI lists it: never a password or invitation hash. */
public record UserView(String id, String username, String role, String tenant, String status, Instant createdAt,
        String createdBy, Instant invitationExpiresAt) {

    static UserView of(WebUser u) {
        return new UserView(u.id(), u.username(), u.role().apiName(), u.tenantId(), u.isInvited() ? "INVITED" : "ACTIVE",
                u.createdAt(), u.createdBy(), u.inviteExpiresAt());
    }
}
