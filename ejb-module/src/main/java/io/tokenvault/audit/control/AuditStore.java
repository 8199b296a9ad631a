package io.tokenvault.audit.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/** The {@code audit_event} table. Append-only: nothing here updates or deletes an entry. */
public final class AuditStore {

    private final DataSource dataSource;

    public AuditStore(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource);
    }

    public void append(AuditEvent e) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO audit_event (id, tenant_id, actor, action, target, outcome, detail, at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, e.id());
            s.setString(2, e.tenantId());
            s.setString(3, clip(e.actor(), 128));
            s.setString(4, clip(e.action(), 128));
            s.setString(5, clip(e.target(), 500));
            s.setString(6, clip(e.outcome(), 32));
            s.setString(7, clip(e.detail(), 1000));
            s.setTimestamp(8, Timestamp.from(e.at()));
            s.executeUpdate();
        } catch (SQLException ex) {
            throw new IllegalStateException("Cannot append to the audit trail: " + ex.getSQLState(), ex);
        }
    }

    /** A tenant's entries in {@code [from, to)}, newest first. */
    public List<AuditEvent> find(String tenantId, Instant from, Instant to, int offset, int limit) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT id, tenant_id, actor, action, target, outcome, detail, at FROM audit_event"
                        + " WHERE tenant_id = ? AND at >= ? AND at < ? ORDER BY at DESC, id"
                        + " OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")) {
            s.setString(1, tenantId);
            s.setTimestamp(2, Timestamp.from(from));
            s.setTimestamp(3, Timestamp.from(to));
            s.setInt(4, offset);
            s.setInt(5, limit);
            List<AuditEvent> events = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    events.add(new AuditEvent(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant()));
                }
            }
            return events;
        } catch (SQLException ex) {
            throw new IllegalStateException("Cannot read the audit trail: " + ex.getSQLState(), ex);
        }
    }

    private static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
