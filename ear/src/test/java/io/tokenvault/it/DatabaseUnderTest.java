package io.tokenvault.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Decides, before Arquillian starts a server, whether this run's database is there. H2 always is. For the PostgreSQL
 * run the server must be reachable at {@code tokenvault.it.postgresql.url}; if it is not, every test is skipped with
 * a message saying so and how to point the run elsewhere. On first use in a run the test schema is dropped and created
 * anew, so each run starts from an empty database and runs every migration.
 */
public class DatabaseUnderTest implements ExecutionCondition {

    private static final AtomicReference<ConditionEvaluationResult> DECISION = new AtomicReference<>();

    public static String name() {
        return System.getProperty("tokenvault.it.database", "h2");
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return DECISION.updateAndGet(previous -> previous != null ? previous : decide());
    }

    private static ConditionEvaluationResult decide() {
        if (!"postgresql".equals(name())) {
            return ConditionEvaluationResult.enabled("embedded H2");
        }
        String url = System.getProperty("tokenvault.it.postgresql.url");
        String user = System.getProperty("tokenvault.it.postgresql.user");
        try (Connection connection = DriverManager.getConnection(url, user, "");
                Statement statement = connection.createStatement()) {
            String schema = schemaOf(url);
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            statement.execute("CREATE SCHEMA " + schema);
            return ConditionEvaluationResult.enabled("PostgreSQL at " + url);
        } catch (SQLException e) {
            return ConditionEvaluationResult.disabled("PostgreSQL integration run SKIPPED: no PostgreSQL at " + url
                    + " (" + e.getMessage() + "). Give one with -Dtokenvault.it.postgresql.url=jdbc:postgresql://HOST/DB"
                    + " -Dtokenvault.it.postgresql.user=USER, or skip explicitly with -Dtokenvault.it.postgresql.skip=true");
        }
    }

    private static String schemaOf(String url) {
        int at = url.indexOf("currentSchema=");
        if (at < 0) {
            throw new IllegalArgumentException("The PostgreSQL test URL must name a throwaway schema: ?currentSchema=...");
        }
        String schema = url.substring(at + "currentSchema=".length()).split("[&;]")[0];
        if (!schema.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("Unexpected schema name " + schema);
        }
        return schema;
    }
}
