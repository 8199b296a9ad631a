package io.tokenvault.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import io.tokenvault.apps.control.AppRegistration;
import io.tokenvault.apps.entity.CredentialState;
import io.tokenvault.crypto.control.AssociatedData;
import io.tokenvault.crypto.control.FileKeyEncryptionKeySource;
import io.tokenvault.crypto.control.Hashes;
import io.tokenvault.crypto.control.KeyRing;
import io.tokenvault.crypto.control.Sealed;
import io.tokenvault.crypto.control.SecretValue;
import io.tokenvault.oauth.control.ClientCredentials;
import io.tokenvault.oauth.control.TokenEndpointClient;
import io.tokenvault.simulator.Behaviour;
import io.tokenvault.simulator.ProviderSimulator;
import io.tokenvault.simulator.SeededGrant;
import io.tokenvault.simulator.SimulatorClock;
import io.tokenvault.testsupport.TestDatabases;
import io.tokenvault.testsupport.TestDatabases.Database;
import io.tokenvault.tokens.control.AccessGrant;
import io.tokenvault.tokens.control.CircuitBreaker;
import io.tokenvault.tokens.control.ConnectionTokenStore;
import io.tokenvault.tokens.control.RefreshPolicy;
import io.tokenvault.tokens.control.TokenRefresher;
import io.tokenvault.tokens.control.TokenRow;
import io.tokenvault.tokens.control.TokenSetRows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.stream.Stream;
import org.h2.jdbcx.JdbcConnectionPool;
import org.postgresql.ds.PGConnectionPoolDataSource;

/**
 * Everything one refresh-engine test needs, set up from scratch: a fresh migrated database (H2 or PostgreSQL), a
 * tenant with its key ring, a provider simulator with one registered client, the app registered in the database and
 * in memory, and N engine instances ("nodes") over that one database, each with its own connection pool, key ring,
 * HTTP client, circuit breaker and cache, as separate servers would have. Time is a {@link SimulatorClock} shared by
 * the simulator and every node; it only moves when the test moves it.
 *
 * <p>While it is open, every log record of the application is captured; {@link #close()} fails the test if any of
 * them (or any exception message passed through {@link #attempt}) shows a token the simulator issued or a client
 * secret.
 *
 * <pre>{@code
 * try (EngineFixture f = EngineFixture.on(kind).nodes(2).start()) {
 *     f.behaviour().rotateRefreshTokens(true);
 *     EngineFixture.Linked alice = f.connect("alice");
 *     f.clock().advance(Duration.ofHours(1));
 *     AccessGrant grant = f.token(0, alice.id());
 * }
 * }</pre>
 */
final class EngineFixture implements AutoCloseable {

    static final String TENANT = "acme";
    static final String CLIENT_ID = "tokenvault-drive-app";
    static final Instant START = Instant.parse("2030-01-06T09:00:00Z");

    /** One engine instance: a server of the cluster. */
    record Node(String id, TokenRefresher engine, WatchedDataSource database, JdbcConnectionPool pool) {
    }

    /** A connection stored in the database and the simulator's grant behind it. */
    record Linked(String id, String userId, String grantId, SeededGrant seeded) {
    }

    /** What one call to the engine ended with. */
    record Outcome(AccessGrant grant, RuntimeException failure) {
        boolean succeeded() {
            return grant != null;
        }
    }

    /** Settings of a fixture; every one has a default that suits most tests. */
    static final class Builder {
        private final String kind;
        private int nodes = 1;
        private RefreshPolicy policy = RefreshPolicy.defaults().withRetryBase(Duration.ofMillis(1));
        private int breakerThreshold = 5;
        private Duration breakerOpenFor = Duration.ofSeconds(30);
        private Duration readTimeout = Duration.ofSeconds(10);
        private Duration skewMargin = Duration.ofSeconds(30);
        // real pauses: a caller waiting for another node's lease must yield while it polls
        private final TokenRefresher.Sleeper sleeper = d -> Thread.sleep(d.toMillis());
        private boolean retiringSecret;

        private Builder(String kind) {
            this.kind = kind;
        }

        Builder nodes(int count) {
            this.nodes = count;
            return this;
        }

        Builder leasePoll(Duration poll) {
            RefreshPolicy p = policy;
            this.policy = new RefreshPolicy(p.defaultBuffer(), p.leaseDuration(), p.rejectionWindow(),
                    p.transientRetries(), p.retryBase(), poll, p.maxWait(), p.cacheCapacity());
            return this;
        }

        Builder breaker(int threshold, Duration openFor) {
            this.breakerThreshold = threshold;
            this.breakerOpenFor = openFor;
            return this;
        }

        Builder readTimeout(Duration timeout) {
            this.readTimeout = timeout;
            return this;
        }

        Builder skewMargin(Duration margin) {
            this.skewMargin = margin;
            return this;
        }

        /** The app also holds a RETIRING client secret (a rollover in progress). */
        Builder withRetiringSecret() {
            this.retiringSecret = true;
            return this;
        }

        EngineFixture start() {
            return new EngineFixture(this);
        }
    }

    static Builder on(String kind) {
        return new Builder(kind);
    }

    private final SimulatorClock clock = SimulatorClock.fixedAt(START);
    private final ProviderSimulator sim;
    private final Database database;
    private final JdbcConnectionPool adminPool;
    private final ConnectionTokenStore adminStore;
    private final KeyRing adminKeyRing;
    private final Path kekDirectory;
    private final List<Node> nodes = new ArrayList<>();
    private final AtomicReference<AppRegistration> app = new AtomicReference<>();
    private final String activeSecret = "active-secret-" + UUID.randomUUID();
    private final String retiringSecret = "retiring-secret-" + UUID.randomUUID();
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final List<String> failureMessages = new CopyOnWriteArrayList<>();
    private final Logger applicationLogger = Logger.getLogger("io.tokenvault");
    private final Level previousLevel = applicationLogger.getLevel();
    private final Handler capture = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            if (record.getLoggerName() != null && record.getLoggerName().startsWith("io.tokenvault.simulator")) {
                return; // the provider's own log is not ours to judge
            }
            StringBuilder text = new StringBuilder(String.valueOf(record.getLoggerName())).append(' ')
                    .append(formatter.formatMessage(record));
            for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
                text.append(' ').append(t);
            }
            logged.add(text.toString());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private EngineFixture(Builder b) {
        database = TestDatabases.freshOf(b.kind); // skips the test when PostgreSQL cannot be reached
        sim = ProviderSimulator.start(clock);
        try {
            kekDirectory = Files.createTempDirectory("tokenvault-kek");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        FileKeyEncryptionKeySource kek = FileKeyEncryptionKeySource.open(kekDirectory);
        adminPool = pool(database);
        adminStore = new ConnectionTokenStore(adminPool);
        adminKeyRing = new KeyRing(adminPool, kek, clock);
        sim.registerClient(CLIENT_ID, activeSecret);
        seedTenantAndApp(b.retiringSecret);
        for (int i = 0; i < b.nodes; i++) {
            JdbcConnectionPool pool = pool(database);
            WatchedDataSource watched = new WatchedDataSource(pool);
            String nodeId = "node-" + (char) ('a' + i);
            TokenRefresher engine = new TokenRefresher(new ConnectionTokenStore(watched),
                    new KeyRing(watched, kek, clock), this::registration,
                    new TokenEndpointClient(clock, Duration.ofSeconds(5), b.readTimeout, b.skewMargin), clock, nodeId,
                    b.policy, new CircuitBreaker(clock, b.breakerThreshold, b.breakerOpenFor), b.sleeper);
            nodes.add(new Node(nodeId, engine, watched, pool));
        }
        capture.setLevel(Level.ALL);
        applicationLogger.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
    }

    private static JdbcConnectionPool pool(Database db) {
        JdbcConnectionPool pool;
        if (db.name().equals("h2")) {
            pool = JdbcConnectionPool.create(db.url(), db.user(), db.password());
        } else {
            PGConnectionPoolDataSource pg = new PGConnectionPoolDataSource();
            pg.setURL(db.url());
            pg.setUser(db.user());
            pg.setPassword(db.password());
            pool = JdbcConnectionPool.create(pg);
        }
        pool.setMaxConnections(8);
        return pool;
    }

    private void seedTenantAndApp(boolean withRetiring) {
        Instant now = clock.instant();
        String appId = UUID.randomUUID().toString();
        sql("INSERT INTO tenant (id, name, created_at, version) VALUES (?, ?, ?, 0)", TENANT, "Acme", now);
        sql("INSERT INTO oauth_app (id, tenant_id, app_key, provider, client_id, scopes, token_endpoint,"
                + " revocation_endpoint, token_endpoint_auth_method, created_at, updated_at, version)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)", appId, TENANT, "drive", "oauth2", CLIENT_ID,
                "drive.readonly", sim.tokenEndpoint().toString(), sim.revocationEndpoint().toString(),
                "client_secret_basic", now, now);
        List<AppRegistration.Credential> credentials = new ArrayList<>();
        credentials.add(credential(CredentialState.ACTIVE, activeSecret));
        if (withRetiring) {
            credentials.add(credential(CredentialState.RETIRING, retiringSecret));
        }
        app.set(new AppRegistration(appId, TENANT, "drive", "oauth2", CLIENT_ID, Set.of("drive.readonly"),
                sim.tokenEndpoint(), Optional.of(sim.revocationEndpoint()),
                ClientCredentials.AuthMethod.CLIENT_SECRET_BASIC, credentials, 0, Optional.empty(),
                URI.create("http://localhost:8080/oauth/callback"), Map.of()));
    }

    /** The in-memory registry every node asks, as the server's AppRegistry singleton answers. */
    private Optional<AppRegistration> registration(String appId) {
        return Optional.ofNullable(app.get()).filter(a -> a.id().equals(appId));
    }

    private AppRegistration.Credential credential(CredentialState state, String secret) {
        String id = UUID.randomUUID().toString();
        return new AppRegistration.Credential(id, state,
                Optional.of(adminKeyRing.seal(TENANT, AssociatedData.CLIENT_SECRET, id, secret)));
    }

    // ---- the parts

    SimulatorClock clock() {
        return clock;
    }

    ProviderSimulator sim() {
        return sim;
    }

    /** The simulated provider's behaviour towards our app. */
    Behaviour behaviour() {
        return sim.client(CLIENT_ID).behaviour();
    }

    TokenRefresher node(int index) {
        return nodes.get(index).engine();
    }

    WatchedDataSource database(int index) {
        return nodes.get(index).database();
    }

    /** The store as a test (or a dead node) sees it, outside every node's counters. */
    ConnectionTokenStore store() {
        return adminStore;
    }

    AppRegistration app() {
        return app.get();
    }

    String activeSecret() {
        return activeSecret;
    }

    String retiringSecret() {
        return retiringSecret;
    }

    /** Token endpoint calls the provider received so far. */
    long tokenCalls() {
        return sim.tokenCalls();
    }

    // ---- connections

    /** A user consented just now: a grant at the provider and an ACTIVE connection holding its tokens. */
    Linked connect(String userId) {
        return link(userId, true);
    }

    /** As {@link #connect}, but only the refresh token was stored (an import without an access token). */
    Linked connectWithoutAccessToken(String userId) {
        return link(userId, false);
    }

    private Linked link(String userId, boolean withAccessToken) {
        SeededGrant grant = sim.issueGrant(CLIENT_ID, userId, Set.of("drive.readonly"));
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        sql("INSERT INTO connection (id, tenant_id, app_id, external_user_id, status, status_changed_at, scopes,"
                + " created_at, grant_issued_at, version) VALUES (?, ?, ?, ?, 'ACTIVE', ?, ?, ?, ?, 0)", id, TENANT,
                app.get().id(), userId, now, "drive.readonly", now, now);
        storeGrant(id, grant, withAccessToken);
        return new Linked(id, userId, grant.grantId(), grant);
    }

    /**
     * The user re-authorized: a new grant's tokens replace the connection's, which is ACTIVE again (what the connect
     * flow or an import writes, bumping the version). Returns the new grant.
     */
    Linked reauthorize(Linked connection) {
        SeededGrant grant = sim.issueGrant(CLIENT_ID, connection.userId(), Set.of("drive.readonly"));
        sql("UPDATE connection SET status = 'ACTIVE', status_reason = NULL, status_detail = NULL,"
                + " status_changed_at = ?, grant_issued_at = ? WHERE id = ?", clock.instant(), clock.instant(),
                connection.id());
        storeGrant(connection.id(), grant, true);
        return new Linked(connection.id(), connection.userId(), grant.grantId(), grant);
    }

    private void storeGrant(String id, SeededGrant grant, boolean withAccessToken) {
        Sealed refresh = adminKeyRing.seal(TENANT, AssociatedData.REFRESH_TOKEN, id, grant.refreshToken());
        Sealed access = withAccessToken
                ? adminKeyRing.seal(TENANT, AssociatedData.ACCESS_TOKEN, id, grant.accessToken()) : null;
        sql("UPDATE connection SET refresh_token_hash = ?, lease_owner = NULL, lease_until = NULL,"
                + " lease_token_hash = NULL, refresh_in_doubt_hash = NULL, version = version + 1 WHERE id = ?",
                Hashes.sha256Hex(grant.refreshToken()), id);
        try (Connection c = adminPool.getConnection()) {
            TokenSetRows.write(c, TENANT, id, KeyRing.encode(refresh.ciphertext()), refresh.keyId(),
                    access == null ? null : KeyRing.encode(access.ciphertext()),
                    access == null ? null : (long) access.keyId());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        if (withAccessToken) {
            sql("UPDATE connection SET access_token_hash = ?, token_type = 'Bearer', access_token_expires_at = ?,"
                    + " last_refreshed_at = ?, issued_for_rejection_at = NULL WHERE id = ?",
                    Hashes.sha256Hex(grant.accessToken()), grant.accessTokenExpiresAt(), clock.instant(), id);
        }
    }

    TokenRow row(String id) {
        return adminStore.load(TENANT, id).orElseThrow();
    }

    /** The refresh token the database holds for the connection, decrypted. */
    String storedRefreshToken(String id) {
        TokenRow row = row(id);
        try (SecretValue value = adminKeyRing.open(TENANT, AssociatedData.REFRESH_TOKEN, id,
                row.refreshToken().orElseThrow())) {
            return value.reveal();
        }
    }

    /** The refresh token that works at the provider for the grant now (empty when the grant is dead). */
    Optional<String> providerRefreshToken(Linked connection) {
        return sim.currentRefreshToken(connection.grantId());
    }

    // ---- calling the engine

    AccessGrant token(int node, String connectionId) {
        return node(node).accessToken(TENANT, connectionId, null, null);
    }

    AccessGrant token(int node, String connectionId, Duration minValidity) {
        return node(node).accessToken(TENANT, connectionId, minValidity, null);
    }

    AccessGrant rejected(int node, String connectionId, String rejectedToken) {
        return node(node).accessToken(TENANT, connectionId, null, rejectedToken);
    }

    /** Calls the engine and keeps whatever came out, a token or a failure (whose message is checked for secrets). */
    Outcome attempt(int node, String connectionId, Duration minValidity, String rejectedToken) {
        try {
            return new Outcome(node(node).accessToken(TENANT, connectionId, minValidity, rejectedToken), null);
        } catch (RuntimeException e) {
            noteFailure(e);
            return new Outcome(null, e);
        }
    }

    /** Adds an exception's messages (and its causes') to what {@link #close()} checks for secrets. */
    void noteFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            failureMessages.add(String.valueOf(t));
        }
    }

    /** Whether the provider's protected resource accepts the access token right now (simulator clock). */
    boolean providerAccepts(String accessToken) {
        HttpRequest request = HttpRequest.newBuilder(sim.resourceEndpoint()).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + accessToken).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The provider's token endpoint, to spend a refresh token behind the engine's back. */
    URI tokenEndpoint() {
        return sim.tokenEndpoint();
    }

    // ---- SQL

    /** Runs one statement outside every node (instants become timestamps). */
    int sql(String statement, Object... parameters) {
        try (Connection c = adminPool.getConnection(); PreparedStatement s = c.prepareStatement(statement)) {
            for (int i = 0; i < parameters.length; i++) {
                Object p = parameters[i];
                s.setObject(i + 1, p instanceof Instant instant ? Timestamp.from(instant) : p);
            }
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- the end

    /** Every application log line captured so far. */
    List<String> logged() {
        return List.copyOf(logged);
    }

    /** Drops what was captured so far (after a test planted a leak on purpose to see it caught). */
    void forgetCapturedLogs() {
        logged.clear();
        failureMessages.clear();
    }

    /** Token and secret values that must never appear in a log line or an exception message. */
    Set<String> secrets() {
        Set<String> secrets = new HashSet<>(sim.issuedTokens());
        secrets.add(activeSecret);
        secrets.add(retiringSecret);
        return secrets;
    }

    /** Fails when a token the provider issued or a client secret shows in a log line or an exception message. */
    void assertNoSecretsLeaked() {
        Set<String> secrets = secrets();
        List<String> leaks = Stream.concat(logged.stream(), failureMessages.stream())
                .filter(line -> secrets.stream().anyMatch(line::contains)).toList();
        assertThat(leaks).as("log lines or exception messages showing a token or secret").isEmpty();
    }

    @Override
    public void close() {
        try {
            sim.releaseHeldResponses();
            sim.close();
            assertNoSecretsLeaked();
        } finally {
            Logger.getLogger("").removeHandler(capture);
            applicationLogger.setLevel(previousLevel);
            nodes.forEach(n -> n.pool().dispose());
            if (database.name().equals("h2")) {
                try (Connection c = adminPool.getConnection(); Statement s = c.createStatement()) {
                    s.execute("SHUTDOWN");
                } catch (SQLException e) {
                    // the in-memory database is gone either way
                }
            }
            adminPool.dispose();
            TestDatabases.dispose(database);
            deleteRecursively(kekDirectory);
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind harms no test
        }
    }
}
