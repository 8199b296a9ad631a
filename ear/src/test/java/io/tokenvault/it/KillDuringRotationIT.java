package io.tokenvault.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenvault.it.Api.Reply;
import io.tokenvault.simulator.ProviderSimulator;
import io.tokenvault.simulator.SeededGrant;
import io.tokenvault.simulator.SimulatedClient;
import io.tokenvault.simulator.SimulatorClock;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The server process killed (SIGKILL) in the middle of {@code rotate-encryption-key} and started again: the job
 * restarts by itself from its last checkpoint (JBeret's JDBC job repository in the application's database) and
 * completes; every token still decrypts to exactly what was imported, so nothing was lost or encrypted twice.
 *
 * <p>This test runs its own WildFly (a copy of the provisioned server, port offset 200, its own data directory or
 * PostgreSQL schema), because it kills it.
 */
@ExtendWith(DatabaseUnderTest.class)
class KillDuringRotationIT {

    static final int OFFSET = 200;
    static final int CONNECTIONS = 600;
    static final String BASE = "http://127.0.0.1:" + (8080 + OFFSET);

    static ProviderSimulator sim;
    static final SecretLeakScan LEAKS = new SecretLeakScan();
    static Path dataDir;
    static ServerProcess server;

    @BeforeAll
    static void prepare() throws Exception {
        sim = ProviderSimulator.start(SimulatorClock.ticking());
        String db = DatabaseUnderTest.name();
        Path target = Path.of("target").toAbsolutePath();
        server = ServerProcess.copyOf(target.resolve(db.equals("postgresql") ? "server-postgresql" : "server"),
                target.resolve("kill-test-server-" + db), OFFSET);
        dataDir = target.resolve("kill-test-data-" + db);
        ServerProcess.deleteTree(dataDir);
        Files.createDirectories(dataDir);
        if (db.equals("postgresql")) {
            try (Connection c = DriverManager.getConnection(pgBase(), System.getProperty("tokenvault.it.postgresql.user"),
                    ""); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS tokenvault_kill CASCADE");
                s.execute("CREATE SCHEMA tokenvault_kill");
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        server.kill();
        LEAKS.alsoScan(server.logs(), dataDir);
        if (DatabaseUnderTest.name().equals("postgresql")) {
            LEAKS.postgresqlAt(pgBase() + "?currentSchema=tokenvault_kill");
        }
        LEAKS.closeAndAssertNoLeaks(sim);
    }

    @Test
    void aServerKilledMidRotationRestartsTheJobFromItsCheckpointAndLosesNothing() throws Exception {
        start();
        Api admin = Api.at(BASE, Api.adminKey());
        String tenant = "kill-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(admin.post("/api/v1/tenants", "{\"id\":\"" + tenant + "\",\"name\":\"Kill\"}").status())
                .isEqualTo(201);
        String clientId = "kill-client-" + UUID.randomUUID().toString().substring(0, 8);
        String secret = "kill-secret-" + UUID.randomUUID();
        LEAKS.remember(secret);
        SimulatedClient client = sim.registerClient(clientId, secret);
        Reply app = admin.put("/api/v1/tenants/" + tenant + "/apps/crm", "{\"provider\":\"oauth2\",\"clientId\":\""
                + clientId + "\",\"clientSecret\":\"" + secret + "\",\"scopes\":[\"files.read\"],\"tokenEndpoint\":\""
                + sim.tokenEndpoint() + "\"}");
        assertThat(app.status()).as(app.toString()).isEqualTo(201);
        String expiresAt = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        Map<String, String> accessTokens = new LinkedHashMap<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            SeededGrant grant = sim.issueGrant(client.clientId(), "user-" + i, "files.read");
            LEAKS.remember(grant.refreshToken());
            LEAKS.remember(grant.accessToken());
            Reply imported = admin.post("/api/v1/tenants/" + tenant + "/connections/import", "{\"app\":\"crm\","
                    + "\"externalUserId\":\"user-" + i + "\",\"refreshToken\":\"" + grant.refreshToken()
                    + "\",\"accessToken\":\"" + grant.accessToken() + "\",\"expiresAt\":\"" + expiresAt + "\"}");
            assertThat(imported.status()).as(imported.toString()).isEqualTo(201);
            accessTokens.put(imported.json().getString("id"), grant.accessToken());
        }
        long oldKey = keys(admin, tenant).getJsonNumber("primaryKeyId").longValue();

        // small chunks with a rest after each: the job is still running when the server is killed
        Reply rotated = admin.post("/api/v1/admin/encryption-keys/rotate?tenant=" + tenant
                + "&chunkSize=10&threads=1&connectionRanges=1&chunkPauseMillis=100", "");
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(202);
        String job = rotated.json().getJsonObject("job").getString("id");
        long doneBeforeKill = awaitProgress(admin, job, 100);
        server.kill();
        assertThat(doneBeforeKill).isBetween(100L, (long) CONNECTIONS - 1);

        start();
        JsonObject ended = awaitEnd(admin, job);
        assertThat(ended.getString("status")).as(ended.toString()).isEqualTo("COMPLETED");
        JsonObject progress = ended.getJsonObject("progress");
        long total = progress.getJsonNumber("total").longValue();
        assertThat(total).isEqualTo(CONNECTIONS + 1); // the connections and the app's client secret
        assertThat(progress.getJsonNumber("failed").longValue()).isZero();
        assertThat(progress.getJsonNumber("done").longValue() + progress.getJsonNumber("skipped").longValue())
                .isEqualTo(total);
        JsonObject keys = keys(admin, tenant);
        assertThat(EncryptionKeyRotationIT.rowsUnder(keys, oldKey)).isZero();

        // nothing double-encrypted or lost: with the old key destroyed, every access token decrypts to the very
        // token imported, and every refresh token still refreshes at the provider
        assertThat(admin.post("/api/v1/admin/encryption-keys/" + tenant + "/" + oldKey + "/destroy", "").status())
                .isEqualTo(200);
        String workerKey = Api.keyOf(admin.post("/api/v1/tenants/" + tenant + "/api-keys", "{\"role\":\"worker\"}")
                .json());
        LEAKS.remember(workerKey);
        Api worker = Api.at(BASE, workerKey);
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, String> c : accessTokens.entrySet()) {
            Reply token = worker.post("/api/v1/tenants/" + tenant + "/connections/" + c.getKey() + "/access-token",
                    "{}");
            if (token.status() != 200 || !token.json().getString("accessToken").equals(c.getValue())) {
                wrong.add(c.getKey() + ": " + token.status());
            }
        }
        assertThat(wrong).as("connections whose stored access token changed or was lost").isEmpty();
        long refreshesBefore = sim.counters().refreshSuccesses();
        for (String connection : accessTokens.keySet().stream().limit(50).toList()) {
            Reply refreshed = worker.post("/api/v1/tenants/" + tenant + "/connections/" + connection
                    + "/access-token", "{\"minValiditySeconds\":86400}");
            assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
            LEAKS.remember(refreshed.json().getString("accessToken"));
        }
        assertThat(sim.counters().refreshSuccesses() - refreshesBefore).isEqualTo(50);
    }

    static long awaitProgress(Api admin, String job, long atLeast) throws InterruptedException {
        for (int i = 0; i < 2400; i++) {
            JsonObject view = admin.get("/api/v1/jobs/" + job).json();
            long done = view.getJsonObject("progress").getJsonNumber("done").longValue();
            if (done >= atLeast) {
                assertThat(view.getString("status")).as(view.toString()).isEqualTo("STARTED");
                return done;
            }
            Thread.sleep(25); // waiting for the job to get going, not timing it
        }
        throw new AssertionError("job " + job + " made no progress");
    }

    static JsonObject awaitEnd(Api admin, String job) throws InterruptedException {
        for (int i = 0; i < 1200; i++) {
            Reply reply = admin.get("/api/v1/jobs/" + job);
            if (reply.status() == 200) {
                String status = reply.json().getString("status");
                if (!List.of("STARTING", "STARTED", "STOPPING").contains(status)) {
                    return reply.json();
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("job " + job + " did not end within 240 s of the restart");
    }

    /**
     * Waits for the job to reach {@code status}; a job another node takes over shows its dead run as FAILED for a
     * moment, between the sweep marking that run and restarting it, so a first terminal status is not yet the end.
     * Returns the last state seen (the caller asserts on it).
     */
    static JsonObject awaitStatus(Api admin, String job, String status) throws InterruptedException {
        JsonObject last = null;
        for (int i = 0; i < 1200; i++) {
            Reply reply = admin.get("/api/v1/jobs/" + job);
            if (reply.status() == 200) {
                last = reply.json();
                if (status.equals(last.getString("status"))) {
                    return last;
                }
            }
            Thread.sleep(200);
        }
        return last;
    }

    static JsonObject keys(Api admin, String tenant) {
        Reply reply = admin.get("/api/v1/admin/encryption-keys?tenant=" + tenant);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.array().getJsonObject(0);
    }

    static void start() throws IOException, InterruptedException {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("TOKENVAULT_DATA_DIR", dataDir.toString());
        if (DatabaseUnderTest.name().equals("postgresql")) {
            env.put("TOKENVAULT_DB_URL", pgBase() + "?currentSchema=tokenvault_kill");
        }
        server.start(env);
    }

    static String pgBase() {
        String url = System.getProperty("tokenvault.it.postgresql.url");
        return url.substring(0, url.indexOf('?'));
    }
}
