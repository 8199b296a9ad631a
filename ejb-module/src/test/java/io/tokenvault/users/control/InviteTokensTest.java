package io.tokenvault.users.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InviteTokensTest {

    @Test
    void tokensAre256RandomBitsInBase64Url() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String token = InviteTokens.generate();
            assertThat(token).hasSize(43).matches("[A-Za-z0-9_-]+");
            assertThat(InviteTokens.looksLikeToken(token)).isTrue();
            assertThat(seen.add(token)).isTrue();
        }
    }

    @Test
    void tokensAreStoredAsSha256HashesNeverAsThemselves() {
        String token = InviteTokens.generate();
        assertThat(InviteTokens.hash(token)).hasSize(64).matches("[0-9a-f]+").isNotEqualTo(token)
                .isEqualTo(InviteTokens.hash(token));
    }

    @Test
    void anythingElseIsNotATokenAndIsNeverLookedUp() {
        assertThat(InviteTokens.looksLikeToken(null)).isFalse();
        assertThat(InviteTokens.looksLikeToken("")).isFalse();
        assertThat(InviteTokens.looksLikeToken("short")).isFalse();
        assertThat(InviteTokens.looksLikeToken("x".repeat(42) + "'")).isFalse();
        assertThat(InviteTokens.looksLikeToken("é".repeat(43))).isFalse();
    }
}
