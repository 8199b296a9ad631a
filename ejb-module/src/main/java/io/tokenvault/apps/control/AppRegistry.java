package io.tokenvault.apps.control;

import io.tokenvault.apps.entity.ClientCredential;
import io.tokenvault.cluster.control.CacheInvalidation;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import io.tokenvault.apps.entity.OAuthApp;
import io.tokenvault.crypto.control.Sealed;
import io.tokenvault.crypto.control.KeyRing;
import io.tokenvault.oauth.control.ClientCredentials.AuthMethod;
import io.tokenvault.tenancy.control.TenantScope;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The app registrations of all tenants, in memory, so that a refresh never reads them from the database. Reads take
 * the read lock; a change (observed after its transaction commits) rebuilds the map under the write lock and tells the
 * other nodes, which rebuild theirs. {@link #reloadIfChanged()} is the safety net for a message a node missed.
 */
@Singleton
@Startup
@DependsOn({"SchemaMigration", "KeyRingService"})
@Lock(LockType.READ)
public class AppRegistry {

    private static final Logger LOG = Logger.getLogger(AppRegistry.class.getName());

    @PersistenceContext
    EntityManager em;

    @Inject
    Event<CacheInvalidation> invalidations;

    private Map<String, AppRegistration> byId = Map.of();
    private List<Object> fingerprint = List.of();
    private Map<String, String> idByTenantAndKey = Map.of();

    @PostConstruct
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    void load() {
        rebuild();
    }

    /** The registration with this id (any tenant: ids are random and only the engine uses this). */
    public Optional<AppRegistration> byId(String appId) {
        return Optional.ofNullable(byId.get(appId));
    }

    public Optional<AppRegistration> find(String tenantId, String appKey) {
        return Optional.ofNullable(idByTenantAndKey.get(tenantId + "\u0000" + appKey)).map(byId::get);
    }

    /** Rebuilds after a change commits (a business method, so that the write lock and a new transaction apply). */
    @Lock(LockType.WRITE)
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void onChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) AppsChanged change) {
        rebuild();
        invalidations.fire(new CacheInvalidation(CacheInvalidation.Region.APPS, change.tenantId()));
    }

    /** Rebuilds the registry from the database, here and on the other nodes. */
    @Lock(LockType.WRITE)
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void reload() {
        rebuild();
        invalidations.fire(new CacheInvalidation(CacheInvalidation.Region.APPS, "*"));
    }

    /** Another node changed a registration: rebuild from the database (which that node has committed to). */
    @Lock(LockType.WRITE)
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void onOtherNodesChange(@Observes CacheInvalidation.Received change) {
        if (change.is(CacheInvalidation.Region.APPS)) {
            rebuild();
        }
    }

    /**
     * The safety net: compares a cheap fingerprint of the registration tables with the one of the last rebuild and
     * rebuilds when they differ. Returns whether it rebuilt.
     */
    @Lock(LockType.WRITE)
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public boolean reloadIfChanged() {
        if (storedFingerprint().equals(fingerprint)) {
            return false;
        }
        LOG.info("App registrations changed without a message reaching this node; reloaded them");
        rebuild();
        return true;
    }

    private List<Object> storedFingerprint() {
        Object[] apps = (Object[]) em.createNativeQuery(
                "SELECT COUNT(*), COALESCE(SUM(version), 0) FROM oauth_app").getSingleResult();
        Object[] credentials = (Object[]) em.createNativeQuery("SELECT COUNT(*), COALESCE(SUM(secret_key_id), 0),"
                + " MAX(state_changed_at), MAX(created_at) FROM client_credential").getSingleResult();
        List<Object> values = new java.util.ArrayList<>();
        for (Object[] row : new Object[][] {apps, credentials}) {
            for (Object value : row) {
                values.add(value == null ? "" : value.toString());
            }
        }
        return values;
    }

    private void rebuild() {
        try (TenantScope ignored = TenantScope.root()) {
            fingerprint = storedFingerprint();
            List<OAuthApp> apps = em.createQuery("select distinct a from OAuthApp a left join fetch a.credentials",
                    OAuthApp.class).getResultList();
            Map<String, AppRegistration> registrations = new HashMap<>();
            Map<String, String> index = new HashMap<>();
            for (OAuthApp app : apps) {
                registrations.put(app.id(), toRegistration(app));
                index.put(app.tenantId() + "\u0000" + app.appKey(), app.id());
            }
            byId = Map.copyOf(registrations);
            idByTenantAndKey = Map.copyOf(index);
            LOG.fine(() -> "App registry holds " + registrations.size() + " apps");
        }
    }

    static AppRegistration toRegistration(OAuthApp app) {
        List<AppRegistration.Credential> credentials = app.credentials().stream()
                .map(AppRegistry::toCredential).toList();
        return new AppRegistration(app.id(), app.tenantId(), app.appKey(), app.provider(), app.clientId(), app.scopes(),
                URI.create(app.tokenEndpoint()), Optional.ofNullable(app.revocationEndpoint()).map(URI::create),
                AuthMethod.fromWireName(app.tokenEndpointAuthMethod()), credentials, app.version(),
                Optional.ofNullable(app.authorizationEndpoint()).map(URI::create), URI.create(app.redirectUri()),
                app.authorizationParams());
    }

    private static AppRegistration.Credential toCredential(ClientCredential c) {
        Optional<Sealed> secret = c.secretCiphertext() == null ? Optional.empty()
                : Optional.of(new Sealed(c.secretKeyId().intValue(), KeyRing.decode(c.secretCiphertext())));
        return new AppRegistration.Credential(c.id(), c.state(), secret);
    }
}
