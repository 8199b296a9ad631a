package io.tokenvault.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenvault.it.Api.Reply;
import io.tokenvault.simulator.ProviderSimulator;
import io.tokenvault.simulator.SimulatedClient;
import io.tokenvault.simulator.SimulatorClock;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The audit trail records every administrative action and every status change, without secrets; metrics move as
 * refreshes happen; the health report
 * covers the database, the key ring and the provider circuits; the OpenAPI document lists every endpoint of
 * DESIGN.md's contract.
 */
@ExtendWith(DatabaseUnderTest.class)
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AuditAndOpenApiIT {

    /** DESIGN.md's public REST contract, path parameters written as {}. */
    static final List<String> CONTRACT = List.of(
            "POST /api/v1/tenants", "GET /api/v1/tenants", "GET /api/v1/tenants/{}",
            "POST /api/v1/tenants/{}/api-keys", "GET /api/v1/tenants/{}/api-keys",
            "DELETE /api/v1/tenants/{}/api-keys/{}", "PUT /api/v1/tenants/{}/apps/{}",
            "GET /api/v1/tenants/{}/apps/{}", "POST /api/v1/tenants/{}/apps/{}/secrets",
            "POST /api/v1/tenants/{}/connections", "GET /oauth/callback", "POST /api/v1/tenants/{}/connections/import",
            "GET /api/v1/tenants/{}/connections/{}", "GET /api/v1/tenants/{}/connections",
            "DELETE /api/v1/tenants/{}/connections/{}", "POST /api/v1/tenants/{}/connections/{}/access-token",
            "POST /api/v1/admin/encryption-keys/rotate", "GET /api/v1/admin/encryption-keys", "GET /api/v1/jobs/{}",
            "POST /api/v1/jobs/{}/restart", "GET /api/v1/tenants/{}/config", "PUT /api/v1/tenants/{}/config",
            "POST /api/v1/tenants/{}/webhooks", "GET /api/v1/tenants/{}/webhooks",
            "DELETE /api/v1/tenants/{}/webhooks/{}", "GET /api/v1/tenants/{}/webhooks/{}/deliveries",
            "GET /api/v1/tenants/{}/audit", "GET /api/v1/tenants/{}/notices");

    static ProviderSimulator sim;
    static final SecretLeakScan LEAKS = new SecretLeakScan();

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return Deployments.productEar();
    }

    @BeforeAll
    static void startProvider() {
        sim = ProviderSimulator.start(SimulatorClock.ticking());
    }

    @AfterAll
    static void stopProviderAndScanForLeaks() throws Exception {
        LEAKS.closeAndAssertNoLeaks(sim);
    }

    @Test
    void everyAdministrativeActionAndStatusChangeIsAuditedWithoutSecrets() {
        VaultFixture v = new VaultFixture(sim, LEAKS, "audit");
        SimulatedClient client = v.app("crm");
        String connection = v.connect(client, "crm", "audited-user");
        String other = v.connect(client, "crm", "deleted-user");
        assertThat(v.admin.delete("/api/v1/tenants/" + v.tenant + "/connections/" + other).status()).isEqualTo(200);
        assertThat(v.admin.put("/api/v1/tenants/" + v.tenant + "/apps/nope", "{\"provider\":\"oauth2\"}").status())
                .isEqualTo(400);
        sim.revokeGrant(sim.grants(client.clientId(), "audited-user").get(0).id());
        assertThat(v.token(connection).status()).isEqualTo(409);

        Reply reply = v.admin.get("/api/v1/tenants/" + v.tenant + "/audit");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        JsonArray trail = reply.array();
        List<String> lines = new ArrayList<>();
        for (JsonObject e : trail.getValuesAs(JsonObject.class)) {
            lines.add(e.getString("actor") + " " + e.getString("action") + " " + e.getString("target") + " "
                    + e.getString("outcome"));
        }
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("Apps.put")
                .contains("PUT /api/v1/tenants/" + v.tenant + "/apps/crm").endsWith(" 201"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("Apps.put").contains("/apps/nope").endsWith(" 400"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("ApiKeys.").endsWith(" 201"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("Connections.").contains("/import"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("DELETE /api/v1/tenants/" + v.tenant
                + "/connections/" + other).endsWith(" 200"));
        assertThat(lines).anySatisfy(l -> assertThat(l).isEqualTo("system connection.status_changed connections/"
                + connection + " NEEDS_REAUTH"));
        assertThat(lines).noneSatisfy(l -> assertThat(l).contains("access-token"));
        assertThat(lines).as("actors are key ids, never keys").allSatisfy(l -> assertThat(l).doesNotStartWith("tvk_"));
        assertThat(reply.body()).doesNotContain(v.workerKey).doesNotContain(Api.adminKey());

        assertThat(v.worker.get("/api/v1/tenants/" + v.tenant + "/audit").status()).isEqualTo(403);
        Reply bad = v.admin.get("/api/v1/tenants/" + v.tenant + "/audit?from=yesterday&size=0");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("from").contains("size");
    }

    @Test
    void healthReportsTheDatabaseTheKeyRingAndTheProviderCircuits() throws Exception {
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(System.getProperty("tokenvault.it.management.url") + "/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        JsonObject report = Json.createReader(new StringReader(health.body())).readObject();
        Set<String> checks = report.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .map(c -> c.getString("name")).collect(Collectors.toSet());
        assertThat(checks).contains("database", "key-ring", "provider-circuits");
        assertThat(health.body()).doesNotContain("whsec_").doesNotContain("\"key\"");
    }

    @Test
    void metricsMoveAsRefreshesHappen() {
        VaultFixture v = new VaultFixture(sim, LEAKS, "metrics");
        SimulatedClient client = v.app("crm");
        String connection = v.connect(client, "crm", "metered-user");
        Api admin = Api.asPlatformAdmin();
        assertThat(scrape(v.worker).status()).isEqualTo(403);
        String before = scrape(admin).body();

        Reply first = v.token(connection); // read and refreshed: no access token was imported
        Reply second = v.token(connection); // from this node's memory
        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(200);
        LEAKS.remember(first.json().getString("accessToken"));
        sim.revokeGrant(sim.grants(client.clientId(), "metered-user").get(0).id());
        assertThat(v.token(connection, "{\"minValiditySeconds\":7200}").status()).isEqualTo(409);

        Reply after = scrape(admin);
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.contentType()).startsWith("text/plain");
        String refreshed = "tokenvault_refreshes_total{outcome=\"refreshed\",provider=\"oauth2\"}";
        String rejected = "tokenvault_refreshes_total{outcome=\"rejected\",provider=\"oauth2\"}";
        String invalidGrant = "tokenvault_provider_errors_total{error=\"invalid_grant\",kind=\"rejected\",provider=\"oauth2\"}";
        String fromCache = "tokenvault_token_requests_total{source=\"cache\"}";
        assertThat(value(after.body(), refreshed)).isEqualTo(value(before, refreshed) + 1);
        assertThat(value(after.body(), rejected)).isEqualTo(value(before, rejected) + 1);
        assertThat(value(after.body(), invalidGrant)).isEqualTo(value(before, invalidGrant) + 1);
        assertThat(value(after.body(), fromCache)).isGreaterThanOrEqualTo(value(before, fromCache) + 1);
        assertThat(after.body()).contains("tokenvault_refresh_latency_seconds_count{outcome=\"refreshed\"")
                .contains("tokenvault_connections{status=\"NEEDS_REAUTH\"}")
                .contains("tokenvault_sealed_values{column=\"connection_token.refresh_token_key_id\"")
                .doesNotContain(first.json().getString("accessToken"));
    }

    /** What a Prometheus scraper asks. */
    static Reply scrape(Api api) {
        return api.send(api.request("/api/v1/admin/metrics")
                .setHeader("Accept", "text/plain;version=0.0.4;q=0.3,*/*;q=0.1").GET());
    }

    /** A sample's value in the Prometheus text format; 0 when the series does not exist yet. */
    static double value(String exposition, String series) {
        return exposition.lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(series.length() + 1).trim())).orElse(0.0);
    }

    @Test
    void theOpenApiDocumentListsEveryEndpointOfTheContract() throws Exception {
        HttpResponse<String> doc = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(Api.baseUrl() + "/openapi?format=JSON")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(doc.statusCode()).isEqualTo(200);
        JsonObject root = Json.createReader(new StringReader(doc.body())).readObject();
        // the paths are the server's own (the API's WAR is at /api, the OAuth endpoints at /): no server entry may
        // move them under another prefix
        assertThat(root.containsKey("servers") ? root.getJsonArray("servers").toString() : "[]").as(doc.body()
                .substring(0, Math.min(400, doc.body().length()))).doesNotContain("/api");
        assertThat(root.getJsonObject("info").getString("title", null)).as(root.getJsonObject("info").toString())
                .isEqualTo("Tokenvault API");
        JsonObject paths = root.getJsonObject("paths");
        Set<String> documented = paths.entrySet().stream().flatMap(p -> p.getValue().asJsonObject().keySet().stream()
                .map(method -> method.toUpperCase() + " " + p.getKey().replaceAll("\\{[^}]*}", "{}")))
                .collect(Collectors.toSet());
        assertThat(documented).containsAll(CONTRACT);
    }
}
