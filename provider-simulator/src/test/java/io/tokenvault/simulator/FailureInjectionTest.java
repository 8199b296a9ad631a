package io.tokenvault.simulator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.tokenvault.simulator.HttpProbe.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FailureInjectionTest {

    private final ProviderSimulator sim = ProviderSimulator.start(SimulatorClock.fixedAt(Instant.parse("2030-01-01T00:00:00Z")));
    private final HttpProbe http = new HttpProbe();
    private Behaviour behaviour;
    private SeededGrant grant;

    @BeforeEach
    void client() {
        behaviour = sim.registerClient("app", "secret").behaviour().rotateRefreshTokens(true);
        grant = sim.issueGrant("app", "alice", "a");
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void nextCallsFailWithTheGivenStatusWithoutTouchingTheGrant() {
        behaviour.failNext(2, 503);

        HttpResponse<String> first = http.refresh(sim, "app", "secret", grant.refreshToken());
        HttpResponse<String> second = http.refresh(sim, "app", "secret", grant.refreshToken());
        HttpResponse<String> third = http.refresh(sim, "app", "secret", grant.refreshToken());

        assertThat(first.statusCode()).isEqualTo(503);
        assertThat(first.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(third.statusCode()).as("the spent-nothing token still works").isEqualTo(200);
        assertThat(sim.counters().injectedFailures()).isEqualTo(2);
        assertThat(sim.tokenCalls()).isEqualTo(3);
        assertThat(sim.counters().refreshCallsWithToken(grant.refreshToken())).isEqualTo(3);
    }

    @Test
    void serverErrorsComeInOrder() {
        behaviour.enqueue(InjectedFailure.serverError(500), InjectedFailure.serverError(502));

        HttpResponse<String> first = http.refresh(sim, "app", "secret", grant.refreshToken());
        HttpResponse<String> second = http.refresh(sim, "app", "secret", grant.refreshToken());

        assertThat(first.statusCode()).isEqualTo(500);
        assertThat(json(first)).containsEntry("error", "server_error");
        assertThat(second.statusCode()).isEqualTo(502);
    }

    @Test
    void rateLimitingAnswers429WithRetryAfter() {
        behaviour.rateLimitNext(1, Duration.ofSeconds(30));

        HttpResponse<String> limited = http.refresh(sim, "app", "secret", grant.refreshToken());

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("30");
    }

    @Test
    void anUnprocessedTimeoutLeavesTheGrantAsItWas() throws Exception {
        behaviour.timeoutNext(1, Duration.ofSeconds(30));

        assertThatThrownBy(() -> http.postWithTimeout(sim.tokenEndpoint(), Duration.ofMillis(300), "app", "secret",
                "grant_type", "refresh_token", "refresh_token", grant.refreshToken()))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(sim.awaitHeldResponses(1, Duration.ofSeconds(10))).isTrue();
        sim.releaseHeldResponses();

        assertThat(sim.currentRefreshToken(grant.grantId())).hasValue(grant.refreshToken());
        assertThat(sim.counters().refreshSuccesses()).isZero();
    }

    @Test
    void aProcessedTimeoutRotatesButTheClientNeverHears() throws Exception {
        behaviour.enqueue(InjectedFailure.timeoutAfterProcessing(Duration.ofSeconds(30)));

        assertThatThrownBy(() -> http.postWithTimeout(sim.tokenEndpoint(), Duration.ofMillis(300), "app", "secret",
                "grant_type", "refresh_token", "refresh_token", grant.refreshToken()))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(sim.awaitHeldResponses(1, Duration.ofSeconds(10))).isTrue();

        assertThat(sim.currentRefreshToken(grant.grantId())).isPresent().isNotEqualTo(java.util.Optional.of(grant.refreshToken()));
        assertThat(sim.counters().refreshSuccesses()).isEqualTo(1);
        sim.releaseHeldResponses();
    }

    @Test
    void disconnectsDropTheConnectionBeforeOrAfterServing() {
        behaviour.enqueue(InjectedFailure.disconnect(), InjectedFailure.disconnectAfterProcessing());

        assertThatThrownBy(() -> http.refresh(sim, "app", "secret", grant.refreshToken()))
                .isInstanceOf(UncheckedIOException.class);
        assertThat(sim.currentRefreshToken(grant.grantId())).hasValue(grant.refreshToken());

        assertThatThrownBy(() -> http.refresh(sim, "app", "secret", grant.refreshToken()))
                .isInstanceOf(UncheckedIOException.class);
        assertThat(sim.currentRefreshToken(grant.grantId())).isNotEqualTo(java.util.Optional.of(grant.refreshToken()));
        assertThat(sim.tokenCalls()).as("the client did not silently retry").isEqualTo(2);
    }

    @Test
    void seededRandomFailuresRepeatExactly() {
        Behaviour other = sim.registerClient("other", "secret").behaviour();
        behaviour.rotateRefreshTokens(false).randomFailures(0.5, 0, 42);
        other.randomFailures(0.5, 0, 42);
        SeededGrant otherGrant = sim.issueGrant("other", "alice", "a");

        List<Integer> statuses = new ArrayList<>();
        List<Integer> otherStatuses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            statuses.add(http.refresh(sim, "app", "secret", grant.refreshToken()).statusCode());
            otherStatuses.add(http.refresh(sim, "other", "secret", otherGrant.refreshToken()).statusCode());
        }

        assertThat(statuses).isEqualTo(otherStatuses).contains(200).containsAnyOf(500, 502, 503);
        behaviour.clearFailures();
        assertThat(http.refresh(sim, "app", "secret", grant.refreshToken()).statusCode()).isEqualTo(200);
    }

    @Test
    void latencyDelaysEveryCall() {
        behaviour.latency(Duration.ofMillis(200));

        long start = System.nanoTime();
        http.refresh(sim, "app", "secret", grant.refreshToken());

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    void failuresApplyToRevocationToo() {
        behaviour.failNext(1, 503);

        HttpResponse<String> failed = http.post(sim.revocationEndpoint(),
                HttpProbe.withCredentials("app", "secret", "token", grant.refreshToken()));

        assertThat(failed.statusCode()).isEqualTo(503);
        assertThat(sim.isGrantAlive(grant.grantId())).isTrue();
    }

    @Test
    void closeReleasesHeldAnswers() throws Exception {
        behaviour.timeoutNext(1, Duration.ofMinutes(5));
        CompletableFuture<HttpResponse<String>> pending = http.client().sendAsync(
                HttpRequest.newBuilder(sim.tokenEndpoint()).header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(HttpProbe.form(HttpProbe.withCredentials("app", "secret",
                                "grant_type", "refresh_token", "refresh_token", grant.refreshToken())))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(sim.awaitHeldResponses(1, Duration.ofSeconds(10))).isTrue();

        sim.close();

        assertThat(pending.handle((response, error) -> "completed")).as("answered or dropped, not hung")
                .succeedsWithin(Duration.ofSeconds(30));
        assertThat(sim.heldResponses()).isZero();
    }

}
