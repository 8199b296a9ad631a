package io.tokenvault.simulator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static io.tokenvault.simulator.HttpProbe.json;
import static org.assertj.core.api.Assertions.assertThat;

class RefreshTest {

    private final SimulatorClock clock = SimulatorClock.fixedAt(Instant.parse("2030-01-01T00:00:00Z"));
    private final HttpProbe http = new HttpProbe();
    private ProviderSimulator sim;
    private Behaviour behaviour;

    @BeforeEach
    void start() {
        sim = ProviderSimulator.start(clock);
        behaviour = sim.registerClient("app", "secret").behaviour();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void refreshWithoutRotationKeepsTheRefreshTokenAndOmitsIt() {
        SeededGrant grant = sim.issueGrant("app", "alice", "drive.readonly");

        HttpResponse<String> first = http.refresh(sim, "app", "secret", grant.refreshToken());
        HttpResponse<String> second = http.refresh(sim, "app", "secret", grant.refreshToken());

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(200);
        Map<String, Object> body = json(first);
        assertThat(body).containsEntry("token_type", "Bearer").containsEntry("expires_in", 3600L)
                .containsEntry("scope", "drive.readonly").doesNotContainKey("refresh_token");
        assertThat(body.get("access_token")).isNotEqualTo(grant.accessToken()).isNotEqualTo(json(second).get("access_token"));
        assertThat(first.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(sim.currentRefreshToken(grant.grantId())).hasValue(grant.refreshToken());
    }

    @Test
    void echoRefreshTokenRepeatsTheSameToken() {
        behaviour.echoRefreshToken(true);
        SeededGrant grant = sim.issueGrant("app", "alice", "drive.readonly");

        assertThat(json(http.refresh(sim, "app", "secret", grant.refreshToken())))
                .containsEntry("refresh_token", grant.refreshToken());
    }

    @Test
    void rotationIssuesANewRefreshTokenAndSpendsTheOldOne() {
        behaviour.rotateRefreshTokens(true);
        SeededGrant grant = sim.issueGrant("app", "alice", "drive.readonly");

        Map<String, Object> rotated = json(http.refresh(sim, "app", "secret", grant.refreshToken()));
        String refresh2 = (String) rotated.get("refresh_token");
        HttpResponse<String> replay = http.refresh(sim, "app", "secret", grant.refreshToken());

        assertThat(refresh2).isNotBlank().isNotEqualTo(grant.refreshToken());
        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(json(replay)).containsEntry("error", "invalid_grant");
        assertThat(sim.isGrantAlive(grant.grantId())).as("no reuse detection: grant lives").isTrue();
        assertThat(http.refresh(sim, "app", "secret", refresh2).statusCode()).isEqualTo(200);
        assertThat(sim.grantOf(grant.refreshToken()).orElseThrow().id()).isEqualTo(grant.grantId());
    }

    @Test
    void reuseOfASpentRefreshTokenRevokesTheWholeGrant() {
        behaviour.rotateRefreshTokens(true).reuseDetection(true);
        SeededGrant grant = sim.issueGrant("app", "alice", "drive.readonly");
        Map<String, Object> rotated = json(http.refresh(sim, "app", "secret", grant.refreshToken()));

        HttpResponse<String> replay = http.refresh(sim, "app", "secret", grant.refreshToken());

        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(sim.isGrantAlive(grant.grantId())).isFalse();
        assertThat(sim.grant(grant.grantId()).orElseThrow().endReason()).hasValue(Refusal.REUSE_DETECTED);
        assertThat(http.refresh(sim, "app", "secret", (String) rotated.get("refresh_token")).statusCode())
                .as("the newest refresh token died with its grant").isEqualTo(400);
        assertThat(http.getWithBearer(sim.userinfoEndpoint(), (String) rotated.get("access_token")).statusCode())
                .as("access tokens too").isEqualTo(401);
    }

    @Test
    void withinTheReuseGraceTheOldTokenGetsTheCurrentTokensAgain() {
        behaviour.rotateRefreshTokens(true).reuseDetection(true).reuseGracePeriod(Duration.ofSeconds(60));
        SeededGrant grant = sim.issueGrant("app", "alice", "drive.readonly");
        Map<String, Object> rotated = json(http.refresh(sim, "app", "secret", grant.refreshToken()));

        clock.advance(Duration.ofSeconds(60));
        Map<String, Object> replayed = json(http.refresh(sim, "app", "secret", grant.refreshToken()));

        assertThat(replayed).isEqualTo(rotated);
        assertThat(sim.isGrantAlive(grant.grantId())).isTrue();

        clock.advance(Duration.ofSeconds(1));
        assertThat(http.refresh(sim, "app", "secret", grant.refreshToken()).statusCode()).isEqualTo(400);
        assertThat(sim.isGrantAlive(grant.grantId())).as("after the grace, reuse detection").isFalse();
    }

    @Test
    void withinTheReuseGraceAFreshPairCanBeIssuedInstead() {
        behaviour.rotateRefreshTokens(true).reuseGracePeriod(Duration.ofSeconds(60))
                .reuseGraceAnswer(ReuseGraceAnswer.FRESH_PAIR);
        SeededGrant grant = sim.issueGrant("app", "alice", "drive.readonly");
        Map<String, Object> rotated = json(http.refresh(sim, "app", "secret", grant.refreshToken()));

        Map<String, Object> replayed = json(http.refresh(sim, "app", "secret", grant.refreshToken()));

        assertThat(replayed.get("refresh_token")).isNotEqualTo(rotated.get("refresh_token"));
        assertThat(sim.currentRefreshToken(grant.grantId())).hasValue((String) replayed.get("refresh_token"));
    }

    @Test
    void refreshTokenMaxAgeExpiresTheGrantOnTheSimulatorClock() {
        behaviour.refreshTokenMaxAge(Duration.ofDays(7)).errorStyle(ErrorStyle.GOOGLE).announceRefreshTokenExpiry(true);
        SeededGrant grant = sim.issueGrant("app", "alice", "drive.readonly");

        clock.advance(Duration.ofDays(7).minusSeconds(1));
        HttpResponse<String> lastDay = http.refresh(sim, "app", "secret", grant.refreshToken());
        clock.advance(Duration.ofSeconds(1));
        HttpResponse<String> expired = http.refresh(sim, "app", "secret", grant.refreshToken());

        assertThat(lastDay.statusCode()).isEqualTo(200);
        assertThat(json(lastDay)).containsEntry("refresh_token_expires_in", 1L);
        assertThat(expired.statusCode()).isEqualTo(400);
        assertThat(json(expired)).containsEntry("error", "invalid_grant")
                .containsEntry("error_description", "Token has been expired or revoked.");
        assertThat(sim.grant(grant.grantId()).orElseThrow().endReason()).hasValue(Refusal.EXPIRED);
    }

    @Test
    void idleRefreshTokensExpireForInactivity() {
        behaviour.refreshTokenIdleTimeout(Duration.ofDays(90)).errorStyle(ErrorStyle.MICROSOFT);
        SeededGrant grant = sim.issueGrant("app", "alice", "Files.Read");
        clock.advance(Duration.ofDays(89));
        assertThat(http.refresh(sim, "app", "secret", grant.refreshToken()).statusCode()).isEqualTo(200);

        clock.advance(Duration.ofDays(90));
        HttpResponse<String> idle = http.refresh(sim, "app", "secret", grant.refreshToken());

        assertThat(json(idle).get("error_description").toString()).startsWith("AADSTS700082:");
    }

    @Test
    void expiresInCountsFromAnEarlierIssuance() {
        behaviour.issuedBeforeResponse(Duration.ofMinutes(10));
        SeededGrant grant = sim.issueGrant("app", "alice", "drive.readonly");
        Map<String, Object> body = json(http.refresh(sim, "app", "secret", grant.refreshToken()));
        String accessToken = (String) body.get("access_token");

        assertThat(body).containsEntry("expires_in", 3600L);
        clock.advance(Duration.ofMinutes(50).minusSeconds(1));
        assertThat(http.getWithBearer(sim.userinfoEndpoint(), accessToken).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(1));
        assertThat(http.getWithBearer(sim.userinfoEndpoint(), accessToken).statusCode())
                .as("dead 50 minutes after the answer, not 60").isEqualTo(401);
    }

    @Test
    void omittedExpiresIn() {
        behaviour.omitExpiresIn(true).returnScope(false);
        SeededGrant grant = sim.issueGrant("app", "alice", "drive.readonly");

        assertThat(json(http.refresh(sim, "app", "secret", grant.refreshToken())))
                .doesNotContainKeys("expires_in", "scope").containsKey("access_token");
    }

    @Test
    void refreshMayNarrowButNotWidenTheScope() {
        SeededGrant grant = sim.issueGrant("app", "alice", "a", "b");
        HttpResponse<String> narrow = http.post(sim.tokenEndpoint(), HttpProbe.withCredentials("app", "secret",
                "grant_type", "refresh_token", "refresh_token", grant.refreshToken(), "scope", "a"));
        HttpResponse<String> wide = http.post(sim.tokenEndpoint(), HttpProbe.withCredentials("app", "secret",
                "grant_type", "refresh_token", "refresh_token", grant.refreshToken(), "scope", "a c"));

        assertThat(json(narrow)).containsEntry("scope", "a");
        assertThat(wide.statusCode()).isEqualTo(400);
        assertThat(json(wide)).containsEntry("error", "invalid_scope");
    }

    @Test
    void unknownOrForeignRefreshTokensAreInvalidGrant() {
        sim.registerClient("other", "other-secret");
        SeededGrant foreign = sim.issueGrant("other", "alice", "a");

        assertThat(json(http.refresh(sim, "app", "secret", "no-such-token"))).containsEntry("error", "invalid_grant");
        assertThat(json(http.refresh(sim, "app", "secret", foreign.refreshToken()))).containsEntry("error", "invalid_grant");
        assertThat(sim.isGrantAlive(foreign.grantId())).isTrue();
    }

    @Test
    void aFreshConsentOfTheSameUserCanSupersedeTheOldGrant() {
        behaviour.newConsentRevokesPreviousGrants(true);
        SeededGrant old = sim.issueGrant("app", "alice", "a");
        SeededGrant wider = sim.issueGrant("app", "alice", "a", "b");

        assertThat(sim.isGrantAlive(old.grantId())).isFalse();
        assertThat(sim.grant(old.grantId()).orElseThrow().endReason()).hasValue(Refusal.SUPERSEDED);
        assertThat(http.refresh(sim, "app", "secret", wider.refreshToken()).statusCode()).isEqualTo(200);
        assertThat(http.refresh(sim, "app", "secret", old.refreshToken()).statusCode()).isEqualTo(400);
    }

    @Test
    void withoutSupersedingGrantsOfOneUserLiveSideBySideUpToTheBudget() {
        SeededGrant first = sim.issueGrant("app", "alice", "a");
        SeededGrant second = sim.issueGrant("app", "alice", "a", "b");
        assertThat(sim.isGrantAlive(first.grantId())).isTrue();

        behaviour.maxGrantsPerUser(2);
        sim.issueGrant("app", "alice", "a");

        assertThat(sim.grant(first.grantId()).orElseThrow().endReason()).hasValue(Refusal.GRANT_EVICTED);
        assertThat(sim.isGrantAlive(second.grantId())).isTrue();
        assertThat(sim.grants("app", "alice")).hasSize(3);
    }
}
