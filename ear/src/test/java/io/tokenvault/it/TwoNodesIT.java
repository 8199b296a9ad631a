package io.tokenvault.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tokenvault.it.Api.Reply;
import io.tokenvault.simulator.ProviderSimulator;
import io.tokenvault.simulator.SeededGrant;
import io.tokenvault.simulator.SimulatedClient;
import io.tokenvault.simulator.SimulatorClock;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two real WildFly nodes (the HA configuration: JGroups over TCP, members found through the shared database) on one
 * PostgreSQL schema and the provider simulator, as operators run Tokenvault behind a load balancer.
 *
 * <p>Runs in the PostgreSQL half of the suite only: embedded H2 belongs to one server.
 */
@ExtendWith(DatabaseUnderTest.class)
class TwoNodesIT {

    static final String SCHEMA = "tokenvault_nodes";
    static final Duration SWEEP_PERIOD = Duration.ofSeconds(2);
    static final SecretLeakScan LEAKS = new SecretLeakScan();

    static ProviderSimulator sim;
    static Path dataDir;
    static ServerProcess nodeA;
    static ServerProcess nodeB;
    static Api adminA;
    static Api adminB;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        assumeTrue("postgresql".equals(DatabaseUnderTest.name()), "two nodes need a shared database (PostgreSQL)");
        sim = ProviderSimulator.start(SimulatorClock.ticking());
        try (Connection c = DriverManager.getConnection(pgBase(), System.getProperty("tokenvault.it.postgresql.user"),
                ""); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            s.execute("CREATE SCHEMA " + SCHEMA);
        }
        Path target = Path.of("target").toAbsolutePath();
        // one data directory for both: it holds the key-encryption key, which every node must share (in production a
        // mounted secret or a KMS)
        dataDir = target.resolve("two-nodes-data");
        ServerProcess.deleteTree(dataDir);
        Files.createDirectories(dataDir);
        nodeA = ServerProcess.copyOf(target.resolve("server-postgresql"), target.resolve("two-nodes-a"), 600);
        nodeB = ServerProcess.copyOf(target.resolve("server-postgresql"), target.resolve("two-nodes-b"), 700);
        start(nodeA, "node-a");
        start(nodeB, "node-b");
        adminA = Api.at(nodeA.baseUrl(), Api.adminKey());
        adminB = Api.at(nodeB.baseUrl(), Api.adminKey());
        awaitMembers(adminA, 2);
        awaitMembers(adminB, 2);
    }

    /** A test that killed node B and failed before starting it again must not fail the tests after it. */
    @BeforeEach
    void bothNodesUp() throws Exception {
        if (sim != null && !nodeB.isRunning()) {
            start(nodeB, "node-b");
            awaitMembers(adminA, 2);
        }
    }

    @AfterAll
    static void stopNodes() throws Exception {
        if (sim == null) {
            return;
        }
        nodeA.kill();
        nodeB.kill();
        LEAKS.alsoScan(nodeA.logs(), nodeB.logs(), dataDir);
        LEAKS.postgresqlAt(pgBase() + "?currentSchema=" + SCHEMA);
        LEAKS.closeAndAssertNoLeaks(sim);
    }

    @Test
    void twoHundredCallersOverBothNodesOnTwentyExpiredConnectionsCauseExactlyTwentyProviderCalls() throws Exception {
        Tenant t = Tenant.create("burst");
        SimulatedClient client = t.app("drive");
        // strict rotation with reuse detection: a second refresh of one grant would kill it
        client.behaviour().rotateRefreshTokens(true).reuseDetection(true);
        List<String> connections = new ArrayList<>();
        List<SeededGrant> grants = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            SeededGrant grant = sim.issueGrant(client.clientId(), "user-" + i, "files.read");
            grants.add(grant);
            connections.add(t.importGrant("drive", "user-" + i, grant, Instant.now().minusSeconds(60)));
        }
        long before = sim.counters().tokenCalls(client.clientId());

        Map<String, Set<String>> tokensByConnection = new ConcurrentHashMap<>();
        List<Integer> statuses = burst(200, i -> {
            String connection = connections.get(i % 20);
            Reply reply = t.worker(i % 2 == 0 ? nodeA : nodeB).post(t.tokenPath(connection), "{}");
            if (reply.status() == 200) {
                tokensByConnection.computeIfAbsent(connection, k -> ConcurrentHashMap.newKeySet())
                        .add(reply.json().getString("accessToken"));
            }
            return reply.status();
        });

        assertThat(statuses).hasSize(200).containsOnly(200);
        assertThat(sim.counters().tokenCalls(client.clientId()) - before).isEqualTo(20);
        assertThat(tokensByConnection).hasSize(20);
        tokensByConnection.forEach((connection, tokens) -> assertThat(tokens).as(connection).hasSize(1));
        assertThat(grants).allMatch(g -> sim.isGrantAlive(g.grantId()));
    }

    @Test
    void aSecretChangedOnNodeAIsUsedByNodeBWithinOneSecond() throws Exception {
        Tenant t = Tenant.create("secret");
        SimulatedClient client = t.app("crm");
        SeededGrant first = sim.issueGrant(client.clientId(), "ann", "files.read");
        SeededGrant second = sim.issueGrant(client.clientId(), "ben", "files.read");
        String warm = t.importGrant("crm", "ann", first, Instant.now().minusSeconds(60));
        String probe = t.importGrant("crm", "ben", second, Instant.now().minusSeconds(60));
        // node B refreshes with the registration it holds in memory
        assertThat(t.worker(nodeB).post(t.tokenPath(warm), "{}").status()).isEqualTo(200);

        // the provider replaces the secret (the old one stops working at once), and the tenant admin tells node A
        String newSecret = "secret-" + UUID.randomUUID();
        LEAKS.remember(newSecret);
        client.addSecret(newSecret);
        client.removeSecret(t.secret);
        Reply changed = adminA.put("/api/v1/tenants/" + t.id + "/apps/crm", t.registration(client, newSecret));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        long changedAt = System.nanoTime();

        // until node B uses the new secret its refresh is refused (invalid_client), which harms nothing
        Reply served;
        do {
            served = t.worker(nodeB).post(t.tokenPath(probe), "{}");
        } while (served.status() != 200 && System.nanoTime() - changedAt < TimeUnit.SECONDS.toNanos(1));
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - changedAt);
        System.out.println("Node B refreshed with the secret changed on node A after " + tookMillis + " ms");
        assertThat(served.status()).as("node B still used the old secret 1 s after the change: " + served)
                .isEqualTo(200);
        assertThat(sim.isGrantAlive(second.grantId())).isTrue();
    }

    @Test
    void theExpiryForecastRunsOncePerPeriodAcrossBothNodes() throws Exception {
        Instant from = Instant.now();
        List<JsonObject> runs = awaitRuns(from, 6, Duration.ofSeconds(90));
        // both nodes' timers fire every period; the lease lets one of them run it
        for (int i = 1; i < runs.size(); i++) {
            Duration gap = Duration.between(started(runs.get(i - 1)), started(runs.get(i)));
            assertThat(gap).as("runs %s and %s", runs.get(i - 1), runs.get(i))
                    .isGreaterThanOrEqualTo(SWEEP_PERIOD.multipliedBy(4).dividedBy(5));
        }
        System.out.println("Expiry forecast runs: " + runs.stream().map(r -> r.getString("node") + "@"
                + r.getString("startedAt")).toList());
    }

    @Test
    void nodeBKilledWhileCallersKeepAskingLeavesEveryCallerOnNodeAServedAndNoGrantLost() throws Exception {
        Tenant t = Tenant.create("kill");
        SimulatedClient client = t.app("drive");
        // rotation with reuse detection and a grace period, as Okta and Auth0 do it: a refresh token whose successor
        // was lost with a dying node still works for a while
        client.behaviour().rotateRefreshTokens(true).reuseDetection(true).reuseGracePeriod(Duration.ofMinutes(5));
        List<String> connections = new ArrayList<>();
        List<SeededGrant> grants = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            SeededGrant grant = sim.issueGrant(client.clientId(), "user-" + i, "files.read");
            grants.add(grant);
            connections.add(t.importGrant("drive", "user-" + i, grant, Instant.now().minusSeconds(60)));
        }
        // every call asks for a token valid for a day, longer than the provider's: each one refreshes
        String forceRefresh = "{\"minValiditySeconds\":86400}";
        CountDownLatch warmedUp = new CountDownLatch(8);
        AtomicInteger afterKillOnA = new AtomicInteger();
        List<Integer> statusesOnA = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicBoolean killed = new java.util.concurrent.atomic.AtomicBoolean();
        ExecutorService callers = Executors.newFixedThreadPool(8);
        List<Future<?>> loops = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            int caller = c;
            ServerProcess node = caller % 2 == 0 ? nodeA : nodeB;
            loops.add(callers.submit(() -> {
                int calls = 0;
                while (node == nodeA ? afterKillOnA.get() < 40 : !killed.get()) {
                    String connection = connections.get((caller + calls) % connections.size());
                    try {
                        Reply reply = t.worker(node).post(t.tokenPath(connection), forceRefresh);
                        if (node == nodeA) {
                            statusesOnA.add(reply.status());
                            if (killed.get()) {
                                afterKillOnA.incrementAndGet();
                            }
                        }
                    } catch (RuntimeException e) {
                        if (node == nodeA) {
                            throw e;
                        }
                        // node B is gone: its callers stop (a load balancer would send them to node A)
                    }
                    if (++calls == 3) {
                        warmedUp.countDown();
                    }
                }
                return null;
            }));
        }
        assertThat(warmedUp.await(120, TimeUnit.SECONDS)).isTrue();
        Instant killedAt = Instant.now();
        nodeB.kill();
        killed.set(true);
        for (Future<?> loop : loops) {
            loop.get(180, TimeUnit.SECONDS);
        }
        callers.shutdown();

        assertThat(statusesOnA).isNotEmpty().containsOnly(200);
        assertThat(afterKillOnA.get()).isGreaterThanOrEqualTo(40);
        // no grant lost: each still refreshes through the surviving node
        for (String connection : connections) {
            Reply reply = t.worker(nodeA).post(t.tokenPath(connection), forceRefresh);
            assertThat(reply.status()).as(connection + ": " + reply).isEqualTo(200);
        }
        assertThat(grants).allMatch(g -> sim.isGrantAlive(g.grantId()));
        // and the sweep goes on, on the surviving node
        List<JsonObject> runs = awaitRuns(killedAt.plusSeconds(1), 2, Duration.ofSeconds(60));
        assertThat(runs).allMatch(r -> r.getString("node").equals("node-a"));

        // node B comes back and joins again (the other tests do not depend on the order)
        start(nodeB, "node-b");
        awaitMembers(adminA, 2);
    }

    @Test
    void aJobWhoseNodeDiesIsRestartedOnTheOtherNodeFromItsCheckpoint() throws Exception {
        Tenant t = Tenant.create("job");
        SimulatedClient client = t.app("crm");
        Map<String, String> accessTokens = new LinkedHashMap<>();
        for (int i = 0; i < 300; i++) {
            SeededGrant grant = sim.issueGrant(client.clientId(), "user-" + i, "files.read");
            accessTokens.put(t.importGrant("crm", "user-" + i, grant, Instant.now().plusSeconds(86_400)),
                    grant.accessToken());
        }
        long oldKey = KillDuringRotationIT.keys(adminA, t.id).getJsonNumber("primaryKeyId").longValue();
        // started through node B, so it runs there; small chunks with a rest after each keep it running a while
        Reply rotated = adminB.post("/api/v1/admin/encryption-keys/rotate?tenant=" + t.id
                + "&chunkSize=10&threads=1&connectionRanges=1&chunkPauseMillis=200", "");
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(202);
        String job = rotated.json().getJsonObject("job").getString("id");
        KillDuringRotationIT.awaitProgress(adminB, job, 20);

        // node B is alive: restarting its running job elsewhere would run it twice, and is refused
        Reply refused = adminA.post("/api/v1/jobs/" + job + "/restart", "");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.json().getString("detail")).contains("node-b");

        nodeB.kill();
        // no operator: node A's orphaned-jobs sweep sees node B's heartbeat stop and restarts the job from its checkpoint
        JsonObject ended = KillDuringRotationIT.awaitStatus(adminA, job, "COMPLETED");
        assertThat(ended.getString("status")).as(ended.toString()).isEqualTo("COMPLETED");
        JsonObject progress = ended.getJsonObject("progress");
        assertThat(progress.getJsonNumber("failed").longValue()).isZero();
        assertThat(progress.getJsonNumber("done").longValue() + progress.getJsonNumber("skipped").longValue())
                .isEqualTo(progress.getJsonNumber("total").longValue());
        assertThat(EncryptionKeyRotationIT.rowsUnder(KillDuringRotationIT.keys(adminA, t.id), oldKey)).isZero();
        List<String> wrong = new ArrayList<>();
        accessTokens.forEach((connection, token) -> {
            Reply reply = t.worker(nodeA).post(t.tokenPath(connection), "{}");
            if (reply.status() != 200 || !reply.json().getString("accessToken").equals(token)) {
                wrong.add(connection + ": " + reply.status());
            }
        });
        assertThat(wrong).as("connections whose stored token changed or was lost").isEmpty();

        start(nodeB, "node-b");
        awaitMembers(adminA, 2);
    }

    // ---- fixtures

    /** A tenant with a worker key and an app registered at the simulator. */
    static final class Tenant {
        final String id;
        final String workerKey;
        String secret;

        private Tenant(String id, String workerKey) {
            this.id = id;
            this.workerKey = workerKey;
        }

        static Tenant create(String prefix) {
            String id = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
            Reply created = adminA.post("/api/v1/tenants", "{\"id\":\"" + id + "\",\"name\":\"Tenant " + id + "\"}");
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            Reply key = adminA.post("/api/v1/tenants/" + id + "/api-keys", "{\"role\":\"worker\",\"label\":\"w\"}");
            assertThat(key.status()).as(key.toString()).isEqualTo(201);
            LEAKS.remember(key.json().getString("key"));
            return new Tenant(id, key.json().getString("key"));
        }

        SimulatedClient app(String appKey) {
            String clientId = "client-" + UUID.randomUUID().toString().substring(0, 8);
            secret = "secret-" + UUID.randomUUID();
            LEAKS.remember(secret);
            SimulatedClient client = sim.registerClient(clientId, secret);
            Reply reply = adminA.put("/api/v1/tenants/" + id + "/apps/" + appKey, registration(client, secret));
            assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
            return client;
        }

        String registration(SimulatedClient client, String clientSecret) {
            return "{\"provider\":\"oauth2\",\"clientId\":\"" + client.clientId() + "\",\"clientSecret\":\""
                    + clientSecret + "\",\"scopes\":[\"files.read\"],\"tokenEndpoint\":\"" + sim.tokenEndpoint()
                    + "\",\"authorizationEndpoint\":\"" + sim.authorizationEndpoint() + "\"}";
        }

        String importGrant(String appKey, String user, SeededGrant grant, Instant expiresAt) {
            LEAKS.remember(grant.refreshToken());
            LEAKS.remember(grant.accessToken());
            Reply reply = adminA.post("/api/v1/tenants/" + id + "/connections/import", "{\"app\":\"" + appKey
                    + "\",\"externalUserId\":\"" + user + "\",\"refreshToken\":\"" + grant.refreshToken()
                    + "\",\"accessToken\":\"" + grant.accessToken() + "\",\"expiresAt\":\"" + expiresAt + "\"}");
            assertThat(reply.status()).as(reply.toString()).isIn(200, 201);
            return reply.json().getString("id");
        }

        Api worker(ServerProcess node) {
            return Api.at(node.baseUrl(), workerKey);
        }

        String tokenPath(String connection) {
            return "/api/v1/tenants/" + id + "/connections/" + connection + "/access-token";
        }
    }

    static void start(ServerProcess node, String name) throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("TOKENVAULT_DATA_DIR", dataDir.toString());
        env.put("TOKENVAULT_DB_URL", pgBase() + "?currentSchema=" + SCHEMA);
        env.put("TOKENVAULT_FORECAST_PERIOD_SECONDS", Long.toString(SWEEP_PERIOD.toSeconds()));
        env.put("TOKENVAULT_CLUSTER_HEARTBEAT_SECONDS", "1");
        env.put("TOKENVAULT_CLUSTER_NODE_DEAD_AFTER_SECONDS", "5");
        env.put("TOKENVAULT_JOBS_ORPHAN_CHECK_SECONDS", "2");
        node.start(env, "-Djboss.node.name=" + name);
    }

    /** Waits (up to a minute) until the node's cluster messaging sees {@code count} members. */
    static void awaitMembers(Api admin, int count) throws InterruptedException {
        Reply cluster = null;
        for (int i = 0; i < 600; i++) {
            cluster = admin.get("/api/v1/admin/cluster");
            if (cluster.status() == 200 && cluster.json().getJsonArray("members").size() == count) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the cluster did not reach " + count + " members: " + cluster);
    }

    /** Waits until at least {@code count} forecast runs started at or after {@code from}; oldest first. */
    static List<JsonObject> awaitRuns(Instant from, int count, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        List<JsonObject> runs = List.of();
        while (System.nanoTime() < deadline) {
            Reply reply = adminA.get("/api/v1/admin/sweeps/expiry-forecast/runs?limit=1000");
            assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
            runs = reply.array().stream().map(JsonValue::asJsonObject).filter(r -> !started(r).isBefore(from))
                    .sorted(java.util.Comparator.comparing(TwoNodesIT::started)).toList();
            if (runs.size() >= count) {
                return runs;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("only " + runs.size() + " forecast runs since " + from + ": " + runs);
    }

    static Instant started(JsonObject run) {
        return Instant.parse(run.getString("startedAt"));
    }

    /** Runs {@code callers} calls at once (released together by a latch); returns their statuses. */
    static List<Integer> burst(int callers, java.util.function.IntFunction<Integer> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            CountDownLatch ready = new CountDownLatch(callers);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                int caller = i;
                results.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return call.apply(caller);
                }));
            }
            ready.await();
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> result : results) {
                statuses.add(result.get(120, TimeUnit.SECONDS));
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    static String pgBase() {
        String url = System.getProperty("tokenvault.it.postgresql.url");
        return url.substring(0, url.indexOf('?'));
    }
}
