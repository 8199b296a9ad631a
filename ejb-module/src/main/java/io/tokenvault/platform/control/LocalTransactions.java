package io.tokenvault.platform.control;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Several JDBC statements as one transaction, for the services that work in plain SQL outside the container's. */
public final class LocalTransactions {

    /** Work on one JDBC connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private LocalTransactions() {
    }

    /**
     * Runs {@code work} as one transaction: a local one, committed at the end or rolled back on failure, when called
     * outside a container transaction (so that no database lock outlives the work); the caller's, when there is one.
     */
    public static <T> T atomically(DataSource dataSource, Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean local = c.getAutoCommit();
            if (!local) {
                return work.run(c);
            }
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }
}
