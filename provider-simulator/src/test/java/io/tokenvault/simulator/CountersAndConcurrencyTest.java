package io.tokenvault.simulator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.tokenvault.simulator.HttpProbe.json;
import static org.assertj.core.api.Assertions.assertThat;

class CountersAndConcurrencyTest {

    private final ProviderSimulator sim = ProviderSimulator.start(SimulatorClock.fixedAt(Instant.parse("2030-01-01T00:00:00Z")));
    private final HttpProbe http = new HttpProbe();

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void countsCallsPerEndpointGrantAndToken() {
        sim.registerClient("app", "secret").behaviour().rotateRefreshTokens(true);
        SeededGrant grant = sim.issueGrant("app", "alice", "a");
        String second = (String) json(http.refresh(sim, "app", "secret", grant.refreshToken())).get("refresh_token");
        http.refresh(sim, "app", "secret", grant.refreshToken());
        http.refresh(sim, "app", "secret", second);
        http.getWithBearer(sim.userinfoEndpoint(), grant.accessToken());

        CallCounters counters = sim.counters();
        assertThat(sim.tokenCalls()).isEqualTo(3);
        assertThat(counters.tokenCalls("app")).isEqualTo(3);
        assertThat(counters.refreshCalls()).isEqualTo(3);
        assertThat(counters.refreshSuccesses()).isEqualTo(2);
        assertThat(counters.refreshFailures()).isEqualTo(1);
        assertThat(counters.refreshCallsForGrant(grant.grantId())).isEqualTo(3);
        assertThat(counters.refreshCallsWithToken(grant.refreshToken())).isEqualTo(2);
        assertThat(counters.refreshCallsWithToken(second)).isEqualTo(1);
        assertThat(counters.calls(Endpoint.USERINFO)).isEqualTo(1);

        sim.resetCounters();
        assertThat(sim.tokenCalls()).isZero();
        assertThat(counters.refreshCallsForGrant(grant.grantId())).isZero();
    }

    @Test
    void everyIssuedTokenIsListed() {
        sim.registerClient("app", "secret").behaviour().rotateRefreshTokens(true);
        SeededGrant grant = sim.issueGrant("app", "alice", "a");
        var body = json(http.refresh(sim, "app", "secret", grant.refreshToken()));

        assertThat(sim.issuedTokens()).contains(grant.accessToken(), grant.refreshToken(),
                (String) body.get("access_token"), (String) body.get("refresh_token"));
        assertThat(grant.toString()).doesNotContain(grant.refreshToken(), grant.accessToken());
    }

    @Test
    void manyConcurrentCallersAreAllServedAndCounted() throws Exception {
        sim.registerClient("app", "secret");
        List<SeededGrant> grants = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            grants.add(sim.issueGrant("app", "user-" + i, "a"));
        }
        ExecutorService callers = Executors.newFixedThreadPool(64);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                SeededGrant g = grants.get(i % grants.size());
                results.add(callers.submit(() -> http.refresh(sim, "app", "secret", g.refreshToken()).statusCode()));
            }
            for (Future<Integer> r : results) {
                assertThat(r.get(60, TimeUnit.SECONDS)).isEqualTo(200);
            }
        } finally {
            callers.shutdownNow();
        }

        assertThat(sim.tokenCalls()).isEqualTo(500);
        assertThat(sim.counters().refreshCallsForGrant(grants.get(0).grantId())).isEqualTo(10);
    }

    @Test
    void concurrentRefreshesWithOneRotatingTokenLetExactlyOneWin() throws Exception {
        sim.registerClient("app", "secret").behaviour().rotateRefreshTokens(true);
        SeededGrant grant = sim.issueGrant("app", "alice", "a");
        ExecutorService callers = Executors.newFixedThreadPool(32);
        List<Future<HttpResponse<String>>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                results.add(callers.submit(() -> http.refresh(sim, "app", "secret", grant.refreshToken())));
            }
            int ok = 0;
            for (Future<HttpResponse<String>> r : results) {
                ok += r.get(60, TimeUnit.SECONDS).statusCode() == 200 ? 1 : 0;
            }
            assertThat(ok).isEqualTo(1);
        } finally {
            callers.shutdownNow();
        }
        assertThat(sim.grant(grant.grantId()).orElseThrow().refreshTokensIssued()).isEqualTo(2);
    }
}
