package io.tokenvault.oauth.control;

/**
 * What a provider's revocation endpoint (RFC 7009) answered: {@link Revoked}, or the same
 * {@link TokenResponseOutcome.Rejected} / {@link TokenResponseOutcome.Unavailable} a token request
 * can get.
 */
public sealed interface RevocationOutcome
        permits RevocationOutcome.Revoked, TokenResponseOutcome.Rejected, TokenResponseOutcome.Unavailable {

    /**
     * The token no longer works: the provider answered 200 (RFC 7009 answers 200 for unknown and
     * already-invalid tokens too), or 400 {@code invalid_token}, as Google answers for a token that
     * is already expired or revoked.
     *
     * @param httpStatus the HTTP status of the answer
     */
    record Revoked(int httpStatus) implements RevocationOutcome {
    }
}
