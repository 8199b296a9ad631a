package io.tokenvault.crypto.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretValueTest {

    @Test
    void toStringNeverShowsTheValue() {
        try (SecretValue secret = SecretValue.of("s3cr3t-client-secret")) {
            assertThat(secret).hasToString("SecretValue[****]");
            assertThat(String.valueOf(secret)).doesNotContain("s3cr3t");
        }
    }

    @Test
    void revealsTheValueUntilClosed() {
        SecretValue secret = SecretValue.of("gho_tökén");

        assertThat(secret.reveal()).isEqualTo("gho_tökén");
        assertThat(secret.length()).isEqualTo("gho_tökén".getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        secret.close();

        assertThat(secret.isClosed()).isTrue();
        assertThatThrownBy(secret::reveal).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(secret::revealBytes).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(secret::fingerprint).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closeZeroesTheHeldBytes() {
        byte[] held = {7, 8, 9};
        SecretValue secret = new SecretValue(held);

        secret.close();
        secret.close();

        assertThat(held).containsOnly(0);
    }

    @Test
    void copiesArraysItIsGiven() {
        byte[] given = {1, 2, 3};
        try (SecretValue secret = SecretValue.of(given)) {
            given[0] = 42;
            byte[] revealed = secret.revealBytes();
            revealed[1] = 42;

            assertThat(secret.revealBytes()).containsExactly(1, 2, 3);
        }
    }

    @Test
    void fingerprintIsTheSha256PrefixInHex() {
        try (SecretValue secret = SecretValue.of("abc")) {
            // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
            assertThat(secret.fingerprint()).isEqualTo("sha256:ba7816bf8f01cfea");
        }
    }

    @Test
    void equalsComparesValuesAndAClosedValueOnlyItself() {
        SecretValue a = SecretValue.of("same");
        SecretValue b = SecretValue.of("same");
        SecretValue longer = SecretValue.of("same!");
        SecretValue other = SecretValue.of("diff");

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(longer).isNotEqualTo(other);
        b.close();
        assertThat(a).isNotEqualTo(b);
        assertThat(b).isEqualTo(b);
    }
}
