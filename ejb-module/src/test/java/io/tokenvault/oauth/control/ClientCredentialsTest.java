package io.tokenvault.oauth.control;

import io.tokenvault.crypto.control.SecretValue;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientCredentialsTest {

    @Test
    void neverPrintsTheSecret() {
        ClientCredentials credentials = ClientCredentials.basic("app", SecretValue.of("hunter2-secret"));

        assertThat(credentials.toString()).contains("app", "client_secret_basic").doesNotContain("hunter2");
    }

    @Test
    void closingClearsTheSecret() {
        SecretValue secret = SecretValue.of("hunter2-secret");
        ClientCredentials credentials = ClientCredentials.post("app", secret);

        credentials.close();

        assertThat(secret.isClosed()).isTrue();
    }

    @Test
    void aConfidentialMethodNeedsASecretAndNoneTakesNone() {
        assertThatThrownBy(() -> new ClientCredentials("app", null, ClientCredentials.AuthMethod.CLIENT_SECRET_POST))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientCredentials("app", SecretValue.of("s"), ClientCredentials.AuthMethod.NONE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ClientCredentials.publicClient("spa").secret()).isNull();
    }

    @Test
    void wireNames() {
        assertThat(ClientCredentials.AuthMethod.fromWireName("client_secret_basic"))
                .isEqualTo(ClientCredentials.AuthMethod.CLIENT_SECRET_BASIC);
        assertThat(ClientCredentials.AuthMethod.fromWireName("NONE")).isEqualTo(ClientCredentials.AuthMethod.NONE);
        assertThatThrownBy(() -> ClientCredentials.AuthMethod.fromWireName("private_key_jwt"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
