package io.tokenvault.oauth.control;

import io.tokenvault.connections.entity.ConnectionStatus;
import io.tokenvault.platform.control.LocalTransactions;
import io.tokenvault.tokens.control.TokenSetRows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The connect flow's storage, as plain SQL in auto-commit (the flow calls providers between its writes, so it holds no
 * transaction): authorization sessions claimed exactly once, connection rows created pending and given their grant in
 * one statement, the consent ledger, the tenant's allowed return URLs. Every statement names the tenant, except the
 * claim of a session by its state, which is how the tenant becomes known.
 */
public class ConnectStore {

    /** An authorization session, claimed. */
    public record Session(String tenantId, String connectionId, String appId, String verifierCiphertext,
            long verifierKeyId, String requestedScopes, String returnUrl) {
    }

    /** Why a state was not accepted. */
    public enum Refusal {
        UNKNOWN, USED, EXPIRED
    }

    /** A claim: the session, or why not. */
    public record Claim(Optional<Session> session, Optional<Refusal> refusal) {
    }

    /** What the flow needs of an existing connection. */
    public record ConnectionRef(String id, String appId, String externalUserId, ConnectionStatus status,
            String scopes) {
    }

    /** A new grant, sealed, for a connection. */
    public record NewGrant(String refreshCiphertext, long refreshKeyId, String refreshHash, String accessCiphertext,
            long accessKeyId, String accessHash, String tokenType, Instant accessExpiresAt, String scopes,
            String credentialId, Instant issuedAt, int ordinal, GrantExpiry.Forecast expiry) {
    }

    private final DataSource dataSource;

    public ConnectStore(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource);
    }

    public List<String> allowedReturnUrls(String tenantId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT allowed_return_urls FROM tenant WHERE id = ?")) {
            s.setString(1, tenantId);
            try (ResultSet rs = s.executeQuery()) {
                List<String> urls = new ArrayList<>();
                if (rs.next() && rs.getString(1) != null) {
                    for (String line : rs.getString(1).split("\n")) {
                        if (!line.isBlank()) {
                            urls.add(line.strip());
                        }
                    }
                }
                return urls;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the tenant's return URLs", e);
        }
    }

    public Optional<ConnectionRef> findConnection(String tenantId, String appId, String externalUserId) {
        return queryConnection("SELECT id, app_id, external_user_id, status, scopes FROM connection"
                + " WHERE tenant_id = ? AND app_id = ? AND external_user_id = ?", tenantId, appId, externalUserId);
    }

    public Optional<ConnectionRef> connection(String tenantId, String id) {
        return queryConnection("SELECT id, app_id, external_user_id, status, scopes FROM connection"
                + " WHERE tenant_id = ? AND id = ?", tenantId, id);
    }

    private Optional<ConnectionRef> queryConnection(String sql, String... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setString(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new ConnectionRef(rs.getString(1), rs.getString(2), rs.getString(3),
                        ConnectionStatus.valueOf(rs.getString(4)), rs.getString(5))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read a connection", e);
        }
    }

    public void insertPendingConnection(String tenantId, String id, String appId, String externalUserId,
            Instant now) {
        execute("INSERT INTO connection (id, tenant_id, app_id, external_user_id, status, status_changed_at,"
                + " created_at, version) VALUES (?, ?, ?, ?, 'PENDING', ?, ?, 0)", s -> {
                    s.setString(1, id);
                    s.setString(2, tenantId);
                    s.setString(3, appId);
                    s.setString(4, externalUserId);
                    s.setTimestamp(5, Timestamp.from(now));
                    s.setTimestamp(6, Timestamp.from(now));
                });
    }

    public void insertSession(String stateHash, String tenantId, String connectionId, String appId,
            String verifierCiphertext, long verifierKeyId, String requestedScopes, String returnUrl, Instant now,
            Instant expiresAt) {
        execute("INSERT INTO authorization_session (state_hash, tenant_id, connection_id, app_id, pkce_verifier_ct,"
                + " pkce_verifier_key_id, requested_scopes, return_url, created_at, expires_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", s -> {
                    s.setString(1, stateHash);
                    s.setString(2, tenantId);
                    s.setString(3, connectionId);
                    s.setString(4, appId);
                    s.setString(5, verifierCiphertext);
                    s.setLong(6, verifierKeyId);
                    s.setString(7, requestedScopes);
                    s.setString(8, returnUrl);
                    s.setTimestamp(9, Timestamp.from(now));
                    s.setTimestamp(10, Timestamp.from(expiresAt));
                });
    }

    /** Takes the session of a state exactly once: a replay, an expired or an unknown state is refused. */
    public Claim claimSession(String stateHash, Instant now) {
        try (Connection c = dataSource.getConnection()) {
            Session session;
            Instant expiresAt;
            boolean used;
            try (PreparedStatement s = c.prepareStatement("SELECT tenant_id, connection_id, app_id, pkce_verifier_ct,"
                    + " pkce_verifier_key_id, requested_scopes, return_url, expires_at, used_at"
                    + " FROM authorization_session WHERE state_hash = ?")) {
                s.setString(1, stateHash);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        return new Claim(Optional.empty(), Optional.of(Refusal.UNKNOWN));
                    }
                    session = new Session(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getLong(5), rs.getString(6), rs.getString(7));
                    expiresAt = rs.getTimestamp(8).toInstant();
                    used = rs.getTimestamp(9) != null;
                }
            }
            if (used) {
                return new Claim(Optional.empty(), Optional.of(Refusal.USED));
            }
            if (!expiresAt.isAfter(now)) {
                return new Claim(Optional.empty(), Optional.of(Refusal.EXPIRED));
            }
            try (PreparedStatement s = c.prepareStatement("UPDATE authorization_session SET used_at = ?"
                    + " WHERE state_hash = ? AND used_at IS NULL")) {
                s.setTimestamp(1, Timestamp.from(now));
                s.setString(2, stateHash);
                if (s.executeUpdate() != 1) {
                    return new Claim(Optional.empty(), Optional.of(Refusal.USED));
                }
            }
            return new Claim(Optional.of(session), Optional.empty());
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot claim an authorization session", e);
        }
    }

    /**
     * Gives the connection its new grant in one transaction: tokens (in {@code connection_token}), scopes, status
     * ACTIVE, any lease or doubt of the previous grant cleared, version bumped (a refresh of the old grant in flight
     * then fails its version check).
     */
    public boolean storeNewGrant(String tenantId, String id, NewGrant g) {
        try {
            return LocalTransactions.atomically(dataSource, c -> {
                try (PreparedStatement s = c.prepareStatement("UPDATE connection SET refresh_token_hash = ?,"
                        + " access_token_hash = ?, token_type = ?, access_token_expires_at = ?, scopes = ?,"
                        + " grant_credential_id = ?, grant_issued_at = ?, last_refreshed_at = ?, grant_ordinal = ?,"
                        + " grant_expires_at = ?, grant_expiry_basis = ?, expiry_warned_at = NULL, status = 'ACTIVE',"
                        + " status_reason = NULL, status_detail = NULL, status_changed_at = ?,"
                        + " issued_for_rejection_at = NULL, lease_owner = NULL, lease_until = NULL,"
                        + " lease_token_hash = NULL, refresh_in_doubt_hash = NULL, version = version + 1"
                        + " WHERE tenant_id = ? AND id = ?")) {
                    s.setString(1, g.refreshHash());
                    s.setString(2, g.accessHash());
                    s.setString(3, g.tokenType());
                    s.setTimestamp(4, Timestamp.from(g.accessExpiresAt()));
                    s.setString(5, g.scopes());
                    s.setString(6, g.credentialId());
                    s.setTimestamp(7, Timestamp.from(g.issuedAt()));
                    s.setTimestamp(8, Timestamp.from(g.issuedAt()));
                    s.setInt(9, g.ordinal());
                    if (g.expiry() == null) {
                        s.setNull(10, java.sql.Types.TIMESTAMP);
                        s.setNull(11, java.sql.Types.VARCHAR);
                    } else {
                        s.setTimestamp(10, Timestamp.from(g.expiry().at()));
                        s.setString(11, g.expiry().basis().column());
                    }
                    s.setTimestamp(12, Timestamp.from(g.issuedAt()));
                    s.setString(13, tenantId);
                    s.setString(14, id);
                    if (s.executeUpdate() != 1) {
                        return false;
                    }
                }
                TokenSetRows.write(c, tenantId, id, g.refreshCiphertext(), g.refreshKeyId(),
                        g.accessCiphertext(), g.accessKeyId());
                return true;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("Connect flow storage failed (" + e.getSQLState() + ")", e);
        }
    }

    /** A consent that yielded no refresh token: the connection needs another, with offline access. */
    public boolean markNeedsReauth(String tenantId, String id, String reason, String detail, Instant now) {
        return execute("UPDATE connection SET status = 'NEEDS_REAUTH', status_reason = ?, status_detail = ?,"
                + " status_changed_at = ?, version = version + 1 WHERE tenant_id = ? AND id = ?", s -> {
                    s.setString(1, reason);
                    s.setString(2, detail);
                    s.setTimestamp(3, Timestamp.from(now));
                    s.setString(4, tenantId);
                    s.setString(5, id);
                }) == 1;
    }

    /** Counts one more consent of this user to this app; returns the new count (the grant's ordinal). */
    public int recordConsent(String tenantId, String appId, String externalUserId, Instant now) {
        for (int attempt = 0; attempt < 3; attempt++) {
            int updated = execute("UPDATE consent_ledger SET consents = consents + 1, last_consent_at = ?"
                    + " WHERE tenant_id = ? AND app_id = ? AND external_user_id = ?", s -> {
                        s.setTimestamp(1, Timestamp.from(now));
                        s.setString(2, tenantId);
                        s.setString(3, appId);
                        s.setString(4, externalUserId);
                    });
            if (updated == 0) {
                try {
                    execute("INSERT INTO consent_ledger (tenant_id, app_id, external_user_id, consents,"
                            + " last_consent_at) VALUES (?, ?, ?, 1, ?)", s -> {
                                s.setString(1, tenantId);
                                s.setString(2, appId);
                                s.setString(3, externalUserId);
                                s.setTimestamp(4, Timestamp.from(now));
                            });
                    return 1;
                } catch (IllegalStateException raced) {
                    continue; // another consent inserted the row first: count on top of it
                }
            }
            return consents(tenantId, appId, externalUserId);
        }
        throw new IllegalStateException("Could not record a consent");
    }

    public int consents(String tenantId, String appId, String externalUserId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT consents FROM consent_ledger WHERE tenant_id = ? AND app_id = ? AND external_user_id = ?")) {
            s.setString(1, tenantId);
            s.setString(2, appId);
            s.setString(3, externalUserId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the consent ledger", e);
        }
    }

    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private int execute(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            binder.bind(s);
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Connect flow storage failed (" + e.getSQLState() + ")", e);
        }
    }
}
