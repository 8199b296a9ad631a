package io.tokenvault.tokens.control;

import io.tokenvault.connections.entity.ConnectionStatus;
import io.tokenvault.platform.control.LocalTransactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The engine's reads and writes of a connection's token set, as plain version-guarded SQL: every write names the
 * version of the {@code connection} row it read and bumps it ({@code ... WHERE id = ? AND version = ?}), which is the
 * same optimistic locking the {@code Connection} entity's {@code @Version} does, made explicit so that the lease and
 * the refresh are one compare-and-set each. The sealed tokens are in {@code connection_token}
 * ({@link TokenSetRows}); a refresh writes both rows in one short transaction. Every statement also names the tenant.
 * Nothing runs inside a transaction while the provider is called, so no database lock is held then.
 */
public class ConnectionTokenStore {

    private static final String COLUMNS = "c.id, c.tenant_id, c.app_id, c.status, c.status_reason, c.status_detail,"
            + " c.scopes, c.grant_issued_at, c.grant_credential_id, t.refresh_token_ct, t.refresh_token_key_id,"
            + " c.refresh_token_hash, t.access_token_ct, t.access_token_key_id, c.access_token_hash, c.token_type,"
            + " c.access_token_expires_at, c.last_refreshed_at, c.issued_for_rejection_at, c.lease_owner,"
            + " c.lease_until, c.lease_token_hash, c.refresh_in_doubt_hash, c.version, c.grant_ordinal,"
            + " c.grant_expires_at, c.grant_expiry_basis";

    /** A refreshed token set, sealed, ready to store. */
    public record Refreshed(String accessCiphertext, long accessKeyId, String accessHash, String refreshCiphertext,
            long refreshKeyId, String refreshHash, String tokenType, Instant accessExpiresAt, String scopes,
            String credentialId, Instant refreshedAt, Instant issuedForRejectionAt, Instant grantExpiresAt,
            String grantExpiryBasis) {
    }

    private final DataSource dataSource;

    public ConnectionTokenStore(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource);
    }

    public Optional<TokenRow> load(String tenantId, String id) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS
                        + " FROM connection c LEFT JOIN connection_token t ON t.connection_id = c.id"
                        + " WHERE c.tenant_id = ? AND c.id = ?")) {
            s.setString(1, tenantId);
            s.setString(2, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreFailure("read connection " + id, e);
        }
    }

    /**
     * Claims the refresh lease if the row is still at {@code version} and no live lease is held: exactly one claimant
     * wins. The lease records the hash of the refresh token about to be spent.
     */
    public boolean claimLease(TokenRow row, String owner, Instant until, Instant now) {
        return update("UPDATE connection SET lease_owner = ?, lease_until = ?, lease_token_hash = refresh_token_hash,"
                + " version = version + 1 WHERE tenant_id = ? AND id = ? AND version = ?"
                + " AND (lease_until IS NULL OR lease_until <= ? OR lease_owner = ?)", s -> {
                    s.setString(1, owner);
                    s.setTimestamp(2, Timestamp.from(until));
                    s.setString(3, row.tenantId());
                    s.setString(4, row.id());
                    s.setLong(5, row.version());
                    s.setTimestamp(6, Timestamp.from(now));
                    s.setString(7, owner);
                });
    }

    /**
     * Stores a refreshed token set and releases the lease, if the row is still at {@code version}: the connection row
     * and the sealed tokens in one transaction.
     */
    public boolean storeRefreshed(String tenantId, String id, long version, Refreshed r) {
        try {
            return LocalTransactions.atomically(dataSource, c -> {
                try (PreparedStatement s = c.prepareStatement(STORE_REFRESHED)) {
                    s.setString(1, r.accessHash());
                    s.setString(2, r.refreshHash());
                    s.setString(3, r.tokenType());
                    s.setTimestamp(4, Timestamp.from(r.accessExpiresAt()));
                    s.setString(5, r.scopes());
                    s.setString(6, r.credentialId());
                    s.setTimestamp(7, Timestamp.from(r.refreshedAt()));
                    setInstant(s, 8, r.issuedForRejectionAt());
                    setInstant(s, 9, r.grantExpiresAt());
                    setInstant(s, 10, r.grantExpiresAt());
                    s.setString(11, r.grantExpiryBasis());
                    s.setString(12, tenantId);
                    s.setString(13, id);
                    s.setLong(14, version);
                    if (s.executeUpdate() != 1) {
                        return false;
                    }
                }
                TokenSetRows.write(c, tenantId, id, r.refreshCiphertext(), r.refreshKeyId(), r.accessCiphertext(),
                        r.accessKeyId());
                return true;
            });
        } catch (SQLException e) {
            throw new StoreFailure("write connection", e);
        }
    }

    /** The connection-row half of {@link #storeRefreshed}. */
    static final String STORE_REFRESHED = "UPDATE connection SET access_token_hash = ?, refresh_token_hash = ?,"
            + " token_type = ?, access_token_expires_at = ?, scopes = ?, grant_credential_id = ?,"
            + " last_refreshed_at = ?, issued_for_rejection_at = ?, lease_owner = NULL, lease_until = NULL,"
            + " lease_token_hash = NULL, refresh_in_doubt_hash = NULL,"
            // a warning about the expiry stands while the expiry stands; a new expiry is warned about afresh
            + " expiry_warned_at = CASE WHEN grant_expires_at = ? THEN expiry_warned_at ELSE NULL END,"
            + " grant_expires_at = ?, grant_expiry_basis = ?, version = version + 1"
            + " WHERE tenant_id = ? AND id = ? AND version = ?";

    /** Marks the grant dead (NEEDS_REAUTH with a diagnosed reason) and releases the lease, if still at {@code version}. */
    public boolean markNeedsReauth(String tenantId, String id, long version, String reason, String detail,
            Instant now) {
        return update("UPDATE connection SET status = ?, status_reason = ?, status_detail = ?, status_changed_at = ?,"
                + " lease_owner = NULL, lease_until = NULL, lease_token_hash = NULL, version = version + 1"
                + " WHERE tenant_id = ? AND id = ? AND version = ?", s -> {
                    s.setString(1, ConnectionStatus.NEEDS_REAUTH.name());
                    s.setString(2, reason);
                    s.setString(3, detail);
                    s.setTimestamp(4, Timestamp.from(now));
                    s.setString(5, tenantId);
                    s.setString(6, id);
                    s.setLong(7, version);
                });
    }

    /**
     * Gives the lease back without new tokens. {@code inDoubtHash} names a refresh token that may have been spent
     * (the request went out and no answer came back), so that the next attempt knows.
     */
    public boolean releaseLease(String tenantId, String id, long version, String inDoubtHash) {
        return update("UPDATE connection SET lease_owner = NULL, lease_until = NULL, lease_token_hash = NULL,"
                + " refresh_in_doubt_hash = COALESCE(?, refresh_in_doubt_hash), version = version + 1"
                + " WHERE tenant_id = ? AND id = ? AND version = ?", s -> {
                    s.setString(1, inDoubtHash);
                    s.setString(2, tenantId);
                    s.setString(3, id);
                    s.setLong(4, version);
                });
    }

    /** How many consents the connection's user has given its app (the consent ledger; 0 when unknown). */
    public int consentsFor(String tenantId, String id) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT l.consents FROM consent_ledger l JOIN connection c ON c.tenant_id = l.tenant_id"
                        + " AND c.app_id = l.app_id AND c.external_user_id = l.external_user_id"
                        + " WHERE c.tenant_id = ? AND c.id = ?")) {
            s.setString(1, tenantId);
            s.setString(2, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        } catch (SQLException e) {
            throw new StoreFailure("read the consent ledger", e);
        }
    }

    /** Deletes a connection and its tokens. */
    public boolean delete(String tenantId, String id) {
        return update("DELETE FROM connection WHERE tenant_id = ? AND id = ?", s -> {
            s.setString(1, tenantId);
            s.setString(2, id);
        });
    }

    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private boolean update(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            binder.bind(s);
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StoreFailure("write connection", e);
        }
    }

    private static void setInstant(PreparedStatement s, int index, Instant value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.TIMESTAMP);
        } else {
            s.setTimestamp(index, Timestamp.from(value));
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Long longOrNull(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static TokenRow row(ResultSet rs) throws SQLException {
        return new TokenRow(rs.getString("id"), rs.getString("tenant_id"), rs.getString("app_id"),
                ConnectionStatus.valueOf(rs.getString("status")), rs.getString("status_reason"),
                rs.getString("status_detail"), rs.getString("scopes"), instant(rs, "grant_issued_at"),
                rs.getString("grant_credential_id"), rs.getString("refresh_token_ct"),
                longOrNull(rs, "refresh_token_key_id"), rs.getString("refresh_token_hash"),
                rs.getString("access_token_ct"), longOrNull(rs, "access_token_key_id"),
                rs.getString("access_token_hash"), rs.getString("token_type"),
                instant(rs, "access_token_expires_at"), instant(rs, "last_refreshed_at"),
                instant(rs, "issued_for_rejection_at"), rs.getString("lease_owner"), instant(rs, "lease_until"),
                rs.getString("lease_token_hash"), rs.getString("refresh_in_doubt_hash"), rs.getLong("version"),
                (Integer) rs.getObject("grant_ordinal", Integer.class), instant(rs, "grant_expires_at"),
                rs.getString("grant_expiry_basis"));
    }

    /** The database could not be read or written. */
    public static final class StoreFailure extends RuntimeException {
        StoreFailure(String what, SQLException cause) {
            super("Cannot " + what + ": " + cause.getSQLState(), cause);
        }
    }
}
