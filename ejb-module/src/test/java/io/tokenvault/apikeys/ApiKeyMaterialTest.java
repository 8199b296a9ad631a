package io.tokenvault.apikeys;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenvault.apikeys.control.ApiKeyMaterial;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeyMaterialTest {

    @Test
    void keysCarry256RandomBits() {
        String key = ApiKeyMaterial.generate();
        assertThat(key).startsWith("tvk_");
        assertThat(Base64.getUrlDecoder().decode(key.substring(4))).hasSize(32);
        assertThat(ApiKeyMaterial.looksLikeKey(key)).isTrue();
    }

    @Test
    void keysAreUnique() {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            keys.add(ApiKeyMaterial.generate());
        }
        assertThat(keys).hasSize(1000);
    }

    @Test
    void hashIsStableHexSha256AndRevealsNothing() {
        String key = ApiKeyMaterial.generate();
        String hash = ApiKeyMaterial.hash(key);
        assertThat(hash).hasSize(64).matches("[0-9a-f]+").isEqualTo(ApiKeyMaterial.hash(key));
        assertThat(hash).doesNotContain(key.substring(4, 12));
        assertThat(ApiKeyMaterial.hash(key + "x")).isNotEqualTo(hash);
    }

    @Test
    void displayPrefixIsTooShortToUse() {
        String key = ApiKeyMaterial.generate();
        assertThat(ApiKeyMaterial.displayPrefix(key)).hasSize(10).isEqualTo(key.substring(0, 10));
    }

    @Test
    void rejectsValuesThatCannotBeKeys() {
        assertThat(ApiKeyMaterial.looksLikeKey(null)).isFalse();
        assertThat(ApiKeyMaterial.looksLikeKey("tvk_short")).isFalse();
        assertThat(ApiKeyMaterial.looksLikeKey("Bearer tvk_" + "a".repeat(43))).isFalse();
        assertThat(ApiKeyMaterial.looksLikeKey("tvk_" + "a".repeat(500))).isFalse();
    }

    @Test
    void operatorChosenKeysNeedNotLookGenerated() {
        assertThat(ApiKeyMaterial.looksLikeKey("correct-horse-battery-staple-2026")).isTrue();
        assertThat(ApiKeyMaterial.looksLikeKey("only-15-chars!!")).isFalse();
        assertThat(ApiKeyMaterial.looksLikeKey("has a space in it somewhere")).isFalse();
    }
}
