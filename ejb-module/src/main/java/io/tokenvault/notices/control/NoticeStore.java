package io.tokenvault.notices.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/** The {@code notice} table, with the tenant named in every statement. Auto-commit statements; thread-safe. */
public final class NoticeStore {

    private static final String COLUMNS = "id, tenant_id, kind, app_id, summary, detail, affected, affected_query,"
            + " created_at, acknowledged_at, acknowledged_by";

    private final DataSource dataSource;

    public NoticeStore(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource);
    }

    public void insert(Notice n) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO notice (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)")) {
            s.setString(1, n.id());
            s.setString(2, n.tenantId());
            s.setString(3, n.kind().name());
            s.setString(4, n.appId());
            s.setString(5, clip(n.summary(), 1000));
            s.setString(6, n.detail() == null ? null : clip(n.detail(), 4000));
            s.setInt(7, n.affected());
            s.setString(8, n.affectedQuery());
            s.setTimestamp(9, Timestamp.from(n.createdAt()));
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot store a notice for tenant " + n.tenantId(), e);
        }
    }

    /** The tenant's notices, newest first; {@code open} keeps only unacknowledged ones. */
    public List<Notice> list(String tenantId, boolean open, int offset, int limit) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM notice WHERE tenant_id = ?"
                        + (open ? " AND acknowledged_at IS NULL" : "")
                        + " ORDER BY created_at DESC, id OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")) {
            s.setString(1, tenantId);
            s.setInt(2, offset);
            s.setInt(3, limit);
            List<Notice> notices = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    notices.add(notice(rs));
                }
            }
            return notices;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the notices of tenant " + tenantId, e);
        }
    }

    public Optional<Notice> find(String tenantId, String id) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM notice WHERE tenant_id = ? AND id = ?")) {
            s.setString(1, tenantId);
            s.setString(2, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(notice(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read a notice of tenant " + tenantId, e);
        }
    }

    /** Marks the notice read once; true if this call did. */
    public boolean acknowledge(String tenantId, String id, String by, Instant now) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "UPDATE notice SET acknowledged_at = ?, acknowledged_by = ? WHERE tenant_id = ? AND id = ?"
                        + " AND acknowledged_at IS NULL")) {
            s.setTimestamp(1, Timestamp.from(now));
            if (by == null) {
                s.setNull(2, Types.VARCHAR);
            } else {
                s.setString(2, clip(by, 128));
            }
            s.setString(3, tenantId);
            s.setString(4, id);
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot acknowledge a notice of tenant " + tenantId, e);
        }
    }

    private static Notice notice(ResultSet rs) throws SQLException {
        Timestamp acknowledged = rs.getTimestamp("acknowledged_at");
        return new Notice(rs.getString("id"), rs.getString("tenant_id"), NoticeKind.valueOf(rs.getString("kind")),
                rs.getString("app_id"), rs.getString("summary"), rs.getString("detail"), rs.getInt("affected"),
                rs.getString("affected_query"), rs.getTimestamp("created_at").toInstant(),
                acknowledged == null ? null : acknowledged.toInstant(), rs.getString("acknowledged_by"));
    }

    private static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
