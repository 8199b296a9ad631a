package io.tokenvault.users.control;

import io.tokenvault.tenancy.boundary.Role;
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
 * The {@code web_user} table over JDBC. Users are looked up by name at login, before anyone's tenant is known, so this
 * store works across tenants; the boundary decides who may see which rows.
 */
public final class WebUserStore {

    private static final String COLUMNS = "id, username, tenant_id, role, password_hash, invite_token_hash,"
            + " invite_expires_at, created_at, created_by";

    private final DataSource dataSource;

    public WebUserStore(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource);
    }

    public void insert(WebUser u) {
        execute("INSERT INTO web_user (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", s -> {
            s.setString(1, u.id());
            s.setString(2, u.username());
            s.setString(3, u.tenantId());
            s.setString(4, u.role().apiName());
            s.setString(5, u.passwordHash());
            s.setString(6, u.inviteTokenHash());
            s.setTimestamp(7, u.inviteExpiresAt() == null ? null : Timestamp.from(u.inviteExpiresAt()));
            s.setTimestamp(8, Timestamp.from(u.createdAt()));
            s.setString(9, u.createdBy());
        });
    }

    /** Sets the password and uses up any invitation. */
    public void setPassword(String id, String passwordHash) {
        execute("UPDATE web_user SET password_hash = ?, invite_token_hash = NULL, invite_expires_at = NULL"
                + " WHERE id = ?", s -> {
                    s.setString(1, passwordHash);
                    s.setString(2, id);
                });
    }

    /**
     * Uses up an invitation and sets the password, in one statement that only the first of several concurrent
     * acceptances can win; returns whether this one did.
     */
    public boolean acceptInvitation(String id, String tokenHash, String passwordHash, Instant now) {
        return execute("UPDATE web_user SET password_hash = ?, invite_token_hash = NULL, invite_expires_at = NULL"
                + " WHERE id = ? AND invite_token_hash = ? AND invite_expires_at > ?", s -> {
                    s.setString(1, passwordHash);
                    s.setString(2, id);
                    s.setString(3, tokenHash);
                    s.setTimestamp(4, Timestamp.from(now));
                }) == 1;
    }

    public boolean delete(String tenantId, String id) {
        return execute("DELETE FROM web_user WHERE tenant_id = ? AND id = ?", s -> {
            s.setString(1, tenantId);
            s.setString(2, id);
        }) == 1;
    }

    public Optional<WebUser> byUsername(String username) {
        return one("SELECT " + COLUMNS + " FROM web_user WHERE username = ?", s -> s.setString(1, username));
    }

    public Optional<WebUser> byId(String id) {
        return one("SELECT " + COLUMNS + " FROM web_user WHERE id = ?", s -> s.setString(1, id));
    }

    public Optional<WebUser> byInviteTokenHash(String hash) {
        return one("SELECT " + COLUMNS + " FROM web_user WHERE invite_token_hash = ?", s -> s.setString(1, hash));
    }

    public List<WebUser> ofTenant(String tenantId) {
        return query("SELECT " + COLUMNS + " FROM web_user WHERE tenant_id = ? ORDER BY username",
                s -> s.setString(1, tenantId));
    }

    public long countActiveOfTenant(String tenantId) {
        return query("SELECT " + COLUMNS + " FROM web_user WHERE tenant_id = ? AND password_hash IS NOT NULL",
                s -> s.setString(1, tenantId)).size();
    }

    private interface Binder {
        void bind(PreparedStatement s) throws SQLException;
    }

    private int execute(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            binder.bind(s);
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot write web_user: " + e.getSQLState(), e);
        }
    }

    private Optional<WebUser> one(String sql, Binder binder) {
        return query(sql, binder).stream().findFirst();
    }

    private List<WebUser> query(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            binder.bind(s);
            List<WebUser> users = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Timestamp expires = rs.getTimestamp(7);
                    users.add(new WebUser(rs.getString(1), rs.getString(2), rs.getString(3),
                            Role.fromApiName(rs.getString(4)).orElseThrow(), rs.getString(5), rs.getString(6),
                            expires == null ? null : expires.toInstant(), rs.getTimestamp(8).toInstant(),
                            rs.getString(9)));
                }
            }
            return users;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read web_user: " + e.getSQLState(), e);
        }
    }
}
