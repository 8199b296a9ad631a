package io.tokenvault.it;

import static io.tokenvault.it.TenantsIT.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokenvault.it.Api.Reply;
import io.tokenvault.simulator.Consent;
import io.tokenvault.simulator.OfflineAccessRule;
import io.tokenvault.simulator.ProviderSimulator;
import io.tokenvault.simulator.SimulatedClient;
import io.tokenvault.simulator.SimulatorClock;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The connect flow end to end over HTTP, as a browser walks it: authorization URL → the simulator's consent →
 * the vault's callback → ACTIVE → access token; and each way it can go wrong.
 */
@ExtendWith(DatabaseUnderTest.class)
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ConnectFlowIT {

    static final String RETURN_URL = "https://app.example.com/connected";
    static ProviderSimulator sim;
    static final SecretLeakScan LEAKS = new SecretLeakScan();
    static final HttpClient BROWSER = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return Deployments.productEar();
    }

    @BeforeAll
    static void startProvider() {
        sim = ProviderSimulator.start(SimulatorClock.ticking());
    }

    @AfterAll
    static void stopAndScan() throws Exception {
        LEAKS.closeAndAssertNoLeaks(sim);
    }

    /** A tenant whose return URL is allowed, with an app of the given provider pointing at the simulator. */
    private record Setup(VaultFixture vault, SimulatedClient client, String app) {
    }

    private Setup setup(String provider) {
        VaultFixture v = new VaultFixture(sim, LEAKS, "flow");
        String clientId = "flow-" + UUID.randomUUID().toString().substring(0, 8);
        String secret = "flow-secret-" + UUID.randomUUID();
        LEAKS.remember(secret);
        SimulatedClient client = sim.registerClient(clientId, secret);
        String config = "{\"allowedReturnUrls\":[\"" + RETURN_URL + "\"],\"apps\":[{\"key\":\"drive\",\"provider\":\""
                + provider + "\",\"clientId\":\"" + clientId + "\",\"clientSecret\":\"" + secret + "\","
                + "\"scopes\":[\"files.read\",\"files.write\"],\"authorizationEndpoint\":\""
                + sim.authorizationEndpoint() + "\",\"tokenEndpoint\":\"" + sim.tokenEndpoint()
                + "\",\"revocationEndpoint\":\"" + sim.revocationEndpoint() + "\"}]}";
        Reply put = v.admin.put("/api/v1/tenants/" + v.tenant + "/config", config);
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(put.body()).doesNotContain(secret);
        return new Setup(v, client, "drive");
    }

    private JsonObject start(Setup s, String user, String returnUrl) {
        Reply started = s.vault().worker.post("/api/v1/tenants/" + s.vault().tenant + "/connections",
                "{\"app\":\"" + s.app() + "\",\"externalUserId\":\"" + user + "\""
                        + (returnUrl == null ? "" : ",\"returnUrl\":\"" + returnUrl + "\"") + "}");
        assertThat(started.status()).as(started.toString()).isEqualTo(201);
        return started.json();
    }

    @Test
    void endUserConnectsOnceAndTheWorkerGetsTokens() throws Exception {
        Setup s = setup("oauth2");
        JsonObject started = start(s, "alice", RETURN_URL);
        assertThat(started.getString("status")).isEqualTo("PENDING");
        Map<String, String> query = query(URI.create(started.getString("authorizationUrl")));
        assertThat(query).containsEntry("response_type", "code").containsEntry("code_challenge_method", "S256")
                .containsKeys("state", "code_challenge", "redirect_uri").containsEntry("client_id",
                        s.client().clientId());
        assertThat(query.get("redirect_uri")).endsWith("/oauth/callback");

        URI callback = providerRedirect(started.getString("authorizationUrl"));
        HttpResponse<String> done = get(callback);
        assertThat(done.statusCode()).isEqualTo(302);
        String location = done.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(RETURN_URL + "?connection=" + started.getString("id")).endsWith("status=ACTIVE");

        String id = started.getString("id");
        assertThat(s.vault().connection(id).getString("status")).isEqualTo("ACTIVE");
        assertThat(s.vault().connection(id).getJsonArray("missingScopes")).isEmpty();
        long calls = sim.counters().tokenCalls(s.client().clientId());
        Reply token = s.vault().token(id);
        assertThat(token.status()).as(token.toString()).isEqualTo(200);
        assertThat(sim.counters().tokenCalls(s.client().clientId())).isEqualTo(calls); // the code exchange's token

        // the same callback again is a replay: refused, and nothing changes
        HttpResponse<String> replay = get(callback);
        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(replay.body()).contains("already completed");
        assertThat(replay.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(s.vault().token(id).json().getString("accessToken"))
                .isEqualTo(token.json().getString("accessToken"));
    }

    @Test
    void catalogProvidersAlwaysAskForOfflineAccess() {
        Setup s = setup("google");
        Map<String, String> query = query(URI.create(start(s, "gina", null).getString("authorizationUrl")));
        assertThat(query).containsEntry("access_type", "offline").containsEntry("prompt", "consent");
    }

    @Test
    void forgedOrMissingStateIsRefusedAndStoresNothing() throws Exception {
        Setup s = setup("oauth2");
        String id = start(s, "mallory", null).getString("id");
        HttpResponse<String> forged = get(URI.create(Api.baseUrl() + "/oauth/callback?code=abc&state=forged-state"));
        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(forged.body()).contains("not valid").doesNotContain("Exception");
        assertThat(get(URI.create(Api.baseUrl() + "/oauth/callback?code=abc")).statusCode()).isEqualTo(400);
        assertThat(s.vault().connection(id).getString("status")).isEqualTo("PENDING");
    }

    @Test
    void declinedConsentShowsAClearPageAndChangesNothing() throws Exception {
        Setup s = setup("oauth2");
        s.client().behaviour().consent(Consent.deny());
        JsonObject started = start(s, "dan", RETURN_URL);
        HttpResponse<String> page = get(providerRedirect(started.getString("authorizationUrl")));
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("Access was not granted").contains(RETURN_URL);
        assertThat(s.vault().connection(started.getString("id")).getString("status")).isEqualTo("PENDING");
        assertProblem(s.vault().token(started.getString("id")), 409);
    }

    @Test
    void partialGrantIsFlaggedWithTheMissingScopes() throws Exception {
        Setup s = setup("oauth2");
        s.client().behaviour().consent(Consent.grantOnly("files.read"));
        JsonObject started = start(s, "paula", null);
        HttpResponse<String> page = get(providerRedirect(started.getString("authorizationUrl")));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("files.write");
        JsonObject connection = s.vault().connection(started.getString("id"));
        assertThat(connection.getString("status")).isEqualTo("ACTIVE");
        assertThat(connection.getJsonArray("missingScopes").getString(0)).isEqualTo("files.write");

        // a full grant of the same app is not listed; the partial one is
        s.client().behaviour().consent(Consent.grantAll());
        JsonObject full = start(s, "fred", null);
        get(providerRedirect(full.getString("authorizationUrl")));
        Reply missing = s.vault().admin.get("/api/v1/tenants/" + s.vault().tenant
                + "/connections?app=drive&missingScopes=true");
        assertThat(missing.status()).as(missing.toString()).isEqualTo(200);
        assertThat(missing.json().getJsonArray("items")).extracting(i -> i.asJsonObject().getString("id"))
                .containsExactly(started.getString("id"));
        assertProblem(s.vault().admin.get("/api/v1/tenants/" + s.vault().tenant + "/connections?missingScopes=true"),
                400);
    }

    @Test
    void grantWithoutRefreshTokenNeedsReauthorization() throws Exception {
        Setup s = setup("oauth2");
        s.client().behaviour().offlineAccessRule(OfflineAccessRule.NEVER);
        JsonObject started = start(s, "nora", null);
        get(providerRedirect(started.getString("authorizationUrl")));
        JsonObject connection = s.vault().connection(started.getString("id"));
        assertThat(connection.getString("status")).isEqualTo("NEEDS_REAUTH");
        assertThat(connection.getString("statusReason")).isEqualTo("no_refresh_token");
        assertThat(connection.getString("explanation")).contains("offline");
        Reply token = s.vault().token(started.getString("id"));
        assertProblem(token, 409);
        assertThat(token.json().getString("reason")).isEqualTo("no_refresh_token");
    }

    @Test
    void reauthorizationLinkReplacesTheGrantOfTheSameConnection() throws Exception {
        Setup s = setup("oauth2");
        JsonObject started = start(s, "rita", null);
        get(providerRedirect(started.getString("authorizationUrl")));
        String id = started.getString("id");
        String firstToken = s.vault().token(id).json().getString("accessToken");
        sim.revokeUser(s.client().clientId(), "user-1");
        Reply dead = s.vault().token(id, "{\"rejectedToken\":\"" + firstToken + "\"}");
        assertProblem(dead, 409);
        String link = dead.json().getString("reauthorizationUrl");
        assertThat(link).contains("/oauth/reauthorize?").contains("sig=");
        assertThat(s.vault().connection(id).getString("reauthorizationUrl")).isEqualTo(link);

        HttpResponse<String> toProvider = get(URI.create(link));
        assertThat(toProvider.statusCode()).isEqualTo(302);
        URI callback = providerRedirect(toProvider.headers().firstValue("Location").orElseThrow());
        assertThat(get(callback).statusCode()).isEqualTo(200);
        assertThat(s.vault().connection(id).getString("status")).isEqualTo("ACTIVE");
        Reply again = s.vault().token(id);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().getString("accessToken")).isNotEqualTo(firstToken);

        HttpResponse<String> tampered = get(URI.create(link.replace("sig=", "sig=x")));
        assertThat(tampered.statusCode()).isEqualTo(400);
    }

    @Test
    void returnUrlsOutsideTheAllowListAreRefused() {
        Setup s = setup("oauth2");
        Reply refused = s.vault().worker.post("/api/v1/tenants/" + s.vault().tenant + "/connections",
                "{\"app\":\"drive\",\"externalUserId\":\"eve\",\"returnUrl\":\"https://evil.example.net/steal\"}");
        assertProblem(refused, 400);
        assertThat(refused.json().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("returnUrl");
    }

    @Test
    void configurationRoundTripsAsXmlAndRefusesEntities() {
        Setup s = setup("oauth2");
        Api admin = s.vault().admin;
        String path = "/api/v1/tenants/" + s.vault().tenant + "/config";
        Reply xml = admin.send(admin.request(path).setHeader("Accept", "application/xml").GET());
        assertThat(xml.status()).as(xml.toString()).isEqualTo(200);
        assertThat(xml.contentType()).startsWith("application/xml");
        assertThat(xml.body()).contains("<tenantConfiguration").contains("drive").doesNotContain("flow-secret");
        Reply back = admin.send(admin.request(path).header("Content-Type", "application/xml")
                .setHeader("Accept", "application/xml").PUT(HttpRequest.BodyPublishers.ofString(xml.body())));
        assertThat(back.status()).as(back.toString()).isEqualTo(200);

        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<tenantConfiguration><allowedReturnUrls>&e;</allowedReturnUrls></tenantConfiguration>";
        Reply refused = admin.send(admin.request(path).header("Content-Type", "application/xml")
                .PUT(HttpRequest.BodyPublishers.ofString(xxe)));
        assertProblem(refused, 400);
        assertThat(refused.body()).doesNotContain("root:");
        Reply invalid = admin.put(path, "{\"apps\":[{\"key\":\"Bad Key\",\"provider\":\"nope\"}],"
                + "\"allowedReturnUrls\":[\"http://example.com/x#frag\"]}");
        assertProblem(invalid, 400);
        assertThat(invalid.json().getJsonArray("errors").size()).isGreaterThanOrEqualTo(3);
    }

    /** Follows the authorization URL at the simulator, which answers at once with a redirect to the callback. */
    private static URI providerRedirect(String authorizationUrl) throws Exception {
        HttpResponse<String> consent = get(URI.create(authorizationUrl));
        assertThat(consent.statusCode()).as(consent.body()).isEqualTo(302);
        return URI.create(consent.headers().firstValue("Location").orElseThrow());
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return BROWSER.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }
}
