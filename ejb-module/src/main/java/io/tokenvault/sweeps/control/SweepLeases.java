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

    /** How long the history of runs is kept. */
    static final Duration HISTORY = Duration.ofDays(30);

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
            if (s.executeUpdate() != 1) {
                return false;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot claim sweep " + name, e);
        }
        record(name, node, now);
        return true;
    }

    /** Starts the history entry of a run (and forgets runs older than {@link #HISTORY}). */
    private void record(String name, String node, Instant now) {
        try (Connection c = dataSource.getConnection(); PreparedStatement insert = c.prepareStatement(
                "INSERT INTO sweep_run (id, name, node, started_at) VALUES (?, ?, ?, ?)");
                PreparedStatement purge = c.prepareStatement("DELETE FROM sweep_run WHERE started_at < ?")) {
            insert.setString(1, java.util.UUID.randomUUID().toString());
            insert.setString(2, name);
            insert.setString(3, node);
            insert.setTimestamp(4, Timestamp.from(now));
            insert.executeUpdate();
            purge.setTimestamp(1, Timestamp.from(now.minus(HISTORY)));
            purge.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record a run of sweep " + name, e);
        }
    }

    /** One run of a sweep, as the history keeps it. */
    public record SweepRun(String name, String node, Instant startedAt, Instant endedAt, String outcome) {
    }

    /** The latest runs of a sweep, newest first. */
    public List<SweepRun> runs(String name, int limit) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT name, node, started_at, ended_at, outcome FROM sweep_run WHERE name = ?"
                        + " ORDER BY started_at DESC")) {
            s.setString(1, name);
            s.setMaxRows(limit);
            try (ResultSet rs = s.executeQuery()) {
                List<SweepRun> runs = new ArrayList<>();
                while (rs.next()) {
                    runs.add(new SweepRun(rs.getString(1), rs.getString(2), instant(rs.getTimestamp(3)),
                            instant(rs.getTimestamp(4)), rs.getString(5)));
                }
                return runs;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the runs of sweep " + name, e);
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
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "UPDATE sweep_run SET ended_at = ?, outcome = ? WHERE name = ? AND node = ? AND ended_at IS NULL")) {
            s.setTimestamp(1, Timestamp.from(now));
            s.setString(2, outcome.length() > 1000 ? outcome.substring(0, 1000) : outcome);
            s.setString(3, name);
            s.setString(4, node);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record the end of sweep " + name, e);
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
