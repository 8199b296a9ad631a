package io.tokenvault.jobs.rollover;

import jakarta.annotation.Resource;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import javax.sql.DataSource;

/** The active connections of the app whose grant was last refreshed with the previous secret, in id order. */
@Dependent
@Named("previousSecretConnections")
public class PreviousSecretConnections extends AbstractItemReader {

    @Inject
    @BatchProperty
    String tenant;

    @Inject
    @BatchProperty
    String app;

    @Inject
    @BatchProperty
    String previous;

    @Resource(lookup = "java:jboss/datasources/TokenvaultDS")
    DataSource dataSource;

    private String after = "";
    private final Deque<String> page = new ArrayDeque<>();

    @Override
    public void open(Serializable checkpoint) {
        if (checkpoint instanceof String last) {
            after = last;
        }
    }

    @Override
    public Object readItem() throws SQLException {
        if (previous == null || previous.isBlank()) {
            return null;
        }
        if (page.isEmpty()) {
            try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                    "SELECT id FROM connection WHERE tenant_id = ? AND app_id = ? AND status = 'ACTIVE'"
                            + " AND grant_credential_id = ? AND id > ? ORDER BY id LIMIT 100")) {
                s.setString(1, tenant);
                s.setString(2, app);
                s.setString(3, previous);
                s.setString(4, after);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        page.add(rs.getString(1));
                    }
                }
            }
            if (page.isEmpty()) {
                return null;
            }
        }
        after = page.poll();
        return after;
    }

    @Override
    public Serializable checkpointInfo() {
        return after;
    }
}
