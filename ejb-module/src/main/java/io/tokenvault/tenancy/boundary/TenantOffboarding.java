package io.tokenvault.tenancy.boundary;

import io.tokenvault.cluster.control.CacheInvalidation;
import jakarta.enterprise.event.Event;
import io.tokenvault.apikeys.control.ApiKeyCache;
import io.tokenvault.apps.control.AppRegistry;
import io.tokenvault.crypto.control.KeyRing;
import io.tokenvault.platform.boundary.NoSuchResourceException;
import io.tokenvault.platform.control.LocalTransactions;
import io.tokenvault.tokens.boundary.AccessTokens;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Off-boarding a tenant ({@code DELETE /api/v1/tenants/{t}}): first crypto-shredding, then deletion. Deleting the
 * tenant's keyset makes every token, client secret and other sealed value of the tenant unreadable at once, in this
 * database and in any copy of its rows; only then are the rows deleted, in one transaction, and every cache of this
 * node forgets the tenant. A failure between the two steps leaves unreadable rows behind, which a repeated call
 * deletes.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class TenantOffboarding {

    /** Children first: the order the foreign keys need. */
    private static final List<String> TABLES = List.of("webhook_delivery", "webhook_subscription", "audit_event",
            "notice", "authorization_session", "consent_ledger", "connection_token", "connection",
            "client_credential", "oauth_app", "tenant_secret", "job_run", "api_key");

    private static final Logger LOG = Logger.getLogger(TenantOffboarding.class.getName());

    /** What an off-boarding did. */
    public record Offboarded(String tenant, boolean keysShredded, Map<String, Integer> deletedRows,
            Instant completedAt) {
    }

    @Resource(lookup = "java:jboss/datasources/TokenvaultDS")
    DataSource dataSource;

    @Inject
    KeyRing keyRing;

    @Inject
    AppRegistry registry;

    @Inject
    AccessTokens accessTokens;

    @Inject
    ApiKeyCache apiKeys;

    @Inject
    Clock clock;

    @Inject
    Event<CacheInvalidation> invalidations;

    public Offboarded offboard(Caller caller, String tenantId) {
        caller.requirePlatformAdmin("Tenants are off-boarded by platform admins");
        try {
            if (!exists(tenantId)) {
                throw NoSuchResourceException.of("Tenant", tenantId);
            }
            boolean shredded = keyRing.shred(tenantId);
            invalidations.fire(new CacheInvalidation(CacheInvalidation.Region.KEYSET, tenantId));
            LOG.info(() -> "Tenant " + tenantId + ": keyset deleted (crypto-shredding); its sealed values are"
                    + " unreadable from now on");
            accessTokens.forgetTenant(tenantId);
            apiKeys.evictTenant(tenantId);
            Map<String, Integer> deleted = LocalTransactions.atomically(dataSource, c -> {
                Map<String, Integer> rows = new LinkedHashMap<>();
                for (String table : TABLES) {
                    rows.put(table, delete(c, "DELETE FROM " + table + " WHERE tenant_id = ?", tenantId));
                }
                rows.put("tenant", delete(c, "DELETE FROM tenant WHERE id = ?", tenantId));
                return rows;
            });
            registry.reload();
            accessTokens.forgetTenant(tenantId);
            apiKeys.evictTenant(tenantId);
            LOG.info(() -> "Tenant " + tenantId + " off-boarded: " + deleted);
            return new Offboarded(tenantId, shredded, deleted, clock.instant());
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot off-board tenant " + tenantId, e);
        }
    }

    private boolean exists(String tenantId) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT 1 FROM tenant WHERE id = ?")) {
            s.setString(1, tenantId);
            try (var rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static int delete(Connection c, String sql, String tenantId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, tenantId);
            return s.executeUpdate();
        }
    }
}
