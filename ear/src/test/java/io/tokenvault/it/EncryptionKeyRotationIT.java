package io.tokenvault.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenvault.it.Api.Reply;
import io.tokenvault.simulator.ProviderSimulator;
import io.tokenvault.simulator.SimulatedClient;
import io.tokenvault.simulator.SimulatorClock;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Encryption-key rotation through the API and the {@code rotate-encryption-key} batch job (JBeret, JDBC job
 * repository): rotation while refreshes rotate refresh tokens underneath it, the counts adding up, and an old key that
 * cannot be destroyed while a single value still uses it.
 */
@ExtendWith(DatabaseUnderTest.class)
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class EncryptionKeyRotationIT {

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
    void rotationWhileRefreshesRotateTokensLosesNothingAndTheCountsAddUp() throws Exception {
        VaultFixture v = new VaultFixture(sim, LEAKS, "rot");
        SimulatedClient client = v.app("crm");
        client.behaviour().rotateRefreshTokens(true).reuseDetection(true)
                .accessTokenLifetime(Duration.ofMinutes(5));
        List<String> connections = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            connections.add(v.connect(client, "crm", "user-" + i));
        }
        long oldKey = primaryKey(v.tenant);

        // workers keep refreshing (every call asks for more validity than a token has) while the job runs
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger served = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(4);
        ExecutorService workers = Executors.newFixedThreadPool(4);
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int offset = w;
            running.add(workers.submit(() -> {
                started.countDown();
                for (int i = offset; !stop.get(); i += 4) {
                    Reply reply = v.token(connections.get(i % connections.size()), "{\"minValiditySeconds\":3600}");
                    if (reply.status() == 200) {
                        LEAKS.remember(reply.json().getString("accessToken"));
                        served.incrementAndGet();
                    } else {
                        refused.incrementAndGet();
                    }
                }
            }));
        }
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

        Reply rotated = v.admin.post("/api/v1/admin/encryption-keys/rotate?tenant=" + v.tenant + "&chunkSize=10",
                "");
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(202);
        long newKey = rotated.json().getJsonNumber("keyId").longValue();
        assertThat(newKey).isNotEqualTo(oldKey);
        JsonObject job = awaitEnd(rotated.json().getJsonObject("job").getString("id"));
        stop.set(true);
        for (Future<?> f : running) {
            f.get(60, TimeUnit.SECONDS);
        }
        workers.shutdown();

        assertThat(job.getString("status")).as(job.toString()).isEqualTo("COMPLETED");
        JsonObject progress = job.getJsonObject("progress");
        long total = progress.getJsonNumber("total").longValue();
        // at most the 120 connections and the app's client secret: a row a refresh rewrote between the rotation and
        // the job's count is already under the new key and is not part of the job
        assertThat(total).isBetween(1L, 121L);
        assertThat(progress.getJsonNumber("failed").longValue()).isZero();
        assertThat(progress.getJsonNumber("done").longValue() + progress.getJsonNumber("skipped").longValue())
                .isEqualTo(total);
        assertThat(refused.get()).as("token calls refused during the rotation").isZero();
        assertThat(served.get()).isPositive();

        JsonObject keys = tenantKeys(v.tenant);
        assertThat(rowsUnder(keys, oldKey)).isZero();
        assertThat(rowsUnder(keys, newKey)).isGreaterThanOrEqualTo(120);
        // every grant still alive at the provider, every connection still answers, with the old key gone
        assertThat(v.admin.post("/api/v1/admin/encryption-keys/" + v.tenant + "/" + oldKey + "/destroy", "")
                .status()).isEqualTo(200);
        for (String connection : connections) {
            Reply reply = v.token(connection, "{\"minValiditySeconds\":3600}");
            assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
            LEAKS.remember(reply.json().getString("accessToken"));
        }
        assertThat(stateOf(tenantKeys(v.tenant), oldKey)).isEqualTo("DESTROYED");
    }

    @Test
    void anOldKeyCannotBeDestroyedWhileAValueStillUsesIt() throws Exception {
        VaultFixture v = new VaultFixture(sim, LEAKS, "destroy");
        SimulatedClient client = v.app("crm");
        String connection = v.connect(client, "crm", "held-user");
        long oldKey = primaryKey(v.tenant);
        Reply primary = v.admin.post("/api/v1/admin/encryption-keys/" + v.tenant + "/" + oldKey + "/destroy", "");
        assertThat(primary.status()).as(primary.toString()).isEqualTo(409);
        assertThat(primary.json().getString("detail")).contains("primary");

        // a refresh holds the connection's lease (its answer held at the provider) all through the rotation
        client.behaviour().timeoutNext(1, Duration.ofSeconds(60));
        ExecutorService caller = Executors.newSingleThreadExecutor();
        Future<Reply> refreshing = caller.submit(() -> v.token(connection));
        assertThat(sim.awaitHeldResponses(1, Duration.ofSeconds(30))).isTrue();

        // the job's one chunk rests 10 s before it writes: until then the old key still encrypts the tokens
        Reply rotated = v.admin.post("/api/v1/admin/encryption-keys/rotate?tenant=" + v.tenant
                + "&chunkSize=10&threads=1&connectionRanges=1&chunkPauseMillis=10000", "");
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(202);
        Reply refused = v.admin.post("/api/v1/admin/encryption-keys/" + v.tenant + "/" + oldKey + "/destroy", "");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.isProblem()).isTrue();
        assertThat(refused.json().getString("detail")).containsPattern("still encrypts [12] values");
        assertThat(stateOf(tenantKeys(v.tenant), oldKey)).isEqualTo("ENABLED");

        // the refresh in flight does not hold the rotation up (its lease is on the connection row, the sealed tokens
        // have a version of their own), and the rotation does not make the refresh fail to store its tokens
        JsonObject job = awaitEnd(rotated.json().getJsonObject("job").getString("id"));
        assertThat(job.getString("status")).as(job.toString()).isEqualTo("COMPLETED");
        assertThat(job.getJsonObject("progress").getInt("failed")).as(job.toString()).isZero();
        assertThat(rowsUnder(tenantKeys(v.tenant), oldKey)).isZero();
        assertThat(v.admin.post("/api/v1/admin/encryption-keys/" + v.tenant + "/" + oldKey + "/destroy", "")
                .status()).isEqualTo(200);
        sim.releaseHeldResponses();
        refreshing.get(60, TimeUnit.SECONDS);
        caller.shutdown();
        Reply token = v.token(connection);
        assertThat(token.status()).as(token.toString()).isEqualTo(200);
        LEAKS.remember(token.json().getString("accessToken"));
        assertThat(rowsUnder(tenantKeys(v.tenant), oldKey)).isZero();
    }

    @Test
    void onlyPlatformAdminsManageKeysAndTenantAdminsSeeOnlyTheirOwnJobs() throws Exception {
        VaultFixture v = new VaultFixture(sim, LEAKS, "keyauth");
        v.connect(v.app("crm"), "crm", "someone");
        Api tenantAdmin = Api.withKey(Api.keyOf(Api.issueKey(v.tenant, "tenant-admin")));
        assertThat(tenantAdmin.post("/api/v1/admin/encryption-keys/rotate", "").status()).isEqualTo(403);
        assertThat(v.worker.get("/api/v1/admin/encryption-keys").status()).isEqualTo(403);

        Reply rotated = v.admin.post("/api/v1/admin/encryption-keys/rotate?tenant=" + v.tenant, "");
        String job = rotated.json().getJsonObject("job").getString("id");
        assertThat(tenantAdmin.get("/api/v1/jobs/" + job).status()).isEqualTo(200);
        String other = Api.createTenant("keyother");
        Api otherAdmin = Api.withKey(Api.keyOf(Api.issueKey(other, "tenant-admin")));
        assertThat(otherAdmin.get("/api/v1/jobs/" + job).status()).isEqualTo(404);
        assertThat(v.admin.get("/api/v1/jobs/no-such-job").status()).isEqualTo(404);
        assertThat(v.admin.post("/api/v1/admin/encryption-keys/rotate?tenant=no-such-tenant", "").status())
                .isEqualTo(404);
        awaitEnd(job);

        String keysBefore = v.admin.get("/api/v1/admin/encryption-keys?tenant=" + v.tenant).body();
        assertThat(tenantAdmin.post("/api/v1/admin/encryption-keys/rotate?chunkSize=0", "").status()).isEqualTo(403);
        Reply bad = v.admin.post("/api/v1/admin/encryption-keys/rotate?tenant=" + v.tenant
                + "&chunkSize=0&busyYieldPercent=2000", "");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("chunkSize", "busyYieldPercent", "must be between 0 and 1000");
        // refused before anything changed: no new primary key
        assertThat(v.admin.get("/api/v1/admin/encryption-keys?tenant=" + v.tenant).body()).isEqualTo(keysBefore);
    }

    @Test
    void offboardingShredsTheTenantsKeysThenDeletesItsData() {
        VaultFixture v = new VaultFixture(sim, LEAKS, "offboard");
        SimulatedClient client = v.app("crm");
        String connection = v.connect(client, "crm", "leaving-user");
        Reply token = v.token(connection);
        assertThat(token.status()).isEqualTo(200);
        LEAKS.remember(token.json().getString("accessToken"));
        String tenantAdminKey = Api.keyOf(Api.issueKey(v.tenant, "tenant-admin"));
        Api tenantAdmin = Api.withKey(tenantAdminKey);
        assertThat(tenantAdmin.delete("/api/v1/tenants/" + v.tenant).status()).isEqualTo(403);

        Reply offboarded = v.admin.delete("/api/v1/tenants/" + v.tenant);
        assertThat(offboarded.status()).as(offboarded.toString()).isEqualTo(200);
        assertThat(offboarded.json().getBoolean("keysShredded")).isTrue();
        JsonObject deleted = offboarded.json().getJsonObject("deletedRows");
        assertThat(deleted.getInt("connection")).isEqualTo(1);
        assertThat(deleted.getInt("oauth_app")).isEqualTo(1);
        assertThat(deleted.getInt("api_key")).isEqualTo(2);
        assertThat(deleted.getInt("tenant")).isEqualTo(1);

        // the keys are gone with the tenant: no cached token, no key of the tenant, nothing left to read
        AuthenticationIT.assertUnauthenticated(v.token(connection));
        AuthenticationIT.assertUnauthenticated(tenantAdmin.get("/api/v1/tenants/" + v.tenant));
        assertThat(v.admin.get("/api/v1/tenants/" + v.tenant).status()).isEqualTo(404);
        assertThat(v.admin.get("/api/v1/admin/encryption-keys?tenant=" + v.tenant).status()).isEqualTo(404);
        assertThat(v.admin.delete("/api/v1/tenants/" + v.tenant).status()).isEqualTo(404);
    }

    @Test
    void kekRotationRewrapsTheKeysetsAndTokensStayReadable() {
        VaultFixture v = new VaultFixture(sim, LEAKS, "kek");
        SimulatedClient client = v.app("crm");
        String connection = v.connect(client, "crm", "kek-user");
        Reply first = v.token(connection);
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        LEAKS.remember(first.json().getString("accessToken"));
        Api admin = Api.asPlatformAdmin();
        assertThat(v.worker.post("/api/v1/admin/key-encryption-key/rotate", "").status()).isEqualTo(403);
        String before = admin.get("/api/v1/admin/key-encryption-key").json().getString("kekId");

        Reply rotated = admin.post("/api/v1/admin/key-encryption-key/rotate", "");

        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
        JsonObject r = rotated.json();
        assertThat(r.getString("previousKekId")).isEqualTo(before);
        assertThat(r.getString("kekId")).isNotEqualTo(before).startsWith("file:");
        assertThat(r.getInt("rewrapped")).isGreaterThanOrEqualTo(1);
        assertThat(r.getJsonArray("failedTenants")).isEmpty();
        JsonObject status = admin.get("/api/v1/admin/key-encryption-key").json();
        assertThat(status.getJsonObject("keysetsByKek").keySet()).containsExactly(r.getString("kekId"));
        assertThat(rotated.body()).doesNotContain("\"key\"").doesNotContain("value");
        // the data keys did not change, so the stored tokens are used as they are
        Reply again = v.token(connection, "{\"minValiditySeconds\":7200}");
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        LEAKS.remember(again.json().getString("accessToken"));
        assertThat(admin.post("/api/v1/admin/key-encryption-key/rewrap", "").json().getInt("rewrapped")).isZero();
    }

    static JsonObject awaitEnd(String jobId) throws InterruptedException {
        Api admin = Api.asPlatformAdmin();
        for (int i = 0; i < 600; i++) {
            Reply reply = admin.get("/api/v1/jobs/" + jobId);
            assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
            String status = reply.json().getString("status");
            if (!status.equals("STARTING") && !status.equals("STARTED") && !status.equals("STOPPING")) {
                return reply.json();
            }
            Thread.sleep(200); // polling for the end of an asynchronous job, not timing anything
        }
        throw new AssertionError("job " + jobId + " did not end within 120 s");
    }

    static JsonObject tenantKeys(String tenant) {
        Reply reply = Api.asPlatformAdmin().get("/api/v1/admin/encryption-keys?tenant=" + tenant);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.array().getJsonObject(0);
    }

    static long primaryKey(String tenant) {
        return tenantKeys(tenant).getJsonNumber("primaryKeyId").longValue();
    }

    static long rowsUnder(JsonObject keys, long keyId) {
        return keys.getJsonArray("keys").stream().map(JsonObject.class::cast)
                .filter(k -> k.getJsonNumber("keyId").longValue() == keyId)
                .mapToLong(k -> k.getJsonNumber("rows").longValue()).sum();
    }

    static String stateOf(JsonObject keys, long keyId) {
        return keys.getJsonArray("keys").stream().map(JsonObject.class::cast)
                .filter(k -> k.getJsonNumber("keyId").longValue() == keyId)
                .map(k -> k.getString("state")).findFirst().orElse("absent");
    }
}
