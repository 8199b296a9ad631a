package io.tokenvault.tokens.control;

import io.tokenvault.apps.control.AppRegistration;
import io.tokenvault.connections.entity.ConnectionStatus;
import io.tokenvault.crypto.control.AssociatedData;
import io.tokenvault.crypto.control.DecryptionException;
import io.tokenvault.crypto.control.Hashes;
import io.tokenvault.crypto.control.KeyRing;
import io.tokenvault.crypto.control.Sealed;
import io.tokenvault.crypto.control.SecretValue;
import io.tokenvault.oauth.control.ClientCredentials;
import io.tokenvault.oauth.control.GrantExpiry;
import io.tokenvault.oauth.control.TokenEndpointClient;
import io.tokenvault.oauth.control.TokenResponseOutcome;
import io.tokenvault.oauth.control.TokenResponseOutcome.Issued;
import io.tokenvault.oauth.control.TokenResponseOutcome.Rejected;
import io.tokenvault.oauth.control.TokenResponseOutcome.Unavailable;
import io.tokenvault.platform.boundary.NoSuchResourceException;
import io.tokenvault.tokens.boundary.ProviderRefusedException;
import io.tokenvault.tokens.boundary.ProviderUnavailableException;
import io.tokenvault.tokens.boundary.ReauthorizationRequiredException;
import io.tokenvault.tokens.boundary.TokenRejectedAgainException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * The refresh engine (DESIGN.md "Refresh engine"). {@link #accessToken} answers from memory when a valid token is
 * cached (no I/O); otherwise one caller per connection in this JVM leads (single flight), claims the connection's
 * lease with a version compare-and-set (one node across the cluster), calls the provider outside any transaction, and
 * stores the answer in one version-guarded write.
 *
 * <p>Invariants: a refresh token the provider issued is never dropped while the stored one is the token spent to get
 * it; an {@code invalid_grant} is only believed after re-reading the row (another node may have rotated the token);
 * a dead grant is never retried; a token issued in answer to a rejection and rejected again is a permission problem.
 *
 * <p>Plain Java: the server wires it in {@code io.tokenvault.tokens.boundary.AccessTokens}; tests run several
 * instances ("nodes") against one database. Thread-safe. Logs carry metadata only, never a token or secret.
 */
public class TokenRefresher {

    private static final Logger LOG = Logger.getLogger(TokenRefresher.class.getName());
    private static final io.tokenvault.catalog.ProviderCatalog CATALOG = io.tokenvault.catalog.ProviderCatalog.standard();

    /** Sleeping between attempts; tests may replace it. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private sealed interface Attempt {
        record Done(AccessGrant grant) implements Attempt {
        }

        record Again() implements Attempt {
        }

        record Transient(Unavailable outcome) implements Attempt {
        }
    }

    private final ConnectionTokenStore store;
    private final KeyRing keyRing;
    private final Function<String, Optional<AppRegistration>> apps;
    private final TokenEndpointClient client;
    private final Clock clock;
    private final String nodeId;
    private final RefreshPolicy policy;
    private final CircuitBreaker breaker;
    private final Sleeper sleeper;
    private final SingleFlight<String, AccessGrant> flights = new SingleFlight<>();
    private final Map<String, CachedToken> cache = new ConcurrentHashMap<>();
    private volatile RefreshEvents events = RefreshEvents.NONE;
    private static final java.util.function.Consumer<RefreshEvents> FROM_CACHE = e -> e.answered(true);
    private static final java.util.function.Consumer<RefreshEvents> FROM_STORE = e -> e.answered(false);

    public TokenRefresher(ConnectionTokenStore store, KeyRing keyRing, Function<String, Optional<AppRegistration>> apps,
            TokenEndpointClient client, Clock clock, String nodeId, RefreshPolicy policy, CircuitBreaker breaker,
            Sleeper sleeper) {
        this.store = Objects.requireNonNull(store);
        this.keyRing = Objects.requireNonNull(keyRing);
        this.apps = Objects.requireNonNull(apps);
        this.client = Objects.requireNonNull(client);
        this.clock = Objects.requireNonNull(clock);
        this.nodeId = Objects.requireNonNull(nodeId);
        this.policy = Objects.requireNonNull(policy);
        this.breaker = Objects.requireNonNull(breaker);
        this.sleeper = Objects.requireNonNull(sleeper);
    }

    /** Who hears about refresh outcomes and dead grants (metrics, webhooks, audit); none by default. */
    public TokenRefresher events(RefreshEvents listener) {
        this.events = Objects.requireNonNull(listener);
        return this;
    }

    /** Tells the listener, which must never break a refresh. */
    private void tell(java.util.function.Consumer<RefreshEvents> event) {
        try {
            event.accept(events);
        } catch (RuntimeException e) {
            LOG.log(java.util.logging.Level.WARNING, "A refresh event listener failed", e);
        }
    }

    /**
     * A valid access token for the connection.
     *
     * @param minValidity   how long the token must stay valid at least; {@code null} for the default buffer
     *                      (10 minutes, at most half the token's lifetime)
     * @param rejectedToken a token the caller's API call was refused with (lazy refresh), or {@code null}
     * @throws NoSuchResourceException           no such connection in this tenant
     * @throws ReauthorizationRequiredException  the grant is dead; a human must re-authorize
     * @throws TokenRejectedAgainException       the token just issued for a rejection was rejected again
     * @throws ProviderUnavailableException      no valid token can be had now; retry after the given delay
     * @throws ProviderRefusedException          the provider refuses the app's credentials or configuration
     */
    public AccessGrant accessToken(String tenantId, String connectionId, Duration minValidity, String rejectedToken) {
        String rejectedHash = rejectedToken == null || rejectedToken.isBlank() ? null : Hashes.sha256Hex(rejectedToken);
        CachedToken cached = cache.get(connectionId);
        // only a live token is answered from memory: a dead grant's verdict is re-read, since another node may have
        // stored a re-authorization meanwhile (still no provider call)
        if (cached != null && cached.tenantId().equals(tenantId) && cached.status() == ConnectionStatus.ACTIVE) {
            try {
                Optional<AccessGrant> served = serve(cached, minValidity, rejectedHash, clock.instant());
                if (served.isPresent()) {
                    tell(FROM_CACHE);
                    return served.get();
                }
            } catch (DecryptionException e) {
                // sealed under a key that has since been rotated out and disabled or destroyed: the stored row was
                // re-encrypted meanwhile (its version moved), so forget the stale copy and read the row again
                cache.remove(connectionId, cached);
            }
        }
        String flight = tenantId + "/" + connectionId;
        AccessGrant grant = flights.run(flight, () -> refreshOrRead(tenantId, connectionId, minValidity, rejectedHash),
                policy.maxWait().toMillis());
        if (rejectedHash != null && rejectedHash.equals(Hashes.sha256Hex(grant.accessToken()))) {
            // joined a flight that was not about this report (a plain read) and got back the very token reported
            grant = flights.run(flight, () -> refreshOrRead(tenantId, connectionId, minValidity, rejectedHash),
                    policy.maxWait().toMillis());
        }
        tell(FROM_STORE);
        return grant;
    }

    /** What a disconnect did at the provider. */
    public record Disconnected(boolean revokedAtProvider, String providerAnswer) {
    }

    /**
     * Revokes the grant at the provider's revocation endpoint (RFC 7009) when the app has one, then deletes the
     * connection and its tokens. A provider that cannot be reached does not keep the tokens here: they are deleted
     * anyway and the answer says the provider was not told.
     */
    public Disconnected disconnect(String tenantId, String connectionId) {
        TokenRow row = load(tenantId, connectionId);
        Optional<AppRegistration> app = apps.apply(row.appId());
        String answer = "no revocation endpoint";
        boolean revoked = false;
        if (app.isPresent() && app.get().revocationEndpoint().isPresent() && row.refreshToken().isPresent()) {
            AppRegistration.Credential credential = app.get().active().orElse(null);
            SecretValue secret = credential == null || credential.secret().isEmpty() ? null
                    : keyRing.open(tenantId, AssociatedData.CLIENT_SECRET, credential.id(), credential.secret().get());
            try (SecretValue refreshToken = keyRing.open(tenantId, AssociatedData.REFRESH_TOKEN, row.id(),
                    row.refreshToken().get());
                    ClientCredentials credentials = new ClientCredentials(app.get().clientId(), secret,
                            app.get().authMethod())) {
                var outcome = client.revoke(credentials, app.get().revocationEndpoint().get(), refreshToken.reveal(),
                        true);
                revoked = outcome instanceof io.tokenvault.oauth.control.RevocationOutcome.Revoked;
                answer = revoked ? "revoked" : outcome.toString();
            }
        }
        store.delete(tenantId, connectionId);
        forget(connectionId);
        String said = answer;
        LOG.info(() -> "Connection " + connectionId + " (tenant " + tenantId + ") deleted; provider: " + said);
        return new Disconnected(revoked, answer);
    }

    /** Forgets what is cached for a connection (after it was deleted or re-authorized). */
    public void forget(String connectionId) {
        cache.remove(connectionId);
    }

    /** Forgets everything cached for a tenant (after it was off-boarded). */
    public void forgetTenant(String tenantId) {
        cache.values().removeIf(c -> c.tenantId().equals(tenantId));
    }

    /** Connections whose token is cached (for metrics and tests). */
    public int cachedConnections() {
        return cache.size();
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** Answers from what is known, or empty when a refresh is needed. */
    private Optional<AccessGrant> serve(CachedToken c, Duration minValidity, String rejectedHash, Instant now) {
        if (c.status() != ConnectionStatus.ACTIVE) {
            throw reauthorization(c.status(), c.statusReason(), c.statusDetail());
        }
        if (c.accessToken() == null) {
            return Optional.empty();
        }
        if (rejectedHash != null) {
            if (!rejectedHash.equals(c.accessHash())) {
                // a report about a token already superseded: the current one is the answer
                return c.expiresAt().isAfter(now) ? Optional.of(grant(c)) : Optional.empty();
            }
            if (c.issuedForRejectionAt() != null
                    && now.isBefore(c.issuedForRejectionAt().plus(policy.rejectionWindow()))) {
                throw new TokenRejectedAgainException();
            }
            return Optional.empty();
        }
        return isValid(c.expiresAt(), c.refreshedAt(), minValidity, now) ? Optional.of(grant(c)) : Optional.empty();
    }

    private boolean isValid(Instant expiresAt, Instant refreshedAt, Duration minValidity, Instant now) {
        if (expiresAt == null) {
            return false;
        }
        Duration buffer = minValidity != null ? minValidity : defaultBuffer(expiresAt, refreshedAt);
        return !now.plus(buffer).isAfter(expiresAt);
    }

    private Duration defaultBuffer(Instant expiresAt, Instant refreshedAt) {
        if (refreshedAt == null) {
            return policy.defaultBuffer();
        }
        Duration half = Duration.between(refreshedAt, expiresAt).dividedBy(2);
        return half.compareTo(policy.defaultBuffer()) < 0 ? half : policy.defaultBuffer();
    }

    /** The leader's path: read the row, refresh under the lease if needed, wait for another node if it refreshes. */
    private AccessGrant refreshOrRead(String tenantId, String id, Duration minValidity, String rejectedHash) {
        int transientFailures = 0;
        int rounds = (int) Math.max(10, policy.maxWait().toMillis() / Math.max(1, policy.leasePoll().toMillis()));
        for (int round = 0; round < rounds; round++) {
            Instant now = clock.instant();
            TokenRow row = load(tenantId, id);
            CachedToken known = remember(row);
            Optional<AccessGrant> served = serve(known, minValidity, rejectedHash, now);
            if (served.isPresent()) {
                return served.get();
            }
            if (row.refreshToken().isEmpty()) {
                throw reauthorization(ConnectionStatus.NEEDS_REAUTH, "no_refresh_token",
                        "The connection holds no refresh token");
            }
            if (row.leasedByOtherAt(now, nodeId)) {
                awaitChange(row);
                continue;
            }
            AppRegistration app = apps.apply(row.appId()).orElseThrow(() -> new ProviderRefusedException(
                    "app_not_registered", "The connection's app is no longer registered"));
            String endpoint = app.tokenEndpoint().toString();
            Optional<Duration> open = breaker.refusal(endpoint);
            if (open.isPresent()) {
                return stillUsable(row, rejectedHash, now).orElseThrow(() -> new ProviderUnavailableException(
                        "circuit_open", "The provider's token endpoint is failing; refreshes are paused", open.get()));
            }
            boolean inDoubt = row.refreshInDoubt(now);
            if (!store.claimLease(row, nodeId, now.plus(policy.leaseDuration()), now)) {
                continue; // someone else moved the row first: read it again
            }
            Attempt attempt = refreshUnderLease(row, row.version() + 1, app, inDoubt, rejectedHash != null);
            if (attempt instanceof Attempt.Done done) {
                return done.grant();
            }
            if (attempt instanceof Attempt.Transient failure) {
                Optional<AccessGrant> old = stillUsable(row, rejectedHash, clock.instant());
                if (old.isPresent()) {
                    return old.get();
                }
                Unavailable u = failure.outcome();
                transientFailures++;
                if (u.retryAfter().isPresent() || transientFailures > policy.transientRetries()) {
                    throw new ProviderUnavailableException(u.kind().name().toLowerCase(),
                            "The provider's token endpoint is unavailable (" + u.kind()
                                    + (u.httpStatus() > 0 ? ", HTTP " + u.httpStatus() : "") + "); try again later",
                            u.retryAfter().orElse(backoff(transientFailures)));
                }
                pause(backoff(transientFailures));
            }
        }
        throw new ProviderUnavailableException("busy", "The connection's refresh did not settle in time; try again",
                Duration.ofSeconds(1));
    }

    /** One provider call under our lease ({@code version} is the row's version with the lease). */
    private Attempt refreshUnderLease(TokenRow row, long version, AppRegistration app, boolean inDoubt,
            boolean forRejection) {
        String tenantId = row.tenantId();
        String endpoint = app.tokenEndpoint().toString();
        try (SecretValue refreshToken = keyRing.open(tenantId, AssociatedData.REFRESH_TOKEN, row.id(),
                row.refreshToken().orElseThrow())) {
            Optional<AppRegistration.Credential> active = app.active();
            AppRegistration.Credential used = active.orElse(null);
            long started = System.nanoTime();
            TokenResponseOutcome outcome = call(app, used, refreshToken);
            if (outcome instanceof Rejected r && r.isClientAuthenticationFailure() && app.fallback().isPresent()) {
                used = app.fallback().get();
                outcome = call(app, used, refreshToken);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            if (outcome instanceof Issued issued) {
                breaker.success(endpoint);
                Attempt attempt = stored(row, version, app, issued, refreshToken, used, forRejection);
                if (attempt instanceof Attempt.Done) {
                    boolean rotated = issued.refreshToken().filter(t -> !t.equals(refreshToken.reveal())).isPresent();
                    tell(e -> e.refreshed(tenantId, row.id(), app, took, rotated));
                }
                return attempt;
            }
            if (outcome instanceof Rejected refused) {
                breaker.success(endpoint); // the provider answered: it is up
                tell(e -> e.refreshFailed(tenantId, row.id(), app, "rejected", refused.error(), took));
                return refused.isInvalidGrant() ? deadOrRaced(row, version, refused, inDoubt, app)
                        : refusedApp(row, version, app, refused);
            }
            Unavailable unavailable = (Unavailable) outcome;
            breaker.failure(endpoint);
            tell(e -> e.refreshFailed(tenantId, row.id(), app, "unavailable", unavailable.kind().name().toLowerCase(),
                    took));
            boolean maybeSpent = unavailable.kind() != Unavailable.Kind.SERVER_ERROR
                    && unavailable.kind() != Unavailable.Kind.RATE_LIMITED;
            store.releaseLease(tenantId, row.id(), version, maybeSpent ? row.refreshHash() : null);
            LOG.warning(() -> "Refresh of connection " + row.id() + " (tenant " + tenantId + ") failed transiently: "
                    + unavailable.kind() + (unavailable.httpStatus() > 0 ? " HTTP " + unavailable.httpStatus() : ""));
            return new Attempt.Transient(unavailable);
        } catch (RuntimeException e) {
            store.releaseLease(tenantId, row.id(), version, null);
            throw e;
        }
    }

    private TokenResponseOutcome call(AppRegistration app, AppRegistration.Credential credential,
            SecretValue refreshToken) {
        SecretValue secret = credential == null || credential.secret().isEmpty() ? null
                : keyRing.open(app.tenantId(), AssociatedData.CLIENT_SECRET, credential.id(), credential.secret().get());
        try (ClientCredentials credentials = new ClientCredentials(app.clientId(), secret, app.authMethod())) {
            return client.refresh(credentials, app.tokenEndpoint(), refreshToken.reveal());
        }
    }

    /** Stores the new token set; never drops a refresh token the provider just issued for the stored one. */
    private Attempt stored(TokenRow row, long version, AppRegistration app, Issued issued, SecretValue spent,
            AppRegistration.Credential used, boolean forRejection) {
        Instant now = clock.instant();
        String tenantId = row.tenantId();
        String newRefresh = issued.refreshToken().orElseGet(spent::reveal);
        if (row.accessExpiresAt() != null && !issued.expiresAt().isAfter(row.accessExpiresAt())) {
            LOG.warning(() -> "Suspicious refresh answer for connection " + row.id() + ": the new access token expires"
                    + " at " + issued.expiresAt() + ", not later than the previous one (" + row.accessExpiresAt() + ")");
        }
        Sealed access = keyRing.seal(tenantId, AssociatedData.ACCESS_TOKEN, row.id(), issued.accessToken());
        Sealed refresh = keyRing.seal(tenantId, AssociatedData.REFRESH_TOKEN, row.id(), newRefresh);
        String scopes = issued.scopes().isEmpty() ? row.scopes() : String.join(" ", issued.scopes());
        boolean newRefreshToken = issued.refreshToken().isPresent() && !newRefresh.equals(spent.reveal());
        Optional<GrantExpiry.Forecast> expiry = GrantExpiry.after(CATALOG.find(app.provider()), issued,
                row.grantIssuedAt(), newRefreshToken, row.grantExpiry());
        ConnectionTokenStore.Refreshed refreshed = new ConnectionTokenStore.Refreshed(
                KeyRing.encode(access.ciphertext()), access.keyId(), Hashes.sha256Hex(issued.accessToken()),
                KeyRing.encode(refresh.ciphertext()), refresh.keyId(), Hashes.sha256Hex(newRefresh),
                issued.tokenType(), issued.expiresAt(), scopes, used == null ? null : used.id(), now,
                forRejection ? now : null, expiry.map(GrantExpiry.Forecast::at).orElse(null),
                expiry.map(f -> f.basis().column()).orElse(null));
        long expected = version;
        for (int attempt = 0; attempt < 5; attempt++) {
            if (store.storeRefreshed(tenantId, row.id(), expected, refreshed)) {
                CachedToken fresh = new CachedToken(row.id(), tenantId, expected + 1, ConnectionStatus.ACTIVE, null, null,
                        access, refreshed.accessHash(), issued.tokenType(), issued.expiresAt(), now,
                        issued.scopes().isEmpty() ? row.scopeSet() : issued.scopes(), refreshed.issuedForRejectionAt());
                CachedToken previous = cache.get(row.id());
                if (previous == null || previous.version() <= fresh.version()) {
                    cache.put(row.id(), fresh);
                }
                LOG.fine(() -> "Refreshed connection " + row.id() + " (rotated: " + newRefreshToken + ", expires "
                        + issued.expiresAt() + ")");
                return new Attempt.Done(new AccessGrant(issued.accessToken(), issued.tokenType(), issued.expiresAt(),
                        fresh.scopes()));
            }
            // the version moved under our lease: an admin change, or a new grant replaced this one
            Optional<TokenRow> current = store.load(tenantId, row.id());
            if (current.isEmpty()) {
                forget(row.id());
                throw NoSuchResourceException.of("Connection", row.id());
            }
            if (!Objects.equals(current.get().refreshHash(), row.refreshHash())) {
                LOG.info(() -> "Connection " + row.id() + " got a new grant while refreshing; keeping the newer grant");
                return new Attempt.Again();
            }
            expected = current.get().version(); // same grant: our tokens are the newest, write them on top
        }
        throw new IllegalStateException("Could not store the refreshed tokens of connection " + row.id());
    }

    /** Race or revocation? Only a grant that failed with the token still stored is dead. */
    private Attempt deadOrRaced(TokenRow row, long version, Rejected refused, boolean inDoubt,
            AppRegistration app) {
        Optional<TokenRow> current = store.load(row.tenantId(), row.id());
        if (current.isEmpty()) {
            forget(row.id());
            throw NoSuchResourceException.of("Connection", row.id());
        }
        if (!Objects.equals(current.get().refreshHash(), row.refreshHash())) {
            return new Attempt.Again(); // another worker rotated it meanwhile: use theirs
        }
        Instant now = clock.instant();
        boolean retiredSecret = row.grantCredentialId() != null && app.credentials().stream()
                .noneMatch(c -> c.id().equals(row.grantCredentialId())
                        && c.state() != io.tokenvault.apps.entity.CredentialState.RETIRED);
        Diagnosis diagnosis = GrantDiagnosis.of(refused, new GrantDiagnosis.GrantFacts(
                Optional.ofNullable(row.grantIssuedAt()), Optional.ofNullable(row.lastRefreshedAt()), inDoubt,
                CATALOG.find(app.provider()), row.grantOrdinal() == null ? java.util.OptionalInt.empty()
                        : java.util.OptionalInt.of(row.grantOrdinal()),
                row.grantOrdinal() == null ? 0 : store.consentsFor(row.tenantId(), row.id()), retiredSecret), now);
        if (!store.markNeedsReauth(row.tenantId(), row.id(), current.get().version(), diagnosis.reason(),
                diagnosis.explanation(), now)) {
            return new Attempt.Again();
        }
        remember(store.load(row.tenantId(), row.id()).orElseThrow());
        tell(e -> e.needsReauthorization(row.tenantId(), row.id(), app, diagnosis));
        LOG.info(() -> "Connection " + row.id() + " (tenant " + row.tenantId() + ") needs re-authorization: "
                + diagnosis.reason() + refused.providerCodes().stream().map(c -> " " + c).reduce("", String::concat));
        throw new ReauthorizationRequiredException(ConnectionStatus.NEEDS_REAUTH.name(), diagnosis, Optional.empty());
    }

    private Attempt refusedApp(TokenRow row, long version, AppRegistration app, Rejected refused) {
        store.releaseLease(row.tenantId(), row.id(), version, null);
        LOG.warning(() -> "Provider refused the refresh of connection " + row.id() + " of app " + app.appKey() + ": "
                + refused.error() + " (HTTP " + refused.httpStatus() + ")");
        if (refused.isClientAuthenticationFailure()) {
            throw new ProviderRefusedException(refused.error(), "The provider refused the client credentials of app '"
                    + app.appKey() + "' (" + refused.error() + "): check its client ID and secret");
        }
        throw new ProviderRefusedException(refused.error(), "The provider refused the refresh for app '"
                + app.appKey() + "' with " + refused.error());
    }

    /** The stored token if it is still valid at all (not for a caller who just reported it rejected). */
    private Optional<AccessGrant> stillUsable(TokenRow row, String rejectedHash, Instant now) {
        CachedToken c = remember(row);
        boolean reportedBad = rejectedHash != null && rejectedHash.equals(c.accessHash());
        if (c.accessToken() == null || reportedBad || c.expiresAt() == null || !c.expiresAt().isAfter(now)) {
            return Optional.empty();
        }
        return Optional.of(grant(c));
    }

    /** Another node holds the lease: give it a moment, then the caller reads the row again. */
    private void awaitChange(TokenRow row) {
        LOG.finest(() -> "Connection " + row.id() + " is being refreshed by " + row.leaseOwner() + "; waiting");
        pause(policy.leasePoll());
    }

    private void pause(Duration duration) {
        try {
            sleeper.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderUnavailableException("interrupted", "Interrupted while waiting for a refresh",
                    Duration.ofSeconds(1));
        }
    }

    private Duration backoff(int attempt) {
        long base = policy.retryBase().toMillis() << Math.min(attempt - 1, 6);
        return Duration.ofMillis(base + ThreadLocalRandom.current().nextLong(Math.max(1, base)));
    }

    private TokenRow load(String tenantId, String id) {
        return store.load(tenantId, id).orElseThrow(() -> {
            forget(id);
            return NoSuchResourceException.of("Connection", id);
        });
    }

    private CachedToken remember(TokenRow row) {
        CachedToken c = new CachedToken(row.id(), row.tenantId(), row.version(), row.status(), row.statusReason(),
                row.statusDetail(), row.accessToken().orElse(null), row.accessHash(), row.tokenType(),
                row.accessExpiresAt(), row.lastRefreshedAt(), row.scopeSet(), row.issuedForRejectionAt());
        if (cache.size() >= policy.cacheCapacity()) {
            evictSome();
        }
        cache.merge(row.id(), c, (old, neu) -> old.version() > neu.version() ? old : neu);
        return c;
    }

    private void evictSome() {
        int toEvict = Math.max(1, policy.cacheCapacity() / 10);
        Iterator<String> keys = cache.keySet().iterator();
        while (toEvict-- > 0 && keys.hasNext()) {
            keys.next();
            keys.remove();
        }
    }

    private AccessGrant grant(CachedToken c) {
        try (SecretValue token = keyRing.open(c.tenantId(), AssociatedData.ACCESS_TOKEN, idOf(c), c.accessToken())) {
            return new AccessGrant(new String(token.revealBytes(), StandardCharsets.UTF_8),
                    c.tokenType() == null ? "Bearer" : c.tokenType(), c.expiresAt(), c.scopes());
        }
    }

    private String idOf(CachedToken c) {
        return c.connectionId();
    }

    private static ReauthorizationRequiredException reauthorization(ConnectionStatus status, String reason,
            String detail) {
        return new ReauthorizationRequiredException(status.name(), GrantDiagnosis.describe(reason, detail),
                Optional.empty());
    }
}
