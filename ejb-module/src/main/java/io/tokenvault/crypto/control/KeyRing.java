package io.tokenvault.crypto.control;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * The per-tenant data keys, in memory and in the {@code tenant_keyset} table (wrapped by the key-encryption key). A
 * tenant's keyset is created on first use; every key that still encrypts a row keeps decrypting until it is destroyed.
 * Only this class (and the token service through it) turns ciphertext back into secrets.
 *
 * <p>Plain Java over a {@link DataSource} with auto-commit statements, so that it works inside the server (behind
 * {@code io.tokenvault.crypto.boundary.KeyRingService}) and in tests alike. Thread-safe.
 */
public class KeyRing {

    private final DataSource dataSource;
    private final KeyEncryptionKeySource kek;
    private final Clock clock;
    private final Map<String, TenantKeyset> keysets = new ConcurrentHashMap<>();
    /** The stored version each cached keyset was loaded at, for {@link #forgetChanged()}. */
    private final Map<String, Long> loadedVersions = new ConcurrentHashMap<>();

    public KeyRing(DataSource dataSource, KeyEncryptionKeySource kek, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource);
        this.kek = Objects.requireNonNull(kek);
        this.clock = Objects.requireNonNull(clock);
    }

    /** Encrypts under the tenant's primary key, bound to the tenant, the purpose and the row. */
    public Sealed seal(String tenantId, String purpose, String rowId, String plaintext) {
        return keyset(tenantId).encrypt(plaintext.getBytes(StandardCharsets.UTF_8),
                AssociatedData.of(tenantId, purpose, rowId));
    }

    /**
     * Decrypts a value sealed by {@link #seal}; the caller closes the holder when done. A key this node's copy of the
     * keyset does not know (another node rotated, and its message has not arrived) reloads the keyset once.
     */
    public SecretValue open(String tenantId, String purpose, String rowId, Sealed sealed) {
        AssociatedData associatedData = AssociatedData.of(tenantId, purpose, rowId);
        TenantKeyset cached = keyset(tenantId);
        try {
            return cached.decrypt(sealed, associatedData);
        } catch (DecryptionException e) {
            if (e.reason() != DecryptionException.Reason.UNKNOWN_KEY) {
                throw e;
            }
            keysets.remove(tenantId, cached);
            return keyset(tenantId).decrypt(sealed, associatedData);
        }
    }

    /** The tenant's keyset, loaded (or created) once and then served from memory. */
    public TenantKeyset keyset(String tenantId) {
        TenantKeyset keyset = keysets.get(tenantId);
        return keyset != null ? keyset : keysets.computeIfAbsent(tenantId, this::loadOrCreate);
    }

    /** Forgets the cached keyset of a tenant (after another node changed it). */
    public void forget(String tenantId) {
        keysets.remove(tenantId);
    }

    /**
     * Drops every cached keyset whose stored version moved since it was loaded: the safety net for a change whose
     * message this node missed. One small query over the keyset table.
     */
    public int forgetChanged() {
        Map<String, Long> stored = new java.util.HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement select = c.prepareStatement(
                "SELECT tenant_id, version FROM tenant_keyset"); java.sql.ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                stored.put(rows.getString(1), rows.getLong(2));
            }
        } catch (SQLException e) {
            throw new KeyStoreFailure("Cannot read the keyset versions", e);
        }
        int dropped = 0;
        for (Map.Entry<String, TenantKeyset> cached : keysets.entrySet()) {
            Long version = stored.get(cached.getKey());
            if (version == null || !version.equals(loadedVersions.get(cached.getKey()))) {
                keysets.remove(cached.getKey(), cached.getValue());
                dropped++;
            }
        }
        return dropped;
    }

    /**
     * Crypto-shredding: deletes the tenant's wrapped keyset, so that every value sealed for the tenant is unreadable
     * from this moment on, wherever copies of the rows may be (backups included, once no backup holds the keyset).
     * Returns whether there was a keyset.
     */
    public synchronized boolean shred(String tenantId) {
        keysets.remove(tenantId);
        try (Connection c = dataSource.getConnection(); PreparedStatement delete = c.prepareStatement(
                "DELETE FROM tenant_keyset WHERE tenant_id = ?")) {
            delete.setString(1, tenantId);
            return delete.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new KeyStoreFailure("Cannot delete the keyset of tenant " + tenantId, e);
        } finally {
            keysets.remove(tenantId);
        }
    }

    /** Replaces the tenant's keyset after a rotation, disable or destroy, guarded by the row's version. */
    public synchronized TenantKeyset update(String tenantId, java.util.function.UnaryOperator<TenantKeyset> change) {
        StoredKeyset stored = read(tenantId).orElseThrow(() -> new IllegalStateException("No keyset for " + tenantId));
        TenantKeyset changed = change.apply(TenantKeyset.unwrap(kek, tenantId, stored.wrapped()));
        try (Connection c = dataSource.getConnection(); PreparedStatement update = c.prepareStatement(
                "UPDATE tenant_keyset SET wrapped_keyset = ?, kek_id = ?, primary_key_id = ?, updated_at = ?,"
                        + " version = version + 1 WHERE tenant_id = ? AND version = ?")) {
            String kekId = kek.kekId();
            update.setString(1, encode(changed.wrap(kek, tenantId)));
            update.setString(2, kekId);
            update.setLong(3, changed.primaryKeyId());
            update.setTimestamp(4, Timestamp.from(clock.instant()));
            update.setString(5, tenantId);
            update.setLong(6, stored.version());
            if (update.executeUpdate() != 1) {
                throw new IllegalStateException("The keyset of " + tenantId + " changed concurrently; retry");
            }
        } catch (SQLException e) {
            throw new KeyStoreFailure("Cannot store the keyset of tenant " + tenantId, e);
        }
        keysets.put(tenantId, changed);
        loadedVersions.put(tenantId, stored.version() + 1);
        return changed;
    }

    /** The key-encryption key source (for its rotation; it never sees data). */
    public KeyEncryptionKeySource keyEncryptionKey() {
        return kek;
    }

    /** How many tenant keysets each KEK version wraps, by {@code kek_id}. */
    public Map<String, Integer> keysetsByKek() {
        try (Connection c = dataSource.getConnection(); PreparedStatement select = c.prepareStatement(
                "SELECT kek_id, COUNT(*) FROM tenant_keyset GROUP BY kek_id ORDER BY kek_id");
                ResultSet rs = select.executeQuery()) {
            Map<String, Integer> counts = new java.util.LinkedHashMap<>();
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getInt(2));
            }
            return counts;
        } catch (SQLException e) {
            throw new KeyStoreFailure("Cannot count the tenant keysets", e);
        }
    }

    /** What {@link #rewrapAll()} did. */
    public record Rewrap(String kekId, int rewrapped, int alreadyCurrent, java.util.List<String> failedTenants) {
    }

    /**
     * KEK rotation's second step: rewraps every tenant keyset not wrapped by the current KEK version. Only the wrapping
     * changes: the data keys, and so every sealed value in the database, stay as they are. Each keyset is rewritten
     * guarded by its version (a concurrent data-key rotation wins and is retried); one tenant's failure does not stop
     * the others and is reported by tenant id.
     */
    public Rewrap rewrapAll() {
        String current = kek.kekId();
        java.util.List<String> stale = new java.util.ArrayList<>();
        int total = 0;
        try (Connection c = dataSource.getConnection(); PreparedStatement select = c.prepareStatement(
                "SELECT tenant_id, kek_id FROM tenant_keyset ORDER BY tenant_id");
                ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                total++;
                if (!current.equals(rs.getString(2))) {
                    stale.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new KeyStoreFailure("Cannot list the tenant keysets", e);
        }
        java.util.List<String> failed = new java.util.ArrayList<>();
        int rewrapped = 0;
        for (String tenantId : stale) {
            if (rewrap(tenantId)) {
                rewrapped++;
            } else {
                failed.add(tenantId);
            }
        }
        return new Rewrap(current, rewrapped, total - stale.size(), failed);
    }

    private boolean rewrap(String tenantId) {
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                update(tenantId, keyset -> keyset);
                return true;
            } catch (IllegalStateException concurrentChange) {
                // another node rotated or disabled a data key meanwhile; read again and rewrap that
            } catch (CryptoException e) {
                return false;
            }
        }
        return false;
    }

    private TenantKeyset loadOrCreate(String tenantId) {
        Optional<StoredKeyset> stored = read(tenantId);
        if (stored.isPresent()) {
            loadedVersions.put(tenantId, stored.get().version());
            return TenantKeyset.unwrap(kek, tenantId, stored.get().wrapped());
        }
        TenantKeyset created = TenantKeyset.generate();
        String kekId = kek.kekId();
        try (Connection c = dataSource.getConnection(); PreparedStatement insert = c.prepareStatement(
                "INSERT INTO tenant_keyset (tenant_id, kek_id, wrapped_keyset, primary_key_id, updated_at, version)"
                        + " VALUES (?, ?, ?, ?, ?, 0)")) {
            insert.setString(1, tenantId);
            insert.setString(2, kekId);
            insert.setString(3, encode(created.wrap(kek, tenantId)));
            insert.setLong(4, created.primaryKeyId());
            insert.setTimestamp(5, Timestamp.from(clock.instant()));
            insert.executeUpdate();
            loadedVersions.put(tenantId, 0L);
            return created;
        } catch (SQLException e) {
            // another node created it first: use theirs
            return read(tenantId).map(s -> {
                loadedVersions.put(tenantId, s.version());
                return TenantKeyset.unwrap(kek, tenantId, s.wrapped());
            })
                    .orElseThrow(() -> new KeyStoreFailure("Cannot create the keyset of tenant " + tenantId, e));
        }
    }

    private Optional<StoredKeyset> read(String tenantId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement select = c.prepareStatement(
                "SELECT wrapped_keyset, version FROM tenant_keyset WHERE tenant_id = ?")) {
            select.setString(1, tenantId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(new StoredKeyset(decode(rs.getString(1)), rs.getLong(2)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new KeyStoreFailure("Cannot read the keyset of tenant " + tenantId, e);
        }
    }

    private record StoredKeyset(byte[] wrapped, long version) {
    }

    /** Base64 text for ciphertext columns (portable across H2 and PostgreSQL). */
    public static String encode(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    public static byte[] decode(String text) {
        return Base64.getDecoder().decode(text);
    }

    /** The keyset table could not be read or written (never carries key material). */
    public static final class KeyStoreFailure extends CryptoException {
        KeyStoreFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
