package io.tokenvault.simulator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static io.tokenvault.simulator.HttpProbe.json;
import static org.assertj.core.api.Assertions.assertThat;

class ControlApiTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private final ProviderSimulator sim = ProviderSimulator.start(SimulatorClock.fixedAt(T0));
    private final HttpProbe http = new HttpProbe();

    @AfterEach
    void stop() {
        sim.close();
    }

    private URI sim(String path) {
        return sim.baseUrl().resolve("/sim/" + path);
    }

    @Test
    void aBenchmarkCanSetUpAndInspectEverythingOverHttp() {
        HttpResponse<String> registered = http.postJson(sim("clients"), """
                {"clientId":"bench","secrets":["s1"],"redirectUris":["https://vault.example/cb"],
                 "behaviour":{"rotateRefreshTokens":true,"errorStyle":"GOOGLE","accessTokenLifetimeSeconds":600}}""");
        assertThat(registered.statusCode()).isEqualTo(201);
        assertThat(sim.client("bench").behaviour().accessTokenLifetime()).isEqualTo(Duration.ofMinutes(10));

        Map<String, Object> grant = json(http.postJson(sim("grants"),
                "{\"clientId\":\"bench\",\"userId\":\"u1\",\"scopes\":[\"a\"]}"));
        String refreshToken = (String) grant.get("refreshToken");
        assertThat(http.refresh(sim, "bench", "s1", refreshToken).statusCode()).isEqualTo(200);

        Map<String, Object> counters = json(http.get(sim("counters")));
        assertThat(counters).containsEntry("tokenCalls", 1L).containsEntry("refreshSuccesses", 1L);
        assertThat(json(http.get(sim("grants/" + grant.get("grantId"))))).containsEntry("alive", true)
                .containsEntry("refreshTokensIssued", 2L);

        assertThat(json(http.postJson(sim("clock/advance"), "{\"seconds\":3600}"))).containsEntry("now", "2030-01-01T01:00:00Z");
        assertThat(sim.clock().instant()).isEqualTo(T0.plus(Duration.ofHours(1)));

        http.postJson(sim("counters/reset"), "");
        assertThat(sim.tokenCalls()).isZero();
    }

    @Test
    void behaviourFailuresAndForcedErrorsOverHttp() {
        sim.registerClient("bench", "s1");
        SeededGrant grant = sim.issueGrant("bench", "u1", "a");

        http.postJson(sim("clients/bench/behaviour"),
                "{\"failures\":[{\"type\":\"server_error\",\"status\":502,\"count\":2},{\"type\":\"rate_limited\",\"retryAfterSeconds\":7}]}");
        assertThat(http.refresh(sim, "bench", "s1", grant.refreshToken()).statusCode()).isEqualTo(502);
        assertThat(http.refresh(sim, "bench", "s1", grant.refreshToken()).statusCode()).isEqualTo(502);
        assertThat(http.refresh(sim, "bench", "s1", grant.refreshToken()).headers().firstValue("Retry-After")).hasValue("7");

        http.postJson(sim("grants/" + grant.grantId() + "/error"), "{\"microsoft\":50076}");
        assertThat(json(http.refresh(sim, "bench", "s1", grant.refreshToken())).get("error_description").toString())
                .startsWith("AADSTS50076");
        http.postJson(sim("grants/" + grant.grantId() + "/error/clear"), "");
        assertThat(http.refresh(sim, "bench", "s1", grant.refreshToken()).statusCode()).isEqualTo(200);

        assertThat(json(http.postJson(sim("users/u1/password-changed"), ""))).containsEntry("revoked", 1L);
        assertThat(sim.isGrantAlive(grant.grantId())).isFalse();
    }

    @Test
    void secretsCanBeRotatedOverHttp() {
        sim.registerClient("bench", "old");
        http.postJson(sim("clients/bench/secrets"), "{\"secret\":\"new\"}");
        http.postJson(sim("clients/bench/secrets/remove"), "{\"secret\":\"old\"}");

        assertThat(sim.client("bench").secretCount()).isEqualTo(1);
        assertThat(http.post(sim.tokenEndpoint(), HttpProbe.withCredentials("bench", "new",
                "grant_type", "client_credentials")).statusCode()).isEqualTo(200);
    }

    @Test
    void mistakesAreReportedNotIgnored() {
        sim.registerClient("bench", "s1");

        HttpResponse<String> unknownField = http.postJson(sim("clients/bench/behaviour"), "{\"rotate\":true}");
        HttpResponse<String> unknownClient = http.get(sim("clients/ghost/behaviour"));
        HttpResponse<String> unknownPath = http.get(sim("nothing"));

        assertThat(unknownField.statusCode()).isEqualTo(400);
        assertThat(json(unknownField).get("error").toString()).contains("rotate");
        assertThat(unknownClient.statusCode()).isEqualTo(404);
        assertThat(unknownPath.statusCode()).isEqualTo(404);
    }

    @Test
    void behaviourRoundTrips() {
        sim.registerClient("bench", "s1");
        Map<String, Object> before = json(http.get(sim("clients/bench/behaviour")));

        http.postJson(sim("clients/bench/behaviour"), """
                {"consent":{"decision":"GRANT_SUBSET","scopes":["a"]},"refreshTokenMaxAgeSeconds":604800,
                 "offlineAccessRule":"GOOGLE_ACCESS_TYPE_OFFLINE","clockSkewSeconds":-300,"accessTokenFormat":"JWT",
                 "randomFailures":{"serverErrorRatio":0.1,"timeoutRatio":0,"seed":7}}""");
        Behaviour b = sim.client("bench").behaviour();

        assertThat(before).containsEntry("refreshTokenMaxAgeSeconds", null);
        assertThat(b.consent()).isEqualTo(Consent.grantOnly("a"));
        assertThat(b.refreshTokenMaxAge()).hasValue(Duration.ofDays(7));
        assertThat(b.offlineAccessRule()).isEqualTo(OfflineAccessRule.GOOGLE_ACCESS_TYPE_OFFLINE);
        assertThat(b.clockSkew()).isEqualTo(Duration.ofMinutes(-5));
        assertThat(b.accessTokenFormat()).isEqualTo(AccessTokenFormat.JWT);
        assertThat(b.randomFailures()).hasValueSatisfying(r -> assertThat(r.seed()).isEqualTo(7));
    }
}
