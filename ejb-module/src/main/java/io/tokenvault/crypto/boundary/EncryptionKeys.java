package io.tokenvault.crypto.boundary;

import io.tokenvault.cluster.control.CacheInvalidation;
import jakarta.enterprise.event.Event;
import io.tokenvault.apps.control.AppRegistry;
import io.tokenvault.crypto.control.KeyInfo;
import io.tokenvault.crypto.control.KeyRing;
import io.tokenvault.crypto.control.KeyState;
import io.tokenvault.crypto.control.KeyStateException;
import io.tokenvault.crypto.control.Resealer;
import io.tokenvault.crypto.control.TenantKeyset;
import io.tokenvault.jobs.boundary.JobView;
import io.tokenvault.jobs.boundary.Jobs;
import io.tokenvault.platform.boundary.ConflictException;
import io.tokenvault.platform.boundary.NoSuchResourceException;
import io.tokenvault.tenancy.boundary.Caller;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Data-key lifecycle for operators: rotate (a new primary key, then the {@code rotate-encryption-key} job re-encrypts
 * everything under it), list keys with the number of values each protects, disable and enable, and destroy, which is
 * refused while any value still uses the key. Platform admins only.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class EncryptionKeys {

    public static final String ROTATION_JOB = "rotate-encryption-key";

    private static final Logger LOG = Logger.getLogger(EncryptionKeys.class.getName());

    @Resource(lookup = "java:jboss/datasources/TokenvaultDS")
    DataSource dataSource;

    @Inject
    KeyRing keyRing;

    @Inject
    Jobs jobs;

    @Inject
    AppRegistry registry;

    @Inject
    Event<CacheInvalidation> invalidations;

    private Resealer resealer;

    @PostConstruct
    void init() {
        resealer = new Resealer(dataSource, keyRing);
    }

    /** Adds a new primary key for one tenant (or every tenant with a keyset) and starts the re-encryption job. */
    public EncryptionKeyViews.Rotation rotate(Caller caller, String tenantId, RotationTuning tuning) {
        caller.requirePlatformAdmin("Encryption keys are managed by platform admins");
        Properties parameters = tuning.jobParameters(); // refuses bad tuning before any key changes
        List<String> tenants = tenantId == null ? tenantsWithKeys() : List.of(requireKeyset(tenantId));
        List<EncryptionKeyViews.NewKey> keys = new ArrayList<>();
        for (String tenant : tenants) {
            TenantKeyset rotated = keyRing.update(tenant, TenantKeyset::rotate);
            invalidations.fire(new CacheInvalidation(CacheInvalidation.Region.KEYSET, tenant));
            keys.add(new EncryptionKeyViews.NewKey(tenant, rotated.primaryKeyId()));
            LOG.info(() -> "Tenant " + tenant + ": new primary data key " + rotated.primaryKeyId());
        }
        long total = resealer.countNotUnderPrimary(tenantId);
        JobView job = jobs.start(caller, ROTATION_JOB, tenantId, total, parameters);
        return new EncryptionKeyViews.Rotation(tenantId == null ? null : keys.get(0).keyId(), keys, job);
    }

    public List<EncryptionKeyViews.TenantKeys> list(Caller caller, String tenantId) {
        caller.requirePlatformAdmin("Encryption keys are managed by platform admins");
        List<String> tenants = tenantId == null ? tenantsWithKeys() : List.of(requireKeyset(tenantId));
        return tenants.stream().map(this::keysOf).toList();
    }

    public EncryptionKeyViews.TenantKeys disable(Caller caller, String tenantId, long keyId) {
        caller.requirePlatformAdmin("Encryption keys are managed by platform admins");
        change(tenantId, keyId, k -> k.disable((int) keyId));
        return keysOf(tenantId);
    }

    public EncryptionKeyViews.TenantKeys enable(Caller caller, String tenantId, long keyId) {
        caller.requirePlatformAdmin("Encryption keys are managed by platform admins");
        change(tenantId, keyId, k -> k.enable((int) keyId));
        return keysOf(tenantId);
    }

    /** Destroys a key's material for good, but only when no sealed value uses it any more. */
    public EncryptionKeyViews.TenantKeys destroy(Caller caller, String tenantId, long keyId) {
        caller.requirePlatformAdmin("Encryption keys are managed by platform admins");
        requireKey(tenantId, keyId);
        long rows = resealer.valuesByKey(tenantId).getOrDefault(keyId, 0L);
        if (rows > 0) {
            throw new ConflictException("Key " + keyId + " of tenant " + tenantId + " still encrypts " + rows
                    + " values; rotate and let the re-encryption job finish before destroying it");
        }
        change(tenantId, keyId, k -> k.destroy((int) keyId));
        LOG.info(() -> "Tenant " + tenantId + ": data key " + keyId + " destroyed");
        return keysOf(tenantId);
    }

    private void change(String tenantId, long keyId, java.util.function.UnaryOperator<TenantKeyset> change) {
        requireKey(tenantId, keyId);
        try {
            keyRing.update(tenantId, change);
            invalidations.fire(new CacheInvalidation(CacheInvalidation.Region.KEYSET, tenantId));
        } catch (KeyStateException e) {
            throw new ConflictException(e.getMessage());
        }
        registry.reload(); // no registration in memory may keep a secret sealed under a key that no longer decrypts
    }

    private EncryptionKeyViews.TenantKeys keysOf(String tenantId) {
        TenantKeyset keyset = keyRing.keyset(tenantId);
        Map<Long, Long> rows = resealer.valuesByKey(tenantId);
        List<EncryptionKeyViews.Key> keys = keyset.keys().stream()
                .map(k -> new EncryptionKeyViews.Key(k.keyId(), k.state().name(),
                        rows.getOrDefault((long) k.keyId(), 0L)))
                .toList();
        return new EncryptionKeyViews.TenantKeys(tenantId, keyset.primaryKeyId(), keys);
    }

    private void requireKey(String tenantId, long keyId) {
        requireKeyset(tenantId);
        KeyInfo key = keyRing.keyset(tenantId).findKey((int) keyId)
                .filter(k -> k.keyId() == keyId)
                .orElseThrow(() -> NoSuchResourceException.of("Encryption key", tenantId + "/" + keyId));
        if (key.state() == KeyState.PRIMARY) {
            throw new ConflictException("Key " + keyId + " is the primary key of tenant " + tenantId
                    + "; rotate to a new key first");
        }
    }

    private String requireKeyset(String tenantId) {
        if (!tenantsWithKeys().contains(tenantId)) {
            throw NoSuchResourceException.of("Tenant keyset", tenantId);
        }
        return tenantId;
    }

    private List<String> tenantsWithKeys() {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT tenant_id FROM tenant_keyset ORDER BY tenant_id"); ResultSet rs = s.executeQuery()) {
            List<String> tenants = new ArrayList<>();
            while (rs.next()) {
                tenants.add(rs.getString(1));
            }
            return tenants;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot list tenant keysets", e);
        }
    }
}
