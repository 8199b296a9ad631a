package io.tokenvault.tokens.boundary;

import io.tokenvault.apps.control.AppRegistration;
import io.tokenvault.apps.control.AppRegistry;
import io.tokenvault.events.ConnectionStatusChanged;
import io.tokenvault.events.RefreshFailed;
import io.tokenvault.events.TokenRefreshed;
import io.tokenvault.crypto.control.KeyRing;
import io.tokenvault.oauth.control.ReauthorizationLinks;
import io.tokenvault.oauth.control.TokenEndpointClient;
import io.tokenvault.platform.boundary.ForbiddenActionException;
import io.tokenvault.platform.boundary.InvalidInputException;
import io.tokenvault.platform.boundary.NoSuchResourceException;
import io.tokenvault.tenancy.boundary.Caller;
import io.tokenvault.tenancy.boundary.Role;
import io.tokenvault.tokens.control.AccessGrant;
import io.tokenvault.tokens.control.CircuitBreaker;
import io.tokenvault.tokens.control.ConnectionTokenStore;
import io.tokenvault.tokens.control.Diagnosis;
import io.tokenvault.tokens.control.RefreshEvents;
import io.tokenvault.tokens.control.RefreshPolicy;
import io.tokenvault.tokens.control.TokenRefresher;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import io.tokenvault.cluster.control.CacheInvalidation;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;

/**
 * The token API's boundary: who may ask, what a valid request is, and the one {@link TokenRefresher} of this node.
 * Not transactional on purpose: the engine calls providers outside any database transaction.
 */
@ApplicationScoped
public class AccessTokens {

    static final int MAX_MIN_VALIDITY_SECONDS = 24 * 3600;

    @Resource(lookup = "java:jboss/datasources/TokenvaultDS")
    DataSource dataSource;

    @Inject
    KeyRing keyRing;

    @Inject
    AppRegistry registry;

    @Inject
    Event<CacheInvalidation> invalidations;

    @Inject
    Clock clock;

    @Inject
    ReauthorizationLinks links;

    @Inject
    io.tokenvault.metrics.Metrics metrics;

    @Inject
    Event<ConnectionStatusChanged> statusChanged;

    @Inject
    Event<RefreshFailed> refreshFailed;

    @Inject
    Event<TokenRefreshed> refreshed;

    private TokenRefresher refresher;
    private CircuitBreaker breaker;

    @PostConstruct
    void start() {
        String node = System.getProperty("jboss.node.name", "node") + "-" + UUID.randomUUID().toString().substring(0, 8);
        refresher = new TokenRefresher(new ConnectionTokenStore(dataSource), keyRing, registry::byId,
                new TokenEndpointClient(clock, Duration.ofSeconds(5), Duration.ofSeconds(20), Duration.ofSeconds(30)),
                clock, node, RefreshPolicy.defaults(), breaker = new CircuitBreaker(clock, 5, Duration.ofSeconds(30)),
                d -> Thread.sleep(d.toMillis())).events(new DomainEvents());
        io.tokenvault.operations.HealthSignals.openCircuits(breaker::openEndpoints);
    }

    /** Token endpoints this node currently refuses to call (their circuit is open), for the health report. */
    public java.util.List<String> openCircuits() {
        return breaker.openEndpoints();
    }

    /** The engine's outcomes as CDI events (see {@code io.tokenvault.events}). */
    private final class DomainEvents implements RefreshEvents {

        @Override
        public void answered(boolean fromCache) {
            metrics.answered(fromCache);
        }

        @Override
        public void refreshed(String tenantId, String connectionId, AppRegistration app, Duration took,
                boolean rotated) {
            metrics.refreshed(app.provider(), took);
            refreshed.fire(new TokenRefreshed(tenantId, connectionId, app.appKey(), app.provider(), took, rotated));
        }

        @Override
        public void refreshFailed(String tenantId, String connectionId, AppRegistration app, String kind,
                String error, Duration took) {
            metrics.refreshFailed(app.provider(), kind, error, took);
            refreshFailed.fire(new RefreshFailed(tenantId, connectionId, app.id(), app.appKey(), app.provider(), kind,
                    error, took, clock.instant()));
        }

        @Override
        public void needsReauthorization(String tenantId, String connectionId, AppRegistration app,
                Diagnosis diagnosis) {
            statusChanged.fire(new ConnectionStatusChanged(tenantId, connectionId, app.id(), app.appKey(), "ACTIVE",
                    "NEEDS_REAUTH", diagnosis.reason(), diagnosis.explanation(), "system", clock.instant()));
        }
    }

    /** A valid access token for a worker (see {@link TokenRefresher#accessToken}). */
    public AccessGrant accessToken(Caller caller, String tenantId, String connectionId, Integer minValiditySeconds,
            String rejectedToken) {
        if (!caller.mayAccessTenant(tenantId)) {
            throw NoSuchResourceException.of("Tenant", tenantId);
        }
        if (caller.role() != Role.WORKER && caller.role() != Role.TENANT_ADMIN) {
            throw new ForbiddenActionException("Access tokens are handed to worker keys of the tenant");
        }
        InvalidInputException.Collector errors = new InvalidInputException.Collector();
        if (minValiditySeconds != null && (minValiditySeconds < 0 || minValiditySeconds > MAX_MIN_VALIDITY_SECONDS)) {
            errors.add("minValiditySeconds", "must be between 0 and " + MAX_MIN_VALIDITY_SECONDS);
        }
        if (rejectedToken != null && rejectedToken.length() > 100_000) {
            errors.add("rejectedToken", "is longer than any access token");
        }
        errors.throwIfAny();
        try {
            return refresher.accessToken(tenantId, connectionId,
                    minValiditySeconds == null ? null : Duration.ofSeconds(minValiditySeconds), rejectedToken);
        } catch (ReauthorizationRequiredException dead) {
            throw dead.withReauthorizationUrl(links.linkFor(tenantId, connectionId));
        } catch (io.tokenvault.tokens.control.SingleFlight.WaitTimeout slow) {
            throw new ProviderUnavailableException("busy", "The refresh in progress for this connection did not finish"
                    + " in time; try again", Duration.ofSeconds(2));
        }
    }

    /** Revokes at the provider where possible and deletes the connection (see {@link TokenRefresher#disconnect}). */
    public TokenRefresher.Disconnected disconnect(String tenantId, String connectionId) {
        return refresher.disconnect(tenantId, connectionId);
    }

    /** Drops the cached token of a connection whose grant changed, on this node and (after commit) on the others. */
    public void forget(String connectionId) {
        refresher.forget(connectionId);
        invalidations.fire(new CacheInvalidation(CacheInvalidation.Region.CONNECTION_TOKEN, connectionId));
    }

    /**
     * Refreshes a connection now, whatever its token's validity, through the same engine (lease, single flight,
     * credential fallback) as every other refresh: re-validation after a secret rollover and keep-alive probes.
     */
    public AccessGrant refreshNow(String tenantId, String connectionId) {
        return refresher.accessToken(tenantId, connectionId, java.time.Duration.ofDays(36_500), null);
    }

    /** Forgets every cached token of a tenant (after it was off-boarded), on every node. */
    public void forgetTenant(String tenantId) {
        refresher.forgetTenant(tenantId);
        invalidations.fire(new CacheInvalidation(CacheInvalidation.Region.TENANT_TOKENS, tenantId));
    }

    void onOtherNodesChange(@Observes CacheInvalidation.Received change) {
        if (change.is(CacheInvalidation.Region.CONNECTION_TOKEN)) {
            refresher.forget(change.key());
        } else if (change.is(CacheInvalidation.Region.TENANT_TOKENS)) {
            refresher.forgetTenant(change.key());
        }
    }
}
