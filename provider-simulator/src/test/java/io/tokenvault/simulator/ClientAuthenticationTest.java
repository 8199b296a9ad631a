package io.tokenvault.simulator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static io.tokenvault.simulator.HttpProbe.json;
import static org.assertj.core.api.Assertions.assertThat;

class ClientAuthenticationTest {

    private final ProviderSimulator sim = ProviderSimulator.start(SimulatorClock.fixedAt(Instant.parse("2030-01-01T00:00:00Z")));
    private final HttpProbe http = new HttpProbe();

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void basicAndPostAuthenticationBothWork() {
        sim.registerClient("app", "s3cr:t+/%");
        SeededGrant grant = sim.issueGrant("app", "alice", "a");

        HttpResponse<String> basic = http.postBasic(sim.tokenEndpoint(), "app", "s3cr:t+/%",
                "grant_type", "refresh_token", "refresh_token", grant.refreshToken());
        HttpResponse<String> post = http.refresh(sim, "app", "s3cr:t+/%", grant.refreshToken());

        assertThat(basic.statusCode()).isEqualTo(200);
        assertThat(post.statusCode()).isEqualTo(200);
    }

    @Test
    void wrongSecretIsInvalidClient401WithChallengeForBasic() {
        sim.registerClient("app", "right");
        SeededGrant grant = sim.issueGrant("app", "alice", "a");

        HttpResponse<String> basic = http.postBasic(sim.tokenEndpoint(), "app", "wrong",
                "grant_type", "refresh_token", "refresh_token", grant.refreshToken());
        HttpResponse<String> post = http.refresh(sim, "app", "wrong", grant.refreshToken());

        assertThat(basic.statusCode()).isEqualTo(401);
        assertThat(json(basic)).containsEntry("error", "invalid_client");
        assertThat(basic.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        assertThat(post.statusCode()).isEqualTo(401);
        assertThat(json(post)).containsEntry("error", "invalid_client");
        assertThat(sim.counters().refreshFailures()).isEqualTo(2);
    }

    @Test
    void severalSecretsAreValidAtOnceForZeroDowntimeRotation() {
        SimulatedClient client = sim.registerClient("app", "old");
        SeededGrant grant = sim.issueGrant("app", "alice", "a");

        client.addSecret("new");
        assertThat(http.refresh(sim, "app", "old", grant.refreshToken()).statusCode()).isEqualTo(200);
        assertThat(http.refresh(sim, "app", "new", grant.refreshToken()).statusCode()).isEqualTo(200);

        client.removeSecret("old");
        assertThat(http.refresh(sim, "app", "old", grant.refreshToken()).statusCode()).isEqualTo(401);
        assertThat(http.refresh(sim, "app", "new", grant.refreshToken()).statusCode()).isEqualTo(200);
    }

    @Test
    void microsoftStyleWrongSecretCarriesAadsts7000215() {
        sim.registerClient("app", "right").behaviour().errorStyle(ErrorStyle.MICROSOFT);

        HttpResponse<String> response = http.post(sim.tokenEndpoint(), HttpProbe.withCredentials("app", "wrong",
                "grant_type", "client_credentials"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response)).containsEntry("error", "invalid_client");
        assertThat(json(response).get("error_description").toString()).startsWith("AADSTS7000215:");
    }

    @Test
    void unknownClientIsInvalidClient() {
        HttpResponse<String> response = http.post(sim.tokenEndpoint(), HttpProbe.withCredentials("ghost", "x",
                "grant_type", "client_credentials"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json(response)).containsEntry("error", "invalid_client");
    }

    @Test
    void twoAuthenticationMethodsAtOnceAreRefused() {
        sim.registerClient("app", "secret");

        HttpResponse<String> response = http.postBasic(sim.tokenEndpoint(), "app", "secret",
                "grant_type", "client_credentials", "client_secret", "secret");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response)).containsEntry("error", "invalid_request");
    }

    @Test
    void repeatedParametersAndUnknownGrantTypesAreRefused() {
        sim.registerClient("app", "secret");

        HttpResponse<String> repeated = http.post(sim.tokenEndpoint(), HttpProbe.withCredentials("app", "secret",
                "grant_type", "client_credentials", "grant_type", "client_credentials"));
        HttpResponse<String> unknown = http.post(sim.tokenEndpoint(), HttpProbe.withCredentials("app", "secret",
                "grant_type", "password"));
        HttpResponse<String> get = http.get(sim.tokenEndpoint());

        assertThat(json(repeated)).containsEntry("error", "invalid_request");
        assertThat(json(unknown)).containsEntry("error", "unsupported_grant_type");
        assertThat(get.statusCode()).isEqualTo(405);
    }

    @Test
    void clientCredentialsGrantVerifiesTheSecret() {
        sim.registerClient("app", "secret");

        HttpResponse<String> ok = http.post(sim.tokenEndpoint(), HttpProbe.withCredentials("app", "secret",
                "grant_type", "client_credentials", "scope", "api.read"));

        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(json(ok)).containsEntry("scope", "api.read").doesNotContainKey("refresh_token");
        assertThat(sim.counters().clientCredentialsGrants()).isEqualTo(1);
        assertThat(http.getWithBearer(sim.userinfoEndpoint(), (String) json(ok).get("access_token")).statusCode())
                .isEqualTo(200);
    }

    @Test
    void publicClientsAuthenticateWithTheirIdAlone() {
        sim.registerPublicClient("spa");
        SeededGrant grant = sim.issueGrant("spa", "alice", "a");

        HttpResponse<String> ok = http.post(sim.tokenEndpoint(),
                "client_id", "spa", "grant_type", "refresh_token", "refresh_token", grant.refreshToken());

        assertThat(ok.statusCode()).isEqualTo(200);
    }

    @Test
    void chunkedRequestBodiesAreRead() {
        sim.registerClient("app", "secret");
        byte[] body = HttpProbe.form("grant_type", "client_credentials", "client_id", "app", "client_secret", "secret")
                .getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(sim.tokenEndpoint())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));

        assertThat(response.statusCode()).isEqualTo(200);
    }
}
