package io.tokenvault.simulator;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import static io.tokenvault.simulator.HttpProbe.json;
import static org.assertj.core.api.Assertions.assertThat;

class ClockAndJwtTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private final SimulatorClock clock = SimulatorClock.fixedAt(T0);
    private final ProviderSimulator sim = ProviderSimulator.start(clock);
    private final HttpProbe http = new HttpProbe();

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void dateHeaderShowsTheSimulatorClock() {
        sim.registerClient("app", "secret");
        clock.advance(Duration.ofDays(3));

        HttpResponse<String> response = http.post(sim.tokenEndpoint(), HttpProbe.withCredentials("app", "secret",
                "grant_type", "client_credentials"));

        assertThat(dateOf(response)).isEqualTo(T0.plus(Duration.ofDays(3)));
    }

    @Test
    void jwtAccessTokensCarryIatAndExpAndVerifyAgainstTheJwks() throws Exception {
        sim.registerClient("app", "secret").behaviour().accessTokenFormat(AccessTokenFormat.JWT)
                .accessTokenLifetime(Duration.ofMinutes(30));
        SeededGrant grant = sim.issueGrant("app", "alice", "a");

        SignedJWT jwt = SignedJWT.parse(grant.accessToken());
        RSAKey key = JWKSet.parse(http.get(sim.jwksUri()).body()).getKeys().get(0).toRSAKey();

        assertThat(jwt.verify(new RSASSAVerifier(key))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("alice");
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo(sim.issuer().toString());
        assertThat(jwt.getJWTClaimsSet().getIssueTime().toInstant()).isEqualTo(T0);
        assertThat(jwt.getJWTClaimsSet().getExpirationTime().toInstant()).isEqualTo(T0.plus(Duration.ofMinutes(30)));
        assertThat(grant.accessTokenExpiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(30)));
    }

    @Test
    void aSkewedProviderClockShiftsTheDateHeaderAndJwtTimes() throws Exception {
        sim.registerClient("app", "secret").behaviour().accessTokenFormat(AccessTokenFormat.JWT)
                .clockSkew(Duration.ofMinutes(-5));
        SeededGrant grant = sim.issueGrant("app", "alice", "a");

        HttpResponse<String> response = http.refresh(sim, "app", "secret", grant.refreshToken());
        SignedJWT jwt = SignedJWT.parse((String) json(response).get("access_token"));

        assertThat(dateOf(response)).isEqualTo(T0.minus(Duration.ofMinutes(5)));
        assertThat(jwt.getJWTClaimsSet().getIssueTime().toInstant()).isEqualTo(T0.minus(Duration.ofMinutes(5)));
        assertThat(jwt.getJWTClaimsSet().getExpirationTime().toInstant()).isEqualTo(T0.plus(Duration.ofMinutes(55)));
        assertThat(json(response)).containsEntry("expires_in", 3600L);
    }

    @Test
    void anEarlierIssuanceShowsInTheJwtButNotInExpiresIn() throws Exception {
        sim.registerClient("app", "secret").behaviour().accessTokenFormat(AccessTokenFormat.JWT)
                .issuedBeforeResponse(Duration.ofMinutes(10));
        SeededGrant grant = sim.issueGrant("app", "alice", "a");

        HttpResponse<String> response = http.refresh(sim, "app", "secret", grant.refreshToken());
        SignedJWT jwt = SignedJWT.parse((String) json(response).get("access_token"));

        assertThat(json(response)).containsEntry("expires_in", 3600L);
        assertThat(jwt.getJWTClaimsSet().getExpirationTime().toInstant()).isEqualTo(T0.plus(Duration.ofMinutes(50)));
    }

    @Test
    void simulatedLatencyMovesTheSharedClockWhileServing() {
        sim.registerClient("app", "secret").behaviour().simulatedLatency(Duration.ofSeconds(30));

        HttpResponse<String> response = http.post(sim.tokenEndpoint(), HttpProbe.withCredentials("app", "secret",
                "grant_type", "client_credentials"));

        assertThat(clock.instant()).isEqualTo(T0.plusSeconds(30));
        assertThat(dateOf(response)).isEqualTo(T0.plusSeconds(30));
    }

    @Test
    void fixedClockMovesOnlyWhenTold() {
        SimulatorClock fixed = SimulatorClock.fixedAt(T0);
        fixed.advance(Duration.ofHours(1));
        assertThat(fixed.instant()).isEqualTo(T0.plus(Duration.ofHours(1)));
        fixed.set(T0);
        assertThat(fixed.instant()).isEqualTo(T0);
        assertThat(fixed.withZone(java.time.ZoneId.of("Europe/Paris")).instant()).isEqualTo(T0);
    }

    @Test
    void tickingClockKeepsItsOffset() {
        SimulatorClock ticking = SimulatorClock.ticking();
        ticking.advance(Duration.ofDays(7));
        Duration ahead = Duration.between(Instant.now(), ticking.instant());
        assertThat(ahead).isGreaterThan(Duration.ofDays(7).minusMinutes(1)).isLessThan(Duration.ofDays(7).plusMinutes(1));
    }

    private static Instant dateOf(HttpResponse<String> response) {
        String date = response.headers().firstValue("Date").orElseThrow();
        return ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    }
}
