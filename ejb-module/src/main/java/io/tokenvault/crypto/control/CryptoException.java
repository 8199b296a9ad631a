package io.tokenvault.crypto.control;

/**
 * Base of the failures of this package. Messages name tenants, key ids and files, never key material, plaintext or
 * ciphertext, so they may be logged and shown to operators.
 */
public abstract class CryptoException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    protected CryptoException(String message) {
        super(message);
    }

    protected CryptoException(String message, Throwable cause) {
        super(message, cause);
    }
}
