package io.tokenvault.jobs.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The {@code job_run} table over JDBC. Progress is added with one {@code UPDATE ... SET done = done + ?} per chunk,
 * inside the chunk's transaction, so the counts are exactly what the committed chunks did, however many partitions
 * run at once.
 */
public final class JobRuns {

    private static final String COLUMNS = "id, job_name, tenant_id, execution_id, node, total, done, skipped, failed,"
            + " created_at, started_by, detail";

    private final DataSource dataSource;

    public JobRuns(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource);
    }

    public void create(JobRun run) {
        execute("INSERT INTO job_run (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", s -> {
            s.setString(1, run.id());
            s.setString(2, run.jobName());
            s.setString(3, run.tenantId());
            if (run.executionId() == null) {
                s.setNull(4, Types.BIGINT);
            } else {
                s.setLong(4, run.executionId());
            }
            s.setString(5, run.node());
            s.setLong(6, run.total());
            s.setLong(7, run.done());
            s.setLong(8, run.skipped());
            s.setLong(9, run.failed());
            s.setTimestamp(10, Timestamp.from(run.createdAt()));
            s.setString(11, run.startedBy());
            s.setString(12, run.detail());
        });
    }

    /** The run's current execution (a restart makes a new one), and the node now running it. */
    public void executing(String id, long executionId, String node) {
        execute("UPDATE job_run SET execution_id = ?, node = ? WHERE id = ?", s -> {
            s.setLong(1, executionId);
            s.setString(2, node);
            s.setString(3, id);
        });
    }

    public void addProgress(String id, long done, long skipped, long failed) {
        if (done == 0 && skipped == 0 && failed == 0) {
            return;
        }
        execute("UPDATE job_run SET done = done + ?, skipped = skipped + ?, failed = failed + ? WHERE id = ?", s -> {
            s.setLong(1, done);
            s.setLong(2, skipped);
            s.setLong(3, failed);
            s.setString(4, id);
        });
    }

    public void detail(String id, String detail) {
        execute("UPDATE job_run SET detail = ? WHERE id = ?", s -> {
            s.setString(1, detail);
            s.setString(2, id);
        });
    }

    public Optional<JobRun> find(String id) {
        List<JobRun> found = query("SELECT " + COLUMNS + " FROM job_run WHERE id = ?", s -> s.setString(1, id));
        return found.stream().findFirst();
    }

    public Optional<JobRun> findByExecution(long executionId) {
        return query("SELECT " + COLUMNS + " FROM job_run WHERE execution_id = ?", s -> s.setLong(1, executionId))
                .stream().findFirst();
    }

    /** The newest runs, of one tenant or (tenant null) of all; only runs that have an execution. */
    public List<JobRun> newest(String tenantId, int offset, int limit) {
        String where = tenantId == null ? "" : " AND tenant_id = ?";
        return query("SELECT " + COLUMNS + " FROM job_run WHERE execution_id IS NOT NULL" + where
                + " ORDER BY created_at DESC, id OFFSET ? ROWS FETCH NEXT ? ROWS ONLY", s -> {
                    int i = 1;
                    if (tenantId != null) {
                        s.setString(i++, tenantId);
                    }
                    s.setInt(i++, offset);
                    s.setInt(i, limit);
                });
    }

    /** The runs last started on a node (candidates for a restart after that node crashed). */
    public List<JobRun> onNode(String node) {
        return query("SELECT " + COLUMNS + " FROM job_run WHERE node = ? AND execution_id IS NOT NULL",
                s -> s.setString(1, node));
    }

    /** The runs whose execution the job repository still shows as running (on whichever node). */
    public List<JobRun> running() {
        return query("SELECT " + COLUMNS + " FROM job_run WHERE execution_id IN (SELECT jobexecutionid FROM"
                + " job_execution WHERE batchstatus IN ('STARTING', 'STARTED'))", s -> { });
    }

    private interface Binder {
        void bind(PreparedStatement s) throws SQLException;
    }

    private void execute(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            binder.bind(s);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot write job_run", e);
        }
    }

    private List<JobRun> query(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            binder.bind(s);
            List<JobRun> runs = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    long execution = rs.getLong(4);
                    Long executionId = rs.wasNull() ? null : execution;
                    runs.add(new JobRun(rs.getString(1), rs.getString(2), rs.getString(3), executionId,
                            rs.getString(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9),
                            rs.getTimestamp(10).toInstant(), rs.getString(11), rs.getString(12)));
                }
            }
            return runs;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read job_run", e);
        }
    }
}
