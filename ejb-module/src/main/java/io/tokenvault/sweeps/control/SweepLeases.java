package io.tokenvault.sweeps.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * One row per sweep; claiming it is a single guarded UPDATE, so of several nodes whose timers fire at the same time
 * exactly one runs the sweep, and a sweep already run this period (by any node) is not run again. A node that dies
 * while running leaves a lease that expires, so the next period runs elsewhere.
 */
public final class SweepLeases {

    /** What the API shows of a sweep. */
    public record SweepState(String name, String owner, Instant leaseUntil, Instant lastStartedAt, Instant lastEndedAt,
            String lastOutcome) {
    }

    private final DataSource dataSource;

    public SweepLeases(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource);
    }

    /**
     * Claims the sweep for {@code node} unless another node holds its lease or it was started less than
     * {@code minInterval} ago (zero: only the lease counts).
     */
    public boolean claim(String name, String node, Instant now, Duration lease, Duration minInterval) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "UPDATE sweep_lease SET owner = ?, lease_until = ?, last_started_at = ? WHERE name = ?"
                        + " AND (lease_until IS NULL OR lease_until < ?)"
                        + " AND (last_started_at IS NULL OR last_started_at <= ?)")) {
            s.setString(1, node);
            s.setTimestamp(2, Timestamp.from(now.plus(lease)));
            s.setTimestamp(3, Timestamp.from(now));
            s.setString(4, name);
            s.setTimestamp(5, Timestamp.from(now));
            s.setTimestamp(6, Timestamp.from(now.minus(minInterval)));
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot claim sweep " + name, e);
        }
    }

    public void release(String name, String node, Instant now, String outcome) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "UPDATE sweep_lease SET lease_until = NULL, last_ended_at = ?, last_outcome = ?"
                        + " WHERE name = ? AND owner = ?")) {
            s.setTimestamp(1, Timestamp.from(now));
            s.setString(2, outcome.length() > 1000 ? outcome.substring(0, 1000) : outcome);
            s.setString(3, name);
            s.setString(4, node);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot release sweep " + name, e);
        }
    }

    public List<SweepState> all() {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT name, owner, lease_until, last_started_at, last_ended_at, last_outcome FROM sweep_lease"
                        + " ORDER BY name"); ResultSet rs = s.executeQuery()) {
            List<SweepState> states = new ArrayList<>();
            while (rs.next()) {
                states.add(new SweepState(rs.getString(1), rs.getString(2), instant(rs.getTimestamp(3)),
                        instant(rs.getTimestamp(4)), instant(rs.getTimestamp(5)), rs.getString(6)));
            }
            return states;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the sweeps", e);
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
