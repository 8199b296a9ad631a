package io.tokenvault.apikeys.control;

import io.tokenvault.crypto.control.Hashes;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Making and recognising API key values. A key is {@code tvk_} followed by 256 random bits in base64url; it is stored
 * as its SHA-256 hash. A fast hash is right here: with 256 bits of entropy there is nothing to brute-force, and a slow
 * hash would cost every API call.
 */
public final class ApiKeyMaterial {

    public static final String PREFIX = "tvk_";
    private static final int KEY_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeyMaterial() {
    }

    /** A new random key value. */
    public static String generate() {
        byte[] bytes = new byte[KEY_BYTES];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The hex SHA-256 hash under which a key value is stored and looked up. */
    public static String hash(String key) {
        return Hashes.sha256Hex(key);
    }

    /** The first characters of a key, enough to recognise it in a list, far too few to use it. */
    public static String displayPrefix(String key) {
        return key.substring(0, Math.min(key.length(), PREFIX.length() + 6));
    }

    /** The shortest operator-chosen key ({@code TOKENVAULT_ADMIN_KEY}) that is accepted. */
    public static final int MIN_LENGTH = 16;
    static final int MAX_LENGTH = 256;

    /**
     * Whether a presented value could be a key at all (a cheap check before any hashing or lookup): generated keys
     * and operator-chosen ones alike, 16 to 256 printable characters without spaces.
     */
    public static boolean looksLikeKey(String value) {
        return value != null && value.length() >= MIN_LENGTH && value.length() <= MAX_LENGTH
                && value.chars().allMatch(c -> c > ' ' && c < 127);
    }
}
