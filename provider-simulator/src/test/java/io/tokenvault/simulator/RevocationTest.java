package io.tokenvault.simulator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Instant;

import static io.tokenvault.simulator.HttpProbe.json;
import static org.assertj.core.api.Assertions.assertThat;

class RevocationTest {

    private final ProviderSimulator sim = ProviderSimulator.start(SimulatorClock.fixedAt(Instant.parse("2030-01-01T00:00:00Z")));
    private final HttpProbe http = new HttpProbe();

    @BeforeEach
    void clients() {
        sim.registerClient("app", "secret");
        sim.registerClient("other", "secret");
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void revokingARefreshTokenKillsTheGrantAndItsAccessTokens() {
        SeededGrant grant = sim.issueGrant("app", "alice", "a");

        HttpResponse<String> revoked = http.postBasic(sim.revocationEndpoint(), "app", "secret",
                "token", grant.refreshToken(), "token_type_hint", "refresh_token");

        assertThat(revoked.statusCode()).isEqualTo(200);
        assertThat(sim.isGrantAlive(grant.grantId())).isFalse();
        assertThat(http.getWithBearer(sim.userinfoEndpoint(), grant.accessToken()).statusCode()).isEqualTo(401);
        assertThat(sim.counters().revocations()).isEqualTo(1);
    }

    @Test
    void revokingAnAccessTokenRevokesItsGrant() {
        SeededGrant grant = sim.issueGrant("app", "alice", "a");

        assertThat(http.post(sim.revocationEndpoint(), HttpProbe.withCredentials("app", "secret",
                "token", grant.accessToken())).statusCode()).isEqualTo(200);

        assertThat(sim.isGrantAlive(grant.grantId())).isFalse();
    }

    @Test
    void unknownTokensAreAcceptedButAWrongSecretIsNot() {
        assertThat(http.post(sim.revocationEndpoint(), HttpProbe.withCredentials("app", "secret",
                "token", "never-issued")).statusCode()).isEqualTo(200);
        HttpResponse<String> wrongSecret = http.post(sim.revocationEndpoint(), HttpProbe.withCredentials("app", "nope",
                "token", "never-issued"));
        assertThat(wrongSecret.statusCode()).isEqualTo(401);
        assertThat(json(wrongSecret)).containsEntry("error", "invalid_client");
    }

    @Test
    void anotherClientsTokenIsNotRevoked() {
        SeededGrant grant = sim.issueGrant("other", "alice", "a");

        HttpResponse<String> response = http.post(sim.revocationEndpoint(), HttpProbe.withCredentials("app", "secret",
                "token", grant.refreshToken()));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(sim.isGrantAlive(grant.grantId())).isTrue();
    }

    @Test
    void userRevocationForOneAppOrAll() {
        SeededGrant appAlice = sim.issueGrant("app", "alice", "a");
        SeededGrant otherAlice = sim.issueGrant("other", "alice", "a");
        SeededGrant appBob = sim.issueGrant("app", "bob", "a");

        assertThat(sim.revokeUser("app", "alice")).isEqualTo(1);
        assertThat(sim.isGrantAlive(otherAlice.grantId())).isTrue();
        assertThat(sim.revokeUser("alice")).isEqualTo(1);

        assertThat(sim.isGrantAlive(appAlice.grantId())).isFalse();
        assertThat(sim.isGrantAlive(otherAlice.grantId())).isFalse();
        assertThat(sim.isGrantAlive(appBob.grantId())).isTrue();
        assertThat(json(http.refresh(sim, "app", "secret", appAlice.refreshToken()))).containsEntry("error", "invalid_grant");
    }

    @Test
    void adminRevocationKillsEveryGrantOfTheClient() {
        sim.client("app").behaviour().errorStyle(ErrorStyle.MICROSOFT);
        SeededGrant alice = sim.issueGrant("app", "alice", "a");
        sim.issueGrant("app", "bob", "a");
        SeededGrant other = sim.issueGrant("other", "carol", "a");

        assertThat(sim.revokeClient("app")).isEqualTo(2);

        assertThat(json(http.refresh(sim, "app", "secret", alice.refreshToken())).get("error_description").toString())
                .startsWith("AADSTS65001:");
        assertThat(sim.grant(alice.grantId()).orElseThrow().endReason()).hasValue(Refusal.ADMIN_REVOKED);
        assertThat(sim.isGrantAlive(other.grantId())).isTrue();
    }

    @Test
    void currentRefreshTokenIsEmptyOnceRevoked() {
        SeededGrant grant = sim.issueGrant("app", "alice", "a");
        assertThat(sim.currentRefreshToken(grant.grantId())).hasValue(grant.refreshToken());

        assertThat(sim.revokeGrant(grant.grantId())).isTrue();
        assertThat(sim.revokeGrant(grant.grantId())).as("already dead").isFalse();

        assertThat(sim.currentRefreshToken(grant.grantId())).isEmpty();
    }
}
