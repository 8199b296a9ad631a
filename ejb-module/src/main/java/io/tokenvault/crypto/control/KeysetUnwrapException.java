package io.tokenvault.crypto.control;

/**
 * A wrapped tenant keyset could not be unwrapped: it belongs to another tenant, was wrapped by a key-encryption key
 * this source does not hold, or is corrupt.
 */
public final class KeysetUnwrapException extends CryptoException {

    private static final long serialVersionUID = 1L;

    KeysetUnwrapException(String message) {
        super(message);
    }

    KeysetUnwrapException(String message, Throwable cause) {
        super(message, cause);
    }
}
