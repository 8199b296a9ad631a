package io.tokenvault.catalog;

import java.util.Objects;

/**
 * What a provider's error answer means, in Tokenvault's terms.
 *
 * @param reason      a stable reason code, e.g. {@code reauth_required}, {@code mfa_required},
 *                    {@code password_changed}, {@code inactivity_expiry}, {@code consent_required},
 *                    {@code conditional_access_blocked}, {@code admin_policy_enforced}, {@code revoked},
 *                    {@code revoked_or_expired}, {@code refresh_token_expired}, {@code user_inactive},
 *                    {@code client_authentication_failed} (the full list is in {@code providers.xml})
 * @param explanation one or two sentences for a tenant admin: what happened
 * @param remedy      what to do about it
 */
public record ErrorMapping(String reason, String explanation, String remedy) {

    public ErrorMapping {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(explanation, "explanation");
        Objects.requireNonNull(remedy, "remedy");
    }
}
