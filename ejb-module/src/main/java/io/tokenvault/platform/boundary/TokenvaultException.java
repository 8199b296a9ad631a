package io.tokenvault.platform.boundary;

import jakarta.ejb.ApplicationException;

/**
 * Base of the business exceptions a boundary throws. Each maps to one HTTP status and problem type; the message is
 * shown to the caller, so it must be useful and must never contain a secret.
 */
@ApplicationException(rollback = true, inherited = true)
public abstract class TokenvaultException extends RuntimeException {

    protected TokenvaultException(String message) {
        super(message);
    }

    /** The HTTP status this failure stands for. */
    public abstract int status();

    /** A short, stable problem type slug (becomes {@code urn:tokenvault:problem:<slug>}). */
    public abstract String problemType();

    /** A short human title for the problem type. */
    public abstract String title();

    /** Extra members of the problem document (RFC 9457 extensions), e.g. a reason code. */
    public java.util.Map<String, Object> extensions() {
        return java.util.Map.of();
    }

    /** For 503 and 429: when the client may try again (becomes a {@code Retry-After} header). */
    public java.util.Optional<java.time.Duration> retryAfter() {
        return java.util.Optional.empty();
    }
}
