package io.tokenvault.cluster.control;

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
 * The nodes' heartbeats in the shared database: the one view of which nodes are alive that every node agrees on,
 * whatever the cluster's network membership says during a partition.
 */
public final class Heartbeats {

    /** A node as its heartbeat row shows it. */
    public record NodeBeat(String node, Instant startedAt, Instant seenAt) {

        public boolean aliveAt(Instant now, Duration deadAfter) {
            return seenAt.plus(deadAfter).isAfter(now);
        }
    }

    private final DataSource dataSource;

    public Heartbeats(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource);
    }

    /** Records that {@code node} (started at {@code startedAt}) is alive now. */
    public void beat(String node, Instant startedAt, Instant now) {
        try (Connection c = dataSource.getConnection(); PreparedStatement update = c.prepareStatement(
                "UPDATE node_heartbeat SET started_at = ?, seen_at = ? WHERE node = ?")) {
            update.setTimestamp(1, Timestamp.from(startedAt));
            update.setTimestamp(2, Timestamp.from(now));
            update.setString(3, node);
            if (update.executeUpdate() == 1) {
                return;
            }
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO node_heartbeat (node, started_at, seen_at) VALUES (?, ?, ?)")) {
                insert.setString(1, node);
                insert.setTimestamp(2, Timestamp.from(startedAt));
                insert.setTimestamp(3, Timestamp.from(now));
                insert.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record the heartbeat of node " + node, e);
        }
    }

    public List<NodeBeat> all() {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT node, started_at, seen_at FROM node_heartbeat ORDER BY node"); ResultSet rs = s.executeQuery()) {
            List<NodeBeat> beats = new ArrayList<>();
            while (rs.next()) {
                beats.add(new NodeBeat(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getTimestamp(3).toInstant()));
            }
            return beats;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the node heartbeats", e);
        }
    }
}
