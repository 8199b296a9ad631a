package io.tokenvault.crypto.control;

/**
 * The key-encryption key cannot be used: its file exists but is unreadable or corrupt, or it cannot be created. The
 * application must not start without it, since every tenant keyset is wrapped by it.
 */
public final class KeyEncryptionKeyUnavailableException extends CryptoException {

    private static final long serialVersionUID = 1L;

    KeyEncryptionKeyUnavailableException(String message) {
        super(message);
    }

    KeyEncryptionKeyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
