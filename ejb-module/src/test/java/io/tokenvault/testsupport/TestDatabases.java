package io.tokenvault.testsupport;

import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assumptions;

/**
 * The two real databases the product runs on, for tests outside the container: a fresh H2 in-memory database, and a
 * fresh schema in the PostgreSQL at {@code tokenvault.test.postgresql.url} (default: the local test server), each
 * migrated by the product's own Flyway migrations.
 */
public final class TestDatabases {

    /** One database under test. */
    public record Database(String name, String url, String user, String password) {

        public EntityManagerFactory entityManagerFactory() {
            return Persistence.createEntityManagerFactory("tokenvault-test", Map.of(
                    "jakarta.persistence.jdbc.url", url,
                    "jakarta.persistence.jdbc.user", user,
                    "jakarta.persistence.jdbc.password", password));
        }

        public Connection connect() throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static final String POSTGRESQL_BASE =
            System.getProperty("tokenvault.test.postgresql.url", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String POSTGRESQL_USER = System.getProperty("tokenvault.test.postgresql.user", "postgres");

    private TestDatabases() {
    }

    /** The kinds of database every persistence test runs on (a parameter source). */
    public static Stream<String> kinds() {
        return Stream.of("h2", "postgresql");
    }

    public static Database fresh(String kind) {
        return freshAt(kind, null);
    }

    /**
     * A fresh database migrated up to schema version {@code version} only (null: the latest), to test a migration
     * against the rows an older version left; {@link #migrate} takes it the rest of the way.
     */
    public static Database freshAt(String kind, String version) {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Database database;
        if (kind.equals("h2")) {
            database = new Database("h2", "jdbc:h2:mem:tv" + suffix + ";DB_CLOSE_DELAY=-1", "sa", "sa");
        } else {
            String schema = "tv_unit_" + suffix;
            try (Connection c = DriverManager.getConnection(POSTGRESQL_BASE, POSTGRESQL_USER, "");
                    Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + schema);
            } catch (SQLException e) {
                Assumptions.abort("PostgreSQL not reachable at " + POSTGRESQL_BASE + " (" + e.getMessage()
                        + "); set -Dtokenvault.test.postgresql.url to run the PostgreSQL half");
            }
            database = new Database("postgresql", POSTGRESQL_BASE + "?currentSchema=" + schema, POSTGRESQL_USER, "");
        }
        var flyway = Flyway.configure().dataSource(database.url(), database.user(), database.password())
                .locations("classpath:db/migration");
        (version == null ? flyway : flyway.target(version)).load().migrate();
        return database;
    }

    /** Runs every migration {@code database} has not had yet. */
    public static void migrate(Database database) {
        Flyway.configure().dataSource(database.url(), database.user(), database.password())
                .locations("classpath:db/migration").load().migrate();
    }

    /**
     * A fresh, migrated database of the given kind; on PostgreSQL the test is aborted (skipped, with the reason) when
     * the server cannot be reached.
     */
    public static Database freshOf(String kind) {
        return fresh(kind);
    }

    /** Drops a PostgreSQL test schema again (H2 in-memory databases vanish by themselves). */
    public static void dispose(Database database) {
        if (!database.name().equals("postgresql")) {
            return;
        }
        String schema = database.url().substring(database.url().indexOf("currentSchema=") + "currentSchema=".length());
        try (Connection c = DriverManager.getConnection(POSTGRESQL_BASE, POSTGRESQL_USER, "");
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not drop " + schema, e);
        }
    }
}
