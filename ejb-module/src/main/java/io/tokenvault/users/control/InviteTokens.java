package io.tokenvault.users.control;

import io.tokenvault.crypto.control.Hashes;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * One-time invitation tokens: 256 random bits in base64url, handed out once in the invitation link and stored only as
 * their SHA-256 hash (like API keys: with that much entropy a fast hash is enough).
 */
public final class InviteTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private InviteTokens() {
    }

    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String hash(String token) {
        return Hashes.sha256Hex(token);
    }

    /** Whether a presented value could be a token at all (checked before any lookup). */
    public static boolean looksLikeToken(String value) {
        return value != null && value.length() == 43 && value.chars().allMatch(c -> Character.isLetterOrDigit(c)
                && c < 128 || c == '-' || c == '_');
    }
}
