package io.tokenvault.crypto.control;

import java.util.Arrays;
import java.util.Objects;

/**
 * An encrypted value as stored: the ciphertext and, for a column beside it, the id of the key that encrypted it, so
 * that "rows not under the primary key" is one indexed query.
 *
 * <p>The ciphertext is Tink's format: a 5-byte prefix (version byte {@code 0x01}, then the key id as a big-endian
 * 32-bit number), the nonce, the encrypted value and the tag. {@link TenantKeyset#decrypt} checks that the recorded
 * key id matches the prefix.
 *
 * <p>The array is neither copied nor cleared (it is not secret); callers must not modify it. {@code equals} compares
 * its content; {@code toString} shows only its length.
 *
 * @param keyId id of the data key that encrypted the value (may be negative: Tink's ids are unsigned 32-bit)
 * @param ciphertext Tink ciphertext, key-id prefix included
 */
public record Sealed(int keyId, byte[] ciphertext) {

    public Sealed {
        Objects.requireNonNull(ciphertext, "ciphertext");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Sealed that && keyId == that.keyId && Arrays.equals(ciphertext, that.ciphertext);
    }

    @Override
    public int hashCode() {
        return 31 * Integer.hashCode(keyId) + Arrays.hashCode(ciphertext);
    }

    @Override
    public String toString() {
        return "Sealed[keyId=" + keyId + ", ciphertext=" + ciphertext.length + " bytes]";
    }
}
