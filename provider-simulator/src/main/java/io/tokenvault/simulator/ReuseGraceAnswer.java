package io.tokenvault.simulator;

/** What a rotated-away refresh token gets when presented again inside the reuse grace period. */
public enum ReuseGraceAnswer {
    /**
     * The grant's latest token response again, byte for byte the same tokens (an idempotent
     * replay, as FAPI 2.0 servers and caches answer a lost response). The default.
     */
    CURRENT_TOKENS,
    /**
     * A new access and refresh token, rotating again from the grant's current refresh token,
     * which becomes spent in turn (Auth0-style reuse interval).
     */
    FRESH_PAIR
}
