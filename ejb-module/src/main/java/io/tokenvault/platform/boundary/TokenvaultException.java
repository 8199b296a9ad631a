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
}
