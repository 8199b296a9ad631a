package io.tokenvault.crypto.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class AssociatedDataTest {

    @Test
    void encodesLengthPrefixedFieldsAfterAVersionLabel() {
        byte[] bytes = AssociatedData.of("t1", "client_secret", "7").toBytes();

        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(
                "00000011" + hex("tokenvault.aad.v1")
                        + "00000002" + hex("t1")
                        + "0000000d" + hex("client_secret")
                        + "00000001" + hex("7"));
    }

    @Test
    void fieldBoundariesCannotBeShifted() {
        assertThat(AssociatedData.of("ab", "refresh_token", "c").toBytes())
                .isNotEqualTo(AssociatedData.of("a", "refresh_token", "bc").toBytes())
                .isNotEqualTo(AssociatedData.of("ab", "refresh_token", "c\0").toBytes());
        assertThat(AssociatedData.of("t", "refresh_token", "1").toBytes())
                .isNotEqualTo(AssociatedData.of("t", "access_token", "1").toBytes());
    }

    @Test
    void keysetBindingIsSeparateFromValueBindings() {
        byte[] keyset = AssociatedData.forWrappedKeyset("t", new byte[0]);

        assertThat(keyset).isNotEqualTo(AssociatedData.of("t", "keyset", "x").toBytes());
        assertThat(HexFormat.of().formatHex(keyset)).startsWith("00000014" + hex("tokenvault.keyset.v1"));
    }

    @Test
    void rejectsEmptyOrAmbiguousParts() {
        assertThatThrownBy(() -> AssociatedData.of("", "refresh_token", "1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AssociatedData.of("t", "", "1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AssociatedData.of("t", "Refresh Token", "1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AssociatedData.of("t", "refresh_token", ""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AssociatedData.of("t\uD800", "refresh_token", "1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("surrogate");
        assertThatThrownBy(() -> AssociatedData.of("t", "refresh_token", "\uDC00x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("surrogate");
        assertThat(AssociatedData.of("t\uD83D\uDE00", "refresh_token", "1").toBytes()).isNotEmpty();
        for (String bad : new String[] {"1token", "_token", "token-x", "tökén", "a".repeat(65)}) {
            assertThatThrownBy(() -> AssociatedData.of("t", bad, "1")).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        for (String good : new String[] {"a", "webhook_secret", "x9_", "a".repeat(64)}) {
            assertThat(AssociatedData.of("t", good, "1").purpose()).isEqualTo(good);
        }
        assertThatThrownBy(() -> AssociatedData.of(null, "refresh_token", "1"))
                .isInstanceOf(NullPointerException.class);
    }

    private static String hex(String ascii) {
        return HexFormat.of().formatHex(ascii.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
}
