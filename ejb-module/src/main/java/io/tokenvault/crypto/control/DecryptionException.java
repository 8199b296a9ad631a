package io.tokenvault.crypto.control;

/**
 * A {@link Sealed} value could not be decrypted. The {@link #reason()} tells an expected state (a disabled or
 * destroyed key) from tampering or a ciphertext moved to another tenant, column or row.
 */
public final class DecryptionException extends CryptoException {

    private static final long serialVersionUID = 1L;

    /** Why decryption failed. */
    public enum Reason {
        /** Too short, or not in Tink's format with a key-id prefix. */
        MALFORMED_CIPHERTEXT,
        /** The key id recorded beside the ciphertext differs from the one inside it. */
        KEY_ID_MISMATCH,
        /** No key with this id is or was in the keyset: another tenant's ciphertext, or a foreign one. */
        UNKNOWN_KEY,
        /** The key exists but is disabled; enabling it makes the value readable again. */
        KEY_DISABLED,
        /** The key was destroyed: the value is unreadable forever. */
        KEY_DESTROYED,
        /** The key is live but authentication failed: other associated data (tenant, purpose, row) or tampering. */
        AUTHENTICATION_FAILED
    }

    private final Reason reason;
    private final int keyId;

    DecryptionException(Reason reason, int keyId, String message) {
        super(message);
        this.reason = reason;
        this.keyId = keyId;
    }

    DecryptionException(Reason reason, int keyId, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.keyId = keyId;
    }

    /** Why decryption failed. */
    public Reason reason() {
        return reason;
    }

    /** The key id recorded with the value that failed to decrypt. */
    public int keyId() {
        return keyId;
    }
}
