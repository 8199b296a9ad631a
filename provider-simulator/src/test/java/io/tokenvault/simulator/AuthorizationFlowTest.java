package io.tokenvault.simulator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import static io.tokenvault.simulator.HttpProbe.json;
import static org.assertj.core.api.Assertions.assertThat;

class AuthorizationFlowTest {

    private static final URI CALLBACK = URI.create("https://vault.example/oauth/callback");
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

    private final SimulatorClock clock = SimulatorClock.fixedAt(Instant.parse("2030-01-01T00:00:00Z"));
    private final ProviderSimulator sim = ProviderSimulator.start(clock);
    private final HttpProbe http = new HttpProbe();
    private SimulatedClient client;

    @BeforeEach
    void client() {
        client = sim.registerClient("app", "secret").addRedirectUri(CALLBACK);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    /** Follows /authorize as a browser would and returns the redirect's query parameters. */
    private Map<String, String> authorize(String... extra) {
        StringBuilder query = new StringBuilder(HttpProbe.form("response_type", "code", "client_id", "app",
                "redirect_uri", CALLBACK.toString(), "state", "xyz", "code_challenge", challenge(VERIFIER),
                "code_challenge_method", "S256"));
        if (extra.length > 0) {
            query.append('&').append(HttpProbe.form(extra));
        }
        HttpResponse<String> response = http.get(URI.create(sim.authorizationEndpoint() + "?" + query));
        assertThat(response.statusCode()).isEqualTo(302);
        URI location = URI.create(response.headers().firstValue("Location").orElseThrow());
        assertThat(location.getPath()).isEqualTo(CALLBACK.getPath());
        return HttpProbe.queryOf(location);
    }

    private HttpResponse<String> exchange(String code, String verifier) {
        return http.post(sim.tokenEndpoint(), HttpProbe.withCredentials("app", "secret", "grant_type", "authorization_code",
                "code", code, "redirect_uri", CALLBACK.toString(), "code_verifier", verifier));
    }

    @Test
    void codeFlowWithPkceYieldsTokensForTheConsentedScopes() {
        Map<String, String> redirect = authorize("scope", "openid drive.readonly", "sim_user", "alice");

        HttpResponse<String> tokens = exchange(redirect.get("code"), VERIFIER);

        assertThat(redirect).containsEntry("state", "xyz");
        assertThat(tokens.statusCode()).isEqualTo(200);
        Map<String, Object> body = json(tokens);
        assertThat(body).containsKeys("access_token", "refresh_token").containsEntry("scope", "openid drive.readonly");
        assertThat(sim.grantOf((String) body.get("refresh_token")).orElseThrow().userId()).hasValue("alice");
        assertThat(sim.counters().codeExchanges()).isEqualTo(1);
    }

    @Test
    void wrongOrMissingVerifierIsInvalidGrant() {
        String code = authorize("scope", "a").get("code");

        HttpResponse<String> wrong = exchange(code, "x".repeat(43));
        HttpResponse<String> missing = http.post(sim.tokenEndpoint(), HttpProbe.withCredentials("app", "secret",
                "grant_type", "authorization_code", "code", code, "redirect_uri", CALLBACK.toString()));

        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(json(wrong)).containsEntry("error", "invalid_grant");
        assertThat(json(missing)).containsEntry("error", "invalid_grant");
        assertThat(exchange(code, VERIFIER).statusCode()).as("failed attempts do not burn the code").isEqualTo(200);
    }

    @Test
    void aCodeIsSingleUseAndReuseRevokesItsGrant() {
        String code = authorize("scope", "a").get("code");
        String refreshToken = (String) json(exchange(code, VERIFIER)).get("refresh_token");

        HttpResponse<String> again = exchange(code, VERIFIER);

        assertThat(json(again)).containsEntry("error", "invalid_grant");
        assertThat(sim.grantOf(refreshToken).orElseThrow().alive()).isFalse();
    }

    @Test
    void codesExpireAfterTenMinutes() {
        String code = authorize("scope", "a").get("code");
        clock.advance(Duration.ofMinutes(10));

        assertThat(json(exchange(code, VERIFIER))).containsEntry("error", "invalid_grant");
    }

    @Test
    void redirectUriMustMatchTheRegistrationAndTheAuthorizationRequest() {
        HttpResponse<String> unregistered = http.get(URI.create(sim.authorizationEndpoint() + "?" + HttpProbe.form(
                "response_type", "code", "client_id", "app", "redirect_uri", "https://evil.example/cb", "state", "s")));
        String code = authorize("scope", "a").get("code");
        HttpResponse<String> mismatch = http.post(sim.tokenEndpoint(), HttpProbe.withCredentials("app", "secret",
                "grant_type", "authorization_code", "code", code, "redirect_uri", "https://vault.example/other",
                "code_verifier", VERIFIER));

        assertThat(unregistered.statusCode()).as("no redirect to an unregistered URI").isEqualTo(400);
        assertThat(unregistered.headers().firstValue("Location")).isEmpty();
        assertThat(mismatch.statusCode()).isEqualTo(400);
    }

    @Test
    void unknownClientGetsAnErrorPageNotARedirect() {
        HttpResponse<String> response = http.get(URI.create(sim.authorizationEndpoint() + "?" + HttpProbe.form(
                "response_type", "code", "client_id", "ghost", "redirect_uri", CALLBACK.toString())));

        assertThat(response.statusCode()).isEqualTo(400);
    }

    @Test
    void deniedConsentRedirectsWithAccessDenied() {
        client.behaviour().consent(Consent.deny());

        assertThat(authorize("scope", "a")).containsEntry("error", "access_denied").containsEntry("state", "xyz")
                .doesNotContainKey("code");
    }

    @Test
    void granularConsentGrantsOnlyTheTickedScopes() {
        client.behaviour().consent(Consent.grantOnly("drive.readonly"));
        String code = authorize("scope", "drive.readonly drive.metadata").get("code");

        assertThat(json(exchange(code, VERIFIER))).containsEntry("scope", "drive.readonly");
    }

    @Test
    void googleIssuesARefreshTokenOnlyForAccessTypeOffline() {
        client.behaviour().offlineAccessRule(OfflineAccessRule.GOOGLE_ACCESS_TYPE_OFFLINE);

        Map<String, Object> online = json(exchange(authorize("scope", "a", "access_type", "online").get("code"), VERIFIER));
        Map<String, Object> offline = json(exchange(authorize("scope", "a", "access_type", "offline").get("code"), VERIFIER));

        assertThat(online).containsKey("access_token").doesNotContainKey("refresh_token");
        assertThat(offline).containsKey("refresh_token");
    }

    @Test
    void googleReconsentWithoutPromptConsentYieldsNoNewRefreshToken() {
        client.behaviour().offlineAccessRule(OfflineAccessRule.GOOGLE_ACCESS_TYPE_OFFLINE).refreshTokenOnlyOnFirstConsent(true);
        exchange(authorize("scope", "a", "access_type", "offline").get("code"), VERIFIER);

        Map<String, Object> silent = json(exchange(authorize("scope", "a", "access_type", "offline").get("code"), VERIFIER));
        Map<String, Object> prompted = json(exchange(authorize("scope", "a", "access_type", "offline",
                "prompt", "consent").get("code"), VERIFIER));

        assertThat(silent).doesNotContainKey("refresh_token");
        assertThat(prompted).containsKey("refresh_token");
    }

    @Test
    void microsoftIssuesARefreshTokenOnlyForOfflineAccessScope() {
        client.behaviour().offlineAccessRule(OfflineAccessRule.MICROSOFT_OFFLINE_ACCESS_SCOPE);

        Map<String, Object> without = json(exchange(authorize("scope", "Files.Read").get("code"), VERIFIER));
        Map<String, Object> with = json(exchange(authorize("scope", "Files.Read offline_access").get("code"), VERIFIER));

        assertThat(without).doesNotContainKey("refresh_token");
        assertThat(with).containsKey("refresh_token");
    }

    @Test
    void newConsentForMoreScopesInvalidatesThePreviousRefreshTokenWhenConfigured() {
        client.behaviour().newConsentRevokesPreviousGrants(true);
        String first = (String) json(exchange(authorize("scope", "a", "sim_user", "bob").get("code"), VERIFIER))
                .get("refresh_token");

        String second = (String) json(exchange(authorize("scope", "a b", "sim_user", "bob").get("code"), VERIFIER))
                .get("refresh_token");

        assertThat(json(http.refresh(sim, "app", "secret", first))).containsEntry("error", "invalid_grant");
        assertThat(http.refresh(sim, "app", "secret", second).statusCode()).isEqualTo(200);
    }

    @Test
    void includeGrantedScopesAddsEarlierGrants() {
        exchange(authorize("scope", "a", "login_hint", "carol").get("code"), VERIFIER);

        Map<String, Object> incremental = json(exchange(authorize("scope", "b", "login_hint", "carol",
                "include_granted_scopes", "true").get("code"), VERIFIER));

        assertThat(HttpProbe.scopes(incremental.get("scope"))).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void pkceCanBeRequiredAndOnlyS256IsAccepted() {
        client.behaviour().requirePkce(true);
        HttpResponse<String> withoutPkce = http.get(URI.create(sim.authorizationEndpoint() + "?" + HttpProbe.form(
                "response_type", "code", "client_id", "app", "redirect_uri", CALLBACK.toString(), "state", "s")));
        HttpResponse<String> plain = http.get(URI.create(sim.authorizationEndpoint() + "?" + HttpProbe.form(
                "response_type", "code", "client_id", "app", "redirect_uri", CALLBACK.toString(),
                "code_challenge", VERIFIER, "code_challenge_method", "plain")));

        assertThat(HttpProbe.queryOf(URI.create(withoutPkce.headers().firstValue("Location").orElseThrow())))
                .containsEntry("error", "invalid_request").containsEntry("state", "s");
        assertThat(HttpProbe.queryOf(URI.create(plain.headers().firstValue("Location").orElseThrow())))
                .containsEntry("error", "invalid_request");
    }

    static String challenge(String verifier) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
