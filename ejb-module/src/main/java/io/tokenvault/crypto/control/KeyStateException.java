package io.tokenvault.crypto.control;

/**
 * A key-management operation is not allowed in the key's current state: disabling or destroying the primary key,
 * enabling a destroyed key, or naming a key that is not in the keyset.
 */
public final class KeyStateException extends CryptoException {

    private static final long serialVersionUID = 1L;

    private final int keyId;

    KeyStateException(int keyId, String message) {
        super(message);
        this.keyId = keyId;
    }

    /** The key the refused operation named. */
    public int keyId() {
        return keyId;
    }
}
