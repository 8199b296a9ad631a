package io.tokenvault.connections.boundary;

import io.tokenvault.apps.entity.OAuthApp;
import io.tokenvault.connections.entity.Connection;
import io.tokenvault.connections.entity.ConnectionToken;
import io.tokenvault.connections.entity.ConnectionStatus;
import io.tokenvault.crypto.control.AssociatedData;
import io.tokenvault.crypto.control.Hashes;
import io.tokenvault.crypto.control.KeyRing;
import io.tokenvault.crypto.control.Sealed;
import io.tokenvault.platform.boundary.InvalidInputException;
import io.tokenvault.platform.boundary.NoSuchResourceException;
import io.tokenvault.tenancy.boundary.Caller;
import io.tokenvault.tokens.boundary.AccessTokens;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import io.tokenvault.tokens.control.TokenRefresher;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** Importing, reading, listing and deleting a tenant's connections. */
@Stateless
public class Connections {

    /** The outcome of an import: whether a new connection was made, and how it looks now. */
    public record Imported(boolean created, ConnectionView connection) {
    }

    static final int MAX_PAGE_SIZE = 200;
    static final String WORKER_REFUSAL = "Worker keys can read connections and fetch tokens, not manage them";

    @PersistenceContext
    EntityManager em;

    @Inject
    KeyRing keyRing;

    @Inject
    AccessTokens accessTokens;

    @Inject
    Clock clock;

    @Inject
    io.tokenvault.oauth.control.ReauthorizationLinks links;

    /**
     * Brings an existing grant in (migration from another system). Importing again for the same app and external user
     * replaces that connection's grant, so a migration can safely be re-run.
     */
    public Imported importGrant(Caller caller, String tenantId, ImportRequest request) {
        caller.requireTenantAdmin(tenantId, WORKER_REFUSAL);
        ImportRequest r = request == null ? new ImportRequest(null, null, null, null, null, null) : request;
        InvalidInputException.Collector errors = new InvalidInputException.Collector();
        Optional<OAuthApp> app = Optional.empty();
        if (r.app() == null || r.app().isBlank()) {
            errors.add("app", "is required");
        } else {
            app = findApp(r.app());
            if (app.isEmpty()) {
                errors.add("app", "no app '" + r.app() + "' is registered for this tenant");
            }
        }
        if (r.externalUserId() == null || r.externalUserId().isBlank()) {
            errors.add("externalUserId", "is required");
        } else if (r.externalUserId().length() > 256 || r.externalUserId().chars().anyMatch(Character::isISOControl)) {
            errors.add("externalUserId", "must be at most 256 printable characters");
        }
        if (r.refreshToken() == null || r.refreshToken().isBlank()) {
            errors.add("refreshToken", "is required");
        } else if (r.refreshToken().length() > 4000) {
            errors.add("refreshToken", "is longer than 4000 characters");
        }
        if (r.accessToken() != null && r.accessToken().length() > 12000) {
            errors.add("accessToken", "is longer than 12000 characters");
        }
        Instant expiresAt = null;
        if (r.expiresAt() != null) {
            try {
                expiresAt = Instant.parse(r.expiresAt());
            } catch (DateTimeParseException e) {
                errors.add("expiresAt", "must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
            }
        }
        if (r.accessToken() != null && expiresAt == null && r.expiresAt() == null) {
            errors.add("expiresAt", "is required with an accessToken (when does it expire?)");
        }
        Set<String> scopes = new LinkedHashSet<>();
        if (r.scopes() != null) {
            for (int i = 0; i < r.scopes().size(); i++) {
                String scope = r.scopes().get(i);
                if (scope == null || scope.isBlank() || scope.chars().anyMatch(c -> c <= ' ')) {
                    errors.add("scopes[" + i + "]", "must be a non-empty scope token without spaces");
                } else {
                    scopes.add(scope);
                }
            }
        }
        errors.throwIfAny();

        Instant now = clock.instant();
        String appId = app.orElseThrow().id();
        Optional<Connection> existing = em.createQuery(
                "select c from Connection c where c.appId = :app and c.externalUserId = :user", Connection.class)
                .setParameter("app", appId).setParameter("user", r.externalUserId()).getResultStream().findFirst();
        Connection connection = existing.orElseGet(() -> new Connection(UUID.randomUUID().toString(), tenantId, appId,
                r.externalUserId(), ConnectionStatus.PENDING, now));
        Sealed refresh = keyRing.seal(tenantId, AssociatedData.REFRESH_TOKEN, connection.id(), r.refreshToken());
        Sealed access = r.accessToken() == null ? null
                : keyRing.seal(tenantId, AssociatedData.ACCESS_TOKEN, connection.id(), r.accessToken());
        String credentialId = app.get().activeCredential().map(c -> c.id()).orElse(null);
        connection.storeGrant(Hashes.sha256Hex(r.refreshToken()),
                r.accessToken() == null ? null : Hashes.sha256Hex(r.accessToken()), "Bearer", access == null ? null
                        : expiresAt, scopes.isEmpty() ? app.get().scopes() : scopes, credentialId, now);
        if (existing.isEmpty()) {
            em.persist(connection);
            em.flush(); // the token row refers to it (inserts are ordered by entity type, not by this code)
        }
        ConnectionToken tokens = Optional.ofNullable(em.find(ConnectionToken.class, connection.id()))
                .orElseGet(() -> {
                    ConnectionToken created = new ConnectionToken(connection.id(), tenantId);
                    em.persist(created);
                    return created;
                });
        tokens.store(KeyRing.encode(refresh.ciphertext()), refresh.keyId(),
                access == null ? null : KeyRing.encode(access.ciphertext()),
                access == null ? null : (long) access.keyId());
        em.flush();
        accessTokens.forget(connection.id());
        return new Imported(existing.isEmpty(), view(connection));
    }

    public ConnectionView get(Caller caller, String tenantId, String id) {
        caller.requireTenant(tenantId);
        Connection connection = find(id).orElseThrow(() -> NoSuchResourceException.of("Connection", id));
        return view(connection);
    }

    /** A page of the tenant's connections, optionally only those of one status and one app, newest first. */
    public ConnectionPage list(Caller caller, String tenantId, String status, String appKey, String page,
            String size, String missingScopes) {
        return list(caller, tenantId, status, appKey, page, size, missingScopes, null);
    }

    /**
     * As above; {@code expiringWithinDays} keeps only grants whose known hard expiry falls within that many days (the
     * list an expiry-forecast notice links to).
     */
    public ConnectionPage list(Caller caller, String tenantId, String status, String appKey, String page,
            String size, String missingScopes, String expiringWithinDays) {
        return list(caller, tenantId, status, appKey, page, size, missingScopes, expiringWithinDays, null);
    }

    /** As above; {@code externalUserId} keeps only connections whose external user id contains it (any case). */
    public ConnectionPage list(Caller caller, String tenantId, String status, String appKey, String page,
            String size, String missingScopes, String expiringWithinDays, String externalUserId) {
        caller.requireTenantAdmin(tenantId, WORKER_REFUSAL);
        InvalidInputException.Collector errors = new InvalidInputException.Collector();
        ConnectionStatus wanted = null;
        if (status != null && !status.isBlank()) {
            try {
                wanted = ConnectionStatus.valueOf(status.strip().toUpperCase());
            } catch (IllegalArgumentException e) {
                errors.add("status", "must be one of " + Arrays.stream(ConnectionStatus.values()).map(Enum::name)
                        .collect(Collectors.joining(", ")));
            }
        }
        Optional<OAuthApp> app = Optional.empty();
        if (appKey != null && !appKey.isBlank()) {
            app = findApp(appKey);
            if (app.isEmpty()) {
                errors.add("app", "no app '" + appKey + "' is registered for this tenant");
            }
        }
        boolean onlyMissingScopes = "true".equalsIgnoreCase(missingScopes);
        if (onlyMissingScopes && app.isEmpty()) {
            errors.add("missingScopes", "needs app: missing scopes are measured against one app's scopes");
        }
        int expiringDays = errors.integer("expiringWithinDays", expiringWithinDays, -1);
        if (expiringWithinDays != null && !expiringWithinDays.isBlank() && (expiringDays < 0 || expiringDays > 3650)) {
            errors.add("expiringWithinDays", "must be between 0 and 3650");
        }
        String user = externalUserId == null || externalUserId.isBlank() ? null : externalUserId.strip();
        if (user != null && user.length() > 256) {
            errors.add("externalUserId", "must be at most 256 characters");
        }
        InvalidInputException.Collector.Page paging = errors.page(page, size, 50, MAX_PAGE_SIZE);
        errors.throwIfAny();
        List<String> required = onlyMissingScopes ? app.get().scopes().stream()
                .filter(s -> !Connection.IMPLICIT_SCOPES.contains(s)).toList() : List.of();
        String where = " where (:status is null or c.status = :status) and (:app is null or c.appId = :app)"
                + missingScopesCondition(required.size())
                + (expiringDays >= 0 ? " and c.grantExpiresAt < :expiringBefore" : "")
                + (user == null ? "" : " and lower(c.externalUserId) like :user escape '\\'");
        TypedQuery<Connection> query = em.createQuery("select c from Connection c" + where
                + " order by c.createdAt desc, c.id", Connection.class);
        TypedQuery<Long> count = em.createQuery("select count(c) from Connection c" + where, Long.class);
        for (TypedQuery<?> q : List.of(query, count)) {
            q.setParameter("status", wanted);
            q.setParameter("app", app.map(OAuthApp::id).orElse(null));
            bindScopes(q, required);
            if (user != null) {
                q.setParameter("user", "%" + user.toLowerCase(java.util.Locale.ROOT).replace("\\", "\\\\")
                        .replace("%", "\\%").replace("_", "\\_") + "%");
            }
            if (expiringDays >= 0) {
                q.setParameter("expiringBefore", clock.instant().plus(java.time.Duration.ofDays(expiringDays)));
            }
        }
        List<ConnectionView> items = query.setFirstResult(paging.offset()).setMaxResults(paging.size())
                .getResultStream().map(this::view).toList();
        return new ConnectionPage(items, paging.number(), paging.size(), count.getSingleResult());
    }

    /**
     * Connections lacking at least one of the app's scopes (granted scopes are stored space-separated, so each scope
     * is looked for as a whole word). Pending connections have no grant yet and are not counted.
     */
    static String missingScopesCondition(int scopes) {
        if (scopes == 0) {
            return "";
        }
        StringBuilder any = new StringBuilder(" and c.status <> io.tokenvault.connections.entity.ConnectionStatus.PENDING"
                + " and (c.scopes is null");
        for (int i = 0; i < scopes; i++) {
            any.append(" or concat(' ', c.scopes, ' ') not like :scope").append(i).append(" escape '\\'");
        }
        return any.append(")").toString();
    }

    /** Binds the parameters of {@link #missingScopesCondition}: each scope as a whole word, LIKE wildcards escaped. */
    private static void bindScopes(TypedQuery<?> query, List<String> scopes) {
        for (int i = 0; i < scopes.size(); i++) {
            query.setParameter("scope" + i, "% " + scopes.get(i).replace("%", "\\%").replace("_", "\\_") + " %");
        }
    }

    /** How many connections of an app lack some of its scopes (they will need re-consent). */
    public long countMissingScopes(String appId, java.util.Collection<String> appScopes) {
        List<String> required = appScopes.stream().filter(s -> !Connection.IMPLICIT_SCOPES.contains(s)).toList();
        if (required.isEmpty()) {
            return 0;
        }
        TypedQuery<Long> count = em.createQuery("select count(c) from Connection c where c.appId = :app"
                + missingScopesCondition(required.size()), Long.class).setParameter("app", appId);
        bindScopes(count, required);
        return count.getSingleResult();
    }


    private Optional<Connection> find(String id) {
        return em.createQuery("select c from Connection c where c.id = :id", Connection.class).setParameter("id", id)
                .getResultStream().findFirst();
    }

    /**
     * Revokes the grant at the provider where the app has a revocation endpoint, then deletes the connection and its
     * tokens. Outside any transaction: the provider is called without holding database resources.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public TokenRefresher.Disconnected delete(Caller caller, String tenantId, String id) {
        caller.requireTenantAdmin(tenantId, WORKER_REFUSAL);
        if (find(id).isEmpty()) {
            throw NoSuchResourceException.of("Connection", id);
        }
        return accessTokens.disconnect(tenantId, id);
    }

    private Optional<OAuthApp> findApp(String appKey) {
        return em.createQuery("select a from OAuthApp a where a.appKey = :key", OAuthApp.class)
                .setParameter("key", appKey).getResultStream().findFirst();
    }

    private ConnectionView view(Connection c) {
        Optional<OAuthApp> app = em.createQuery("select a from OAuthApp a where a.id = :id", OAuthApp.class)
                .setParameter("id", c.appId()).getResultStream().findFirst();
        String link = c.status() == ConnectionStatus.ACTIVE ? null : links.linkFor(c.tenantId(), c.id());
        return ConnectionView.of(c, app.map(OAuthApp::appKey).orElse(null), app.map(OAuthApp::scopes).orElse(Set.of()),
                link);
    }

}
