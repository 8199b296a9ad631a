package io.tokenvault.users.control;

import io.tokenvault.tenancy.boundary.Role;
import java.time.Instant;

/**
 * One row of {@code web_user}. {@code passwordHash} is null while the user has only been invited. {@code toString()}
 * shows neither hash.
 */
public record WebUser(String id, String username, String tenantId, Role role, String passwordHash,
        String inviteTokenHash, Instant inviteExpiresAt, Instant createdAt, String createdBy) {

    public boolean isInvited() {
        return passwordHash == null;
    }

    @Override
    public String toString() {
        return "WebUser[" + username + ", " + role.apiName() + ", " + tenantId + "]";
    }
}
