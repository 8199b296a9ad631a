package io.tokenvault.oauth.control;

import io.tokenvault.crypto.control.SecretValue;
import io.tokenvault.oauth.control.TokenResponseOutcome.Issued;
import io.tokenvault.oauth.control.TokenResponseOutcome.Rejected;
import io.tokenvault.simulator.OfflineAccessRule;
import io.tokenvault.simulator.ProviderSimulator;
import io.tokenvault.simulator.SeededGrant;
import io.tokenvault.simulator.SimulatedClient;
import io.tokenvault.simulator.SimulatorClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Code exchange with PKCE, client credentials and revocation, against the provider simulator. */
class TokenEndpointClientFlowsTest {

    private static final URI CALLBACK = URI.create("https://vault.example/oauth/callback");
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

    private final SimulatorClock clock = SimulatorClock.fixedAt(Instant.parse("2030-01-01T00:00:00Z"));
    private final ProviderSimulator sim = ProviderSimulator.start(clock);
    private final TokenEndpointClient client =
            new TokenEndpointClient(clock, Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMinutes(1));
    private final HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private SimulatedClient registration;

    @BeforeEach
    void register() {
        registration = sim.registerClient("app", "s3cret").addRedirectUri(CALLBACK);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private ClientCredentials credentials() {
        return ClientCredentials.basic("app", SecretValue.of("s3cret"));
    }

    /** Plays the browser: follows the authorization URL and returns the code from the redirect. */
    private String authorize(String scope, String... extra) throws Exception {
        StringBuilder url = new StringBuilder(sim.authorizationEndpoint().toString()).append("?response_type=code")
                .append("&client_id=app&state=st&code_challenge_method=S256")
                .append("&redirect_uri=").append(enc(CALLBACK.toString()))
                .append("&scope=").append(enc(scope))
                .append("&code_challenge=").append(challenge(VERIFIER));
        for (int i = 0; i < extra.length; i += 2) {
            url.append('&').append(extra[i]).append('=').append(enc(extra[i + 1]));
        }
        HttpResponse<Void> redirect = browser.send(HttpRequest.newBuilder(URI.create(url.toString())).build(),
                HttpResponse.BodyHandlers.discarding());
        String location = redirect.headers().firstValue("Location").orElseThrow();
        String query = URI.create(location).getRawQuery();
        for (String pair : query.split("&")) {
            if (pair.startsWith("code=")) {
                return java.net.URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no code in " + location.replaceAll("code=[^&]*", "code=..."));
    }

    @Test
    void exchangesACodeWithPkce() throws Exception {
        String code = authorize("openid drive.readonly");

        TokenResponseOutcome outcome = client.exchangeCode(credentials(), sim.tokenEndpoint(), code, CALLBACK, VERIFIER);

        assertThat(outcome).isInstanceOfSatisfying(Issued.class, issued -> {
            assertThat(issued.refreshToken()).isPresent();
            assertThat(issued.scopes()).containsExactlyInAnyOrder("openid", "drive.readonly");
            assertThat(sim.grantOf(issued.refreshToken().orElseThrow())).isPresent();
        });
    }

    @Test
    void aWrongVerifierIsInvalidGrant() throws Exception {
        String code = authorize("openid");

        TokenResponseOutcome outcome = client.exchangeCode(credentials(), sim.tokenEndpoint(), code, CALLBACK,
                "x".repeat(43));

        assertThat(outcome).isInstanceOfSatisfying(Rejected.class, r -> assertThat(r.isInvalidGrant()).isTrue());
    }

    @Test
    void googleWithoutAccessTypeOfflineYieldsNoRefreshToken() throws Exception {
        registration.behaviour().offlineAccessRule(OfflineAccessRule.GOOGLE_ACCESS_TYPE_OFFLINE);

        TokenResponseOutcome online = client.exchangeCode(credentials(), sim.tokenEndpoint(),
                authorize("drive.readonly"), CALLBACK, VERIFIER);
        TokenResponseOutcome offline = client.exchangeCode(credentials(), sim.tokenEndpoint(),
                authorize("drive.readonly", "access_type", "offline", "prompt", "consent"), CALLBACK, VERIFIER);

        assertThat(((Issued) online).refreshToken()).isEmpty();
        assertThat(((Issued) offline).refreshToken()).isPresent();
    }

    @Test
    void clientCredentialsVerifyASecret() {
        registration.addSecret("next-secret");

        TokenResponseOutcome good = client.clientCredentials(ClientCredentials.post("app", SecretValue.of("next-secret")),
                sim.tokenEndpoint(), Set.of("api.read"));
        TokenResponseOutcome bad = client.clientCredentials(ClientCredentials.post("app", SecretValue.of("typo")),
                sim.tokenEndpoint(), Set.of());

        assertThat(good).isInstanceOfSatisfying(Issued.class, i -> assertThat(i.scopes()).containsExactly("api.read"));
        assertThat(bad).isInstanceOfSatisfying(Rejected.class,
                r -> assertThat(r.isClientAuthenticationFailure()).isTrue());
    }

    @Test
    void aPublicClientSendsOnlyItsId() {
        sim.registerPublicClient("spa");
        SeededGrant grant = sim.issueGrant("spa", "alice", "a");

        TokenResponseOutcome outcome = client.refresh(ClientCredentials.publicClient("spa"), sim.tokenEndpoint(),
                grant.refreshToken());

        assertThat(outcome).isInstanceOf(Issued.class);
    }

    @Test
    void revokesARefreshTokenAndWithItTheGrant() {
        SeededGrant grant = sim.issueGrant("app", "alice", "a");

        RevocationOutcome outcome = client.revoke(credentials(), sim.revocationEndpoint(), grant.refreshToken(), true);

        assertThat(outcome).isEqualTo(new RevocationOutcome.Revoked(200));
        assertThat(sim.isGrantAlive(grant.grantId())).isFalse();
        assertThat(client.refresh(credentials(), sim.tokenEndpoint(), grant.refreshToken()))
                .isInstanceOfSatisfying(Rejected.class, r -> assertThat(r.isInvalidGrant()).isTrue());
    }

    @Test
    void revokesAnAccessToken() {
        SeededGrant grant = sim.issueGrant("app", "alice", "a");

        assertThat(client.revoke(credentials(), sim.revocationEndpoint(), grant.accessToken(), false))
                .isInstanceOf(RevocationOutcome.Revoked.class);
        assertThat(sim.isGrantAlive(grant.grantId())).isFalse();
    }

    @Test
    void revocationRefusalsAndOutages() {
        SeededGrant grant = sim.issueGrant("app", "alice", "a");

        RevocationOutcome wrongSecret = client.revoke(ClientCredentials.basic("app", SecretValue.of("nope")),
                sim.revocationEndpoint(), grant.refreshToken(), true);
        registration.behaviour().failNext(1, 503);
        RevocationOutcome outage = client.revoke(credentials(), sim.revocationEndpoint(), grant.refreshToken(), true);

        assertThat(wrongSecret).isInstanceOfSatisfying(Rejected.class,
                r -> assertThat(r.isClientAuthenticationFailure()).isTrue());
        assertThat(outage).isInstanceOfSatisfying(TokenResponseOutcome.Unavailable.class,
                u -> assertThat(u.httpStatus()).isEqualTo(503));
        assertThat(sim.isGrantAlive(grant.grantId())).isTrue();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String challenge(String verifier) throws Exception {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
    }
}
