package io.tokenvault.it;

import static io.tokenvault.it.TenantsIT.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.tokenvault.it.Api.Reply;
import io.tokenvault.simulator.ProviderSimulator;
import io.tokenvault.simulator.SeededGrant;
import io.tokenvault.simulator.SimulatedClient;
import io.tokenvault.simulator.SimulatorClock;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The vault core over HTTP against the provider simulator: app registrations, imported grants, the token API under
 * concurrency, revocation, outages and disconnects; and afterwards, no secret in any log or database file.
 */
@ExtendWith(DatabaseUnderTest.class)
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class VaultCoreIT {

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
    void appRegistrationNeverEchoesTheSecretAndRollsItOver() {
        VaultFixture v = new VaultFixture(sim, LEAKS, "apps");
        String path = "/api/v1/tenants/" + v.tenant + "/apps/crm";
        String first = "first-secret-" + Instant.now().toEpochMilli();
        String second = "second-secret-" + Instant.now().toEpochMilli();
        LEAKS.remember(first);
        LEAKS.remember(second);
        Reply created = v.admin.put(path, "{\"provider\":\"oauth2\",\"clientId\":\"crm-client\",\"clientSecret\":\""
                + first + "\",\"scopes\":[\"a\",\"b\"],\"tokenEndpoint\":\"" + sim.tokenEndpoint() + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.body()).doesNotContain(first);
        JsonObject app = created.json();
        assertThat(app.getJsonArray("clientSecrets")).hasSize(1);
        assertThat(app.getJsonArray("clientSecrets").getJsonObject(0).getString("state")).isEqualTo("ACTIVE");
        assertThat(app.getJsonArray("clientSecrets").getJsonObject(0).getString("fingerprint")).startsWith("sha256:");
        assertThat(app.getString("redirectUri")).endsWith("/oauth/callback");

        Reply updated = v.admin.put(path, "{\"provider\":\"oauth2\",\"clientId\":\"crm-client\",\"clientSecret\":\""
                + second + "\",\"scopes\":[\"a\"],\"tokenEndpoint\":\"" + sim.tokenEndpoint() + "\"}");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().getJsonArray("clientSecrets")).extracting(s -> s.asJsonObject().getString("state"))
                .containsExactly("RETIRING", "ACTIVE");
        Reply read = v.admin.get(path);
        assertThat(read.body()).doesNotContain(first).doesNotContain(second);
        assertThat(read.json().getJsonArray("scopes")).hasSize(1);
    }

    @Test
    void invalidRegistrationsListEveryProblem() {
        VaultFixture v = new VaultFixture(sim, LEAKS, "badapp");
        Reply reply = v.admin.put("/api/v1/tenants/" + v.tenant + "/apps/crm",
                "{\"provider\":\"oauth2\",\"scopes\":[\"ok\",\"not ok\"],\"tokenEndpoint\":\"http://example.com/token\"}");
        assertProblem(reply, 400);
        assertThat(reply.json().getJsonArray("errors")).extracting(e -> e.asJsonObject().getString("field"))
                .contains("clientId", "clientSecret", "scopes[1]", "tokenEndpoint");
        Reply unknown = v.admin.put("/api/v1/tenants/" + v.tenant + "/apps/crm",
                "{\"provider\":\"myspace\",\"clientId\":\"x\",\"clientSecret\":\"y\"}");
        assertProblem(unknown, 400);
        assertThat(unknown.json().getJsonArray("errors").getJsonObject(0).getString("message")).contains("oauth2");
        assertProblem(v.worker.put("/api/v1/tenants/" + v.tenant + "/apps/crm", "{}"), 403);
        assertProblem(v.admin.get("/api/v1/tenants/" + v.tenant + "/apps/missing"), 404);
    }

    @Test
    void oidcAppsDiscoverTheirEndpoints() {
        VaultFixture v = new VaultFixture(sim, LEAKS, "oidc");
        sim.advertiseOfflineAccess(true);
        Reply created = v.admin.put("/api/v1/tenants/" + v.tenant + "/apps/idp", "{\"provider\":\"oidc\","
                + "\"clientId\":\"oidc-client\",\"clientSecret\":\"oidc-secret-value\",\"scopes\":[\"openid\"],"
                + "\"issuer\":\"" + sim.issuer() + "\"}");
        LEAKS.remember("oidc-secret-value");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().getString("tokenEndpoint")).isEqualTo(sim.tokenEndpoint().toString());
        assertThat(created.json().getString("authorizationEndpoint")).isEqualTo(sim.authorizationEndpoint().toString());
        assertThat(created.json().getJsonArray("scopes")).extracting(s -> s.toString().replace("\"", ""))
                .contains("openid", "offline_access");

        Reply broken = v.admin.put("/api/v1/tenants/" + v.tenant + "/apps/idp2", "{\"provider\":\"oidc\","
                + "\"clientId\":\"c\",\"clientSecret\":\"s-12345678\",\"issuer\":\"http://127.0.0.1:1/nowhere\"}");
        assertProblem(broken, 400);
        assertThat(broken.json().getString("detail")).contains("issuer").contains("discovery");
    }

    @Test
    void fiftyConcurrentCallersOnAnExpiredTokenCauseOneProviderCall() throws Exception {
        VaultFixture v = new VaultFixture(sim, LEAKS, "burst");
        SimulatedClient client = v.app("drive");
        client.behaviour().rotateRefreshTokens(true).reuseDetection(true);
        SeededGrant grant = sim.issueGrant(client.clientId(), "alice", "files.read");
        String id = v.importGrant("drive", "alice", grant.refreshToken(), grant.accessToken(),
                Instant.now().minusSeconds(60).toString());
        long before = sim.counters().tokenCalls(client.clientId());

        Set<String> tokens = ConcurrentHashMap.newKeySet();
        List<Integer> statuses = burst(50, () -> {
            Reply reply = v.token(id);
            if (reply.status() == 200) {
                tokens.add(reply.json().getString("accessToken"));
            }
            return reply.status();
        });

        assertThat(statuses).containsOnly(200);
        assertThat(tokens).hasSize(1).doesNotContain(grant.accessToken());
        assertThat(sim.counters().tokenCalls(client.clientId()) - before).isEqualTo(1);
        assertThat(sim.isGrantAlive(grant.grantId())).isTrue();
        assertThat(v.connection(id).getString("status")).isEqualTo("ACTIVE");

        // and the cached token is served without any further provider call
        assertThat(v.token(id).json().getString("accessToken")).isEqualTo(tokens.iterator().next());
        assertThat(sim.counters().tokenCalls(client.clientId()) - before).isEqualTo(1);
    }

    @Test
    void revokedGrantAnswersReauthorizationRequiredAfterExactlyOneCall() {
        VaultFixture v = new VaultFixture(sim, LEAKS, "revoke");
        SimulatedClient client = v.app("drive");
        SeededGrant grant = sim.issueGrant(client.clientId(), "bob", "files.read");
        String id = v.importGrant("drive", "bob", grant.refreshToken(), null, null);
        sim.revokeGrant(grant.grantId());
        long before = sim.counters().tokenCalls(client.clientId());

        Reply refused = v.token(id);
        assertProblem(refused, 409);
        assertThat(refused.json().getString("error")).isEqualTo("reauthorization_required");
        assertThat(refused.json().getString("reason")).isEqualTo("revoked");
        assertThat(refused.json().getString("remedy")).isNotBlank();
        for (int i = 0; i < 5; i++) {
            assertProblem(v.token(id), 409);
        }
        assertThat(sim.counters().tokenCalls(client.clientId()) - before).isEqualTo(1);

        JsonObject connection = v.connection(id);
        assertThat(connection.getString("status")).isEqualTo("NEEDS_REAUTH");
        assertThat(connection.getString("statusReason")).isEqualTo("revoked");
        assertThat(connection.getString("explanation")).isNotBlank();
        Reply listed = v.admin.get("/api/v1/tenants/" + v.tenant + "/connections?status=NEEDS_REAUTH&app=drive");
        assertThat(listed.json().getJsonArray("items")).extracting(i -> i.asJsonObject().getString("id"))
                .containsExactly(id);
    }

    @Test
    void providerOutageAnswers503WithRetryAfterAndLosesNothing() {
        VaultFixture v = new VaultFixture(sim, LEAKS, "outage");
        SimulatedClient client = v.app("drive");
        client.behaviour().rotateRefreshTokens(true).reuseDetection(true);
        SeededGrant grant = sim.issueGrant(client.clientId(), "carol", "files.read");
        String id = v.importGrant("drive", "carol", grant.refreshToken(), null, null);
        client.behaviour().failNext(20, 503);

        Reply unavailable = v.token(id);
        assertProblem(unavailable, 503);
        assertThat(unavailable.header("Retry-After")).isPresent();
        assertThat(v.connection(id).getString("status")).isEqualTo("ACTIVE");

        client.behaviour().clearFailures();
        Reply recovered = v.token(id);
        assertThat(recovered.status()).as(recovered.toString()).isEqualTo(200);
        assertThat(sim.isGrantAlive(grant.grantId())).isTrue();
    }

    @Test
    void disconnectRevokesAtTheProviderAndDeletesTheTokens() {
        VaultFixture v = new VaultFixture(sim, LEAKS, "disc");
        SimulatedClient client = v.app("drive");
        SeededGrant grant = sim.issueGrant(client.clientId(), "dave", "files.read");
        String id = v.importGrant("drive", "dave", grant.refreshToken(), null, null);
        assertThat(v.token(id).status()).isEqualTo(200);

        assertProblem(v.worker.delete("/api/v1/tenants/" + v.tenant + "/connections/" + id), 403);
        Reply deleted = v.admin.delete("/api/v1/tenants/" + v.tenant + "/connections/" + id);
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
        assertThat(deleted.json().getBoolean("revokedAtProvider")).isTrue();
        assertThat(sim.isGrantAlive(grant.grantId())).isFalse();
        assertProblem(v.admin.get("/api/v1/tenants/" + v.tenant + "/connections/" + id), 404);
        assertProblem(v.token(id), 404);
    }

    @Test
    void connectionsArePagedFilteredAndConfinedToTheirTenant() {
        VaultFixture v = new VaultFixture(sim, LEAKS, "list");
        SimulatedClient client = v.app("drive");
        for (int i = 0; i < 5; i++) {
            v.connect(client, "drive", "user-" + i);
        }
        Reply page = v.admin.get("/api/v1/tenants/" + v.tenant + "/connections?page=1&size=2");
        assertThat(page.json().getInt("total")).isEqualTo(5);
        assertThat(page.json().getJsonArray("items")).hasSize(2);
        assertThat(page.body()).doesNotContain("refreshToken").doesNotContain("accessToken\"");
        assertProblem(v.admin.get("/api/v1/tenants/" + v.tenant + "/connections?status=BROKEN&size=1000"), 400);

        VaultFixture other = new VaultFixture(sim, LEAKS, "other");
        String id = page.json().getJsonArray("items").getJsonObject(0).getString("id");
        assertProblem(other.worker.post("/api/v1/tenants/" + v.tenant + "/connections/" + id + "/access-token", "{}"),
                404);
        assertProblem(other.worker.post("/api/v1/tenants/" + other.tenant + "/connections/" + id + "/access-token",
                "{}"), 404);
        assertThat(other.admin.get("/api/v1/tenants/" + other.tenant + "/connections").json().getInt("total"))
                .isZero();
    }

    @Test
    void importValidatesEveryField() {
        VaultFixture v = new VaultFixture(sim, LEAKS, "imp");
        Reply reply = v.admin.post("/api/v1/tenants/" + v.tenant + "/connections/import",
                "{\"app\":\"nope\",\"accessToken\":\"abc\",\"expiresAt\":\"tomorrow\"}");
        assertProblem(reply, 400);
        assertThat(reply.json().getJsonArray("errors")).extracting(e -> e.asJsonObject().getString("field"))
                .contains("app", "externalUserId", "refreshToken", "expiresAt");
        assertThat(reply.body()).doesNotContain("abc\"");
    }

    private static List<Integer> burst(int callers, java.util.concurrent.Callable<Integer> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            CountDownLatch ready = new CountDownLatch(callers);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> results = new java.util.ArrayList<>();
            for (int i = 0; i < callers; i++) {
                results.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return call.call();
                }));
            }
            ready.await();
            go.countDown();
            List<Integer> statuses = new java.util.ArrayList<>();
            for (Future<Integer> result : results) {
                statuses.add(result.get(120, TimeUnit.SECONDS));
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

}
