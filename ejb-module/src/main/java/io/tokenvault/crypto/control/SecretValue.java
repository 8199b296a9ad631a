package io.tokenvault.crypto.control;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A decrypted secret (a token, a client secret, a verifier) held only as long as it is needed.
 *
 * <p>Use it in try-with-resources: {@link #close()} overwrites the bytes with zeros, after which every accessor
 * throws {@link IllegalStateException}. {@link #reveal()} gives the value at the moment of use; the {@code String} it
 * returns cannot be cleared, so call it as late as possible and do not keep the result. {@link #toString()} never shows
 * the value and {@link #fingerprint()} tells secrets apart without revealing them.
 *
 * <p>Not thread-safe: one thread uses and closes an instance.
 */
public final class SecretValue implements AutoCloseable {

    private static final int FINGERPRINT_BYTES = 8;

    private final byte[] value;
    private boolean closed;

    /** Takes ownership of {@code value}: the caller must not keep or modify it. */
    SecretValue(byte[] value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /** A holder for the UTF-8 encoding of {@code value}. */
    public static SecretValue of(String value) {
        Objects.requireNonNull(value, "value");
        return new SecretValue(value.getBytes(StandardCharsets.UTF_8));
    }

    /** A holder for a copy of {@code value}; the caller should clear its own array. */
    public static SecretValue of(byte[] value) {
        Objects.requireNonNull(value, "value");
        return new SecretValue(value.clone());
    }

    /** The value decoded as UTF-8, for the moment of use. */
    public String reveal() {
        return new String(open(), StandardCharsets.UTF_8);
    }

    /** A copy of the value's bytes; the caller should clear it after use. */
    public byte[] revealBytes() {
        return open().clone();
    }

    /** Number of bytes of the value. */
    public int length() {
        return open().length;
    }

    /**
     * {@code "sha256:"} and the first 8 bytes of the value's SHA-256 digest in lowercase hex, e.g.
     * {@code sha256:ba7816bf8f01cfea}: enough to tell secrets apart in a list, not to recover a high-entropy secret.
     */
    public String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(open());
            return "sha256:" + HexFormat.of().formatHex(digest, 0, FINGERPRINT_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /** Whether {@link #close()} has been called. */
    public boolean isClosed() {
        return closed;
    }

    /** Overwrites the value with zeros. Idempotent. */
    @Override
    public void close() {
        Arrays.fill(value, (byte) 0);
        closed = true;
    }

    /** The value itself, without a copy, for this package's encryption. */
    byte[] bytes() {
        return open();
    }

    private byte[] open() {
        if (closed) {
            throw new IllegalStateException("SecretValue is closed");
        }
        return value;
    }

    /**
     * Two open holders are equal when their values are, compared in time independent of where they differ. A closed
     * holder equals only itself.
     */
    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof SecretValue that) || closed || that.closed) {
            return false;
        }
        return MessageDigest.isEqual(value, that.value);
    }

    /** Constant: a hash of the value would leak information about it, and holders do not belong in hash sets. */
    @Override
    public int hashCode() {
        return 0;
    }

    @Override
    public String toString() {
        return "SecretValue[****]";
    }
}
