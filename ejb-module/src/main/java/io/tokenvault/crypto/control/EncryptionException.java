package io.tokenvault.crypto.control;

/** Encrypting a value, wrapping a keyset or generating a key failed: a broken key source or crypto provider. */
public final class EncryptionException extends CryptoException {

    private static final long serialVersionUID = 1L;

    EncryptionException(String message, Throwable cause) {
        super(message, cause);
    }
}
