package io.tokenvault.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/**
 * A real HTTP OAuth 2.0 authorization server on the loopback interface that behaves like the
 * providers in the field report (Google, Microsoft Entra ID, plain RFC 6749 servers), every quirk
 * and failure switchable per client while it runs.
 *
 * <p>Endpoints: {@code /authorize} (consents at once and redirects back), {@code /token}
 * (authorization code with PKCE S256, refresh token, client credentials), {@code /revoke}
 * (RFC 7009), {@code /userinfo}, {@code /resource?scope=..} (a protected resource),
 * {@code /.well-known/openid-configuration}, {@code /jwks}, and a JSON control API under
 * {@code /sim/} for a standalone instance (routes listed in the {@code ControlApi} source): register
 * clients, seed grants, change behaviour, force errors, read counters, move the clock.
 *
 * <p>Time comes from a {@link SimulatorClock} the test shares and moves; nothing waits for real
 * time except explicit latency and held (timed-out) answers, which are bounded.
 *
 * <pre>{@code
 * try (ProviderSimulator sim = ProviderSimulator.start(clock)) {
 *     sim.registerClient("app", "s3cret").behaviour().rotateRefreshTokens(true).errorStyle(ErrorStyle.GOOGLE);
 *     SeededGrant grant = sim.issueGrant("app", "alice", Set.of("drive.readonly"));
 *     ... call sim.tokenEndpoint() ...
 *     assertThat(sim.tokenCalls()).isEqualTo(1);
 * }
 * }</pre>
 */
public final class ProviderSimulator implements AutoCloseable {

    /** Worker threads serving connections. */
    public static final int THREADS = 32;

    private final SimulatorClock clock;
    private final CallCounters counters = new CallCounters();
    private final TokenMinter minter = new TokenMinter();
    private final Map<String, SimulatedClient> clients = new ConcurrentHashMap<>();
    private final HoldGate holdGate = new HoldGate();
    private final Http11Server server;
    private final URI baseUrl;
    private final GrantStore store;
    private final TokenEndpoint tokenEndpoint = new TokenEndpoint(this);
    private final AuthorizationEndpoint authorizationEndpoint = new AuthorizationEndpoint(this);
    private final ResourceEndpoints resourceEndpoints = new ResourceEndpoints(this);
    private final ControlApi controlApi = new ControlApi(this);
    private volatile boolean advertiseOfflineAccess;
    private volatile List<String> scopesSupported = List.of("openid", "email", "profile");

    private ProviderSimulator(int port, SimulatorClock clock) throws IOException {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.server = new Http11Server(InetAddress.getLoopbackAddress(), port, THREADS, this::dispatch);
        this.baseUrl = URI.create("http://" + server.address().getHostAddress() + ":" + server.port());
        this.store = new GrantStore(minter, clock, baseUrl.toString());
        server.start();
    }

    /** Starts on an ephemeral port with a fixed clock set to the current second. */
    public static ProviderSimulator start() {
        return start(0, SimulatorClock.fixedAtNow());
    }

    /** Starts on {@code port} (0: ephemeral) with a fixed clock set to the current second. */
    public static ProviderSimulator start(int port) {
        return start(port, SimulatorClock.fixedAtNow());
    }

    /** Starts on an ephemeral port with the test's clock. */
    public static ProviderSimulator start(SimulatorClock clock) {
        return start(0, clock);
    }

    /** Starts on {@code port} (0: ephemeral), bound to the loopback address, with {@code clock}. */
    public static ProviderSimulator start(int port, SimulatorClock clock) {
        try {
            return new ProviderSimulator(port, clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start provider simulator on port " + port, e);
        }
    }

    /** Stops serving; held answers are released and open connections closed. */
    @Override
    public void close() {
        holdGate.openForGood();
        server.close();
    }

    // ---- addresses

    /** {@code http://127.0.0.1:<port>}, without trailing slash. */
    public URI baseUrl() {
        return baseUrl;
    }

    /** The issuer identifier; equal to {@link #baseUrl()}. */
    public URI issuer() {
        return baseUrl;
    }

    public URI authorizationEndpoint() {
        return baseUrl.resolve("/authorize");
    }

    public URI tokenEndpoint() {
        return baseUrl.resolve("/token");
    }

    public URI revocationEndpoint() {
        return baseUrl.resolve("/revoke");
    }

    public URI userinfoEndpoint() {
        return baseUrl.resolve("/userinfo");
    }

    /** A protected resource: {@code GET} with a bearer token, {@code ?scope=x} to require scopes. */
    public URI resourceEndpoint() {
        return baseUrl.resolve("/resource");
    }

    public URI jwksUri() {
        return baseUrl.resolve("/jwks");
    }

    /** {@code <issuer>/.well-known/openid-configuration}. */
    public URI discoveryEndpoint() {
        return baseUrl.resolve("/.well-known/openid-configuration");
    }

    // ---- provider-wide settings

    public SimulatorClock clock() {
        return clock;
    }

    /** Whether the discovery document lists {@code offline_access} in {@code scopes_supported}. */
    public ProviderSimulator advertiseOfflineAccess(boolean advertise) {
        this.advertiseOfflineAccess = advertise;
        return this;
    }

    /** The discovery document's {@code scopes_supported} (before {@code offline_access} is added). */
    public ProviderSimulator scopesSupported(List<String> scopes) {
        this.scopesSupported = List.copyOf(scopes);
        return this;
    }

    List<String> scopesSupported() {
        List<String> scopes = new ArrayList<>(scopesSupported);
        if (advertiseOfflineAccess && !scopes.contains("offline_access")) {
            scopes.add("offline_access");
        }
        return scopes;
    }

    // ---- clients

    /** Registers a confidential client with one or more valid secrets. */
    public SimulatedClient registerClient(String clientId, String... secrets) {
        if (secrets.length == 0) {
            throw new IllegalArgumentException("a confidential client needs a secret; use registerPublicClient");
        }
        SimulatedClient client = new SimulatedClient(clientId, false);
        for (String s : secrets) {
            client.addSecret(s);
        }
        return register(client);
    }

    /** Registers a public client, which authenticates with its {@code client_id} alone. */
    public SimulatedClient registerPublicClient(String clientId) {
        return register(new SimulatedClient(clientId, true));
    }

    private SimulatedClient register(SimulatedClient client) {
        if (clients.putIfAbsent(client.clientId(), client) != null) {
            throw new IllegalStateException("client already registered: " + client.clientId());
        }
        return client;
    }

    /** The registered client; throws {@link IllegalArgumentException} when there is none. */
    public SimulatedClient client(String clientId) {
        return findClient(clientId).orElseThrow(() -> new IllegalArgumentException("no such client: " + clientId));
    }

    public Optional<SimulatedClient> findClient(String clientId) {
        return Optional.ofNullable(clients.get(clientId));
    }

    // ---- grants

    /**
     * Seeds a grant as if {@code userId} had consented to {@code scopes}, with an access token and
     * a refresh token minted per the client's behaviour; for import and refresh tests.
     */
    public SeededGrant issueGrant(String clientId, String userId, Set<String> scopes) {
        SimulatedClient client = client(clientId);
        Grant grant = store.create(client, Objects.requireNonNull(userId, "userId"), scopes, true);
        synchronized (grant) {
            store.issue(grant, client.behaviour(), GrantStore.RefreshTokenMode.NEW, grant.scopes);
            TokenRecord access = store.token(grant.currentAccessToken()).orElseThrow();
            return new SeededGrant(grant.id, grant.currentAccessToken(), grant.currentRefreshToken(),
                    access.expiresAt(), grant.scopes);
        }
    }

    /** Shorthand for {@link #issueGrant(String, String, Set)}. */
    public SeededGrant issueGrant(String clientId, String userId, String... scopes) {
        return issueGrant(clientId, userId, Set.of(scopes));
    }

    /** The grant an access or refresh token (current or spent) belongs to. */
    public Optional<GrantSnapshot> grantOf(String token) {
        return store.token(token).map(t -> t.grant().snapshot());
    }

    public Optional<GrantSnapshot> grant(String grantId) {
        return store.grant(grantId).map(Grant::snapshot);
    }

    /** Every grant of {@code userId} for {@code clientId}, oldest first. */
    public List<GrantSnapshot> grants(String clientId, String userId) {
        return store.grants(g -> g.clientId.equals(clientId) && userId.equals(g.userId))
                .stream().map(Grant::snapshot).toList();
    }

    /** Whether the grant exists and is neither revoked nor expired nor killed. */
    public boolean isGrantAlive(String grantId) {
        return store.grant(grantId).map(Grant::alive).orElse(false);
    }

    /** The refresh token that works for the grant now (empty when dead or never had one). */
    public Optional<String> currentRefreshToken(String grantId) {
        return store.grant(grantId).filter(Grant::alive).map(Grant::currentRefreshToken);
    }

    /** Every access token, refresh token and authorization code ever issued, for scanning logs. */
    public Set<String> issuedTokens() {
        return store.issuedValues();
    }

    // ---- revocation and forced errors

    /** Revokes one grant with all its tokens; returns whether it was alive. */
    public boolean revokeGrant(String grantId) {
        return store.grant(grantId).map(g -> g.end(Refusal.REVOKED, null)).orElse(false);
    }

    /** The user removed access for every app ("Manage third-party access"); returns grants revoked. */
    public int revokeUser(String userId) {
        return store.end(g -> userId.equals(g.userId), Refusal.REVOKED, null);
    }

    /** The user removed access for one app; returns grants revoked. */
    public int revokeUser(String clientId, String userId) {
        return store.end(g -> clientId.equals(g.clientId) && userId.equals(g.userId), Refusal.REVOKED, null);
    }

    /** An administrator revoked the app for the whole organization; returns grants revoked. */
    public int revokeClient(String clientId) {
        return store.end(g -> clientId.equals(g.clientId), Refusal.ADMIN_REVOKED, null);
    }

    /**
     * The user changed their password: every grant of the user dies and refreshes answer
     * {@link Refusal#PASSWORD_CHANGED} in the client's style (Microsoft AADSTS50173; Google, faithfully,
     * a plain "expired or revoked"). Returns grants revoked.
     */
    public int passwordChanged(String userId) {
        return store.end(g -> userId.equals(g.userId), Refusal.PASSWORD_CHANGED, null);
    }

    /** As {@link #passwordChanged(String)}, answering refreshes with exactly {@code error}. */
    public int passwordChanged(String userId, ProviderError error) {
        return store.end(g -> userId.equals(g.userId), Refusal.PASSWORD_CHANGED, error);
    }

    /** Until cleared, refreshes of the grant are refused for {@code refusal} in the client's style. */
    public void forceGrantError(String grantId, Refusal refusal) {
        grantOrThrow(grantId).force(Objects.requireNonNull(refusal, "refusal"), null);
    }

    /** Until cleared, refreshes of the grant are answered with exactly {@code error}. */
    public void forceGrantError(String grantId, ProviderError error) {
        grantOrThrow(grantId).force(null, Objects.requireNonNull(error, "error"));
    }

    public void clearGrantError(String grantId) {
        grantOrThrow(grantId).force(null, null);
    }

    private Grant grantOrThrow(String grantId) {
        return store.grant(grantId).orElseThrow(() -> new IllegalArgumentException("no such grant: " + grantId));
    }

    /** Lets every held (timed-out) answer go now. */
    public void releaseHeldResponses() {
        holdGate.releaseAll();
    }

    /** Answers being held right now by injected timeouts. */
    public int heldResponses() {
        return holdGate.held();
    }

    /**
     * Waits, at most {@code max}, until {@code count} answers are being held, which for a
     * processed timeout means the request was already served: a deterministic point for "the
     * provider rotated, the client never heard". Returns false when {@code max} ran out.
     */
    public boolean awaitHeldResponses(int count, Duration max) throws InterruptedException {
        return holdGate.awaitHeld(count, max);
    }

    // ---- counters

    public CallCounters counters() {
        return counters;
    }

    /** Shorthand for {@code counters().tokenCalls()}. */
    public long tokenCalls() {
        return counters.tokenCalls();
    }

    public void resetCounters() {
        counters.reset();
    }

    // ---- serving

    GrantStore store() {
        return store;
    }

    TokenMinter minter() {
        return minter;
    }

    private void dispatch(HttpCall call) throws IOException {
        String path = call.path();
        switch (path) {
            case "/authorize" -> authorizationEndpoint.handle(call);
            case "/token" -> tokenEndpoint.handleToken(call);
            case "/revoke" -> tokenEndpoint.handleRevocation(call);
            case "/userinfo" -> resourceEndpoints.userinfo(call);
            case "/resource" -> resourceEndpoints.resource(call);
            case "/.well-known/openid-configuration", "/.well-known/oauth-authorization-server" ->
                    resourceEndpoints.discovery(call);
            case "/jwks" -> resourceEndpoints.jwks(call);
            default -> {
                if (path.startsWith("/sim/")) {
                    controlApi.handle(call);
                } else {
                    Answer.html(404, "Not found").writeTo(call, clock.instant());
                }
            }
        }
    }

    /**
     * Serves a token or revocation call of a client: its latency first, then the next injected
     * failure if any (played instead of {@code work}, or after it for processed failures).
     */
    void serve(HttpCall call, Behaviour behaviour, Supplier<Answer> work) throws IOException {
        Duration latency = behaviour.latency();
        if (!latency.isZero()) {
            try {
                Thread.sleep(latency.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                call.disconnect();
                return;
            }
        }
        Duration simulatedLatency = behaviour.simulatedLatency();
        if (!simulatedLatency.isZero()) {
            clock.advance(simulatedLatency);
        }
        Optional<InjectedFailure> failure = behaviour.nextFailure();
        if (failure.isPresent() && !failure.get().processed()) {
            counters.injectedFailure();
            play(call, failure.get(), behaviour);
            return;
        }
        Answer answer = work.get();
        if (failure.isPresent()) {
            counters.injectedFailure();
            if (failure.get() instanceof InjectedFailure.Timeout timeout) {
                holdGate.hold(timeout.maxHold());
            } else {
                call.disconnect();
                return;
            }
        }
        answer.writeTo(call, providerNow(behaviour));
    }

    private void play(HttpCall call, InjectedFailure failure, Behaviour behaviour) throws IOException {
        Answer answer;
        if (failure instanceof InjectedFailure.ServerError error) {
            answer = error.status() == 500
                    ? Answer.json(500, Map.of("error", "server_error", "error_description", "Simulated internal error."))
                    : Answer.html(error.status(), error.status() + " " + HttpCall.reason(error.status()));
        } else if (failure instanceof InjectedFailure.RateLimited limited) {
            long seconds = Math.max(0, (limited.retryAfter().toMillis() + 999) / 1000);
            answer = Answer.json(429, Map.of("error", "temporarily_unavailable", "error_description", "Rate limit exceeded."))
                    .withHeader("Retry-After", Long.toString(seconds));
        } else if (failure instanceof InjectedFailure.Timeout timeout) {
            holdGate.hold(timeout.maxHold());
            answer = Answer.html(504, "504 Gateway Timeout");
        } else {
            call.disconnect();
            return;
        }
        answer.writeTo(call, providerNow(behaviour));
    }

    private Instant providerNow(Behaviour behaviour) {
        return clock.instant().plus(behaviour.clockSkew());
    }

    // ---- standalone

    /**
     * Runs a standalone simulator for benchmarks: {@code --port N} (default 0: ephemeral),
     * {@code --fixed-clock} (default: a ticking clock that follows the system clock). Prints the
     * base URL as its first line of output and serves until the process is stopped.
     */
    public static void main(String[] args) throws InterruptedException {
        int port = 0;
        boolean fixedClock = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--fixed-clock" -> fixedClock = true;
                default -> {
                    System.err.println("usage: ProviderSimulator [--port N] [--fixed-clock]");
                    System.exit(2);
                }
            }
        }
        ProviderSimulator sim = start(port, fixedClock ? SimulatorClock.fixedAtNow() : SimulatorClock.ticking());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.close();
            stopped.countDown();
        }, "provider-simulator-shutdown"));
        System.out.println(sim.baseUrl());
        System.out.flush();
        stopped.await();
    }
}
