package io.tokenvault.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Looks for secret values where they must never be: the server's log files, the H2 database files, and (on the
 * PostgreSQL run) every text column of the product's tables. Tests register the secrets they used; the scan runs
 * after the test class.
 */
public final class SecretLeakScan {

    private static final List<String> TABLES = List.of("tenant", "api_key", "tenant_keyset", "oauth_app",
            "client_credential", "connection");

    private final Set<String> secrets = ConcurrentHashMap.newKeySet();
    private final List<Path> extraDirs = new ArrayList<>();
    private String postgresqlUrl = System.getProperty("tokenvault.it.postgresql.url");

    /** Scans the PostgreSQL tables at this URL (schema) instead of the integration tests' own. */
    public SecretLeakScan postgresqlAt(String url) {
        this.postgresqlUrl = url;
        return this;
    }

    /** Also scans these directories (logs and data of a server a test runs itself). */
    public SecretLeakScan alsoScan(Path... dirs) {
        extraDirs.addAll(List.of(dirs));
        return this;
    }

    /**
     * Ends a test class that used the provider simulator: every token it issued joins the secrets looked for, the
     * simulator stops, and the class fails if any secret is found where it must never be.
     */
    public void closeAndAssertNoLeaks(io.tokenvault.simulator.ProviderSimulator sim) throws IOException, SQLException {
        rememberAll(sim.issuedTokens());
        sim.close();
        List<String> leaks = findLeaks();
        if (!leaks.isEmpty()) {
            throw new AssertionError("Secrets found in logs or database files: " + leaks);
        }
    }

    public void remember(String secret) {
        if (secret != null && secret.length() >= 8) {
            secrets.add(secret);
        }
    }

    public void rememberAll(Collection<String> values) {
        values.forEach(this::remember);
    }

    /** Every place a secret was found, as "where: which (prefix)"; empty when clean. */
    public List<String> findLeaks() throws IOException, SQLException {
        List<String> found = new ArrayList<>();
        List<Path> files = filesToScan();
        for (Path dir : extraDirs) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.filter(Files::isRegularFile).forEach(files::add);
                }
            }
        }
        for (Path file : files) {
            String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            for (String secret : secrets) {
                if (content.contains(secret)) {
                    found.add(file + ": " + secret.substring(0, 6) + "…");
                }
            }
        }
        if ("postgresql".equals(DatabaseUnderTest.name())) {
            found.addAll(scanPostgresql());
        }
        return found;
    }

    private static List<Path> filesToScan() throws IOException {
        List<Path> files = new ArrayList<>();
        Path logs = Path.of(System.getProperty("tokenvault.it.server.logs", "target/server/standalone/log"));
        Path data = Path.of(System.getProperty("tokenvault.it.data.dir", "target/it-data-h2"));
        for (Path dir : List.of(logs, data)) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.filter(Files::isRegularFile).forEach(files::add);
                }
            }
        }
        if (files.isEmpty()) {
            throw new IllegalStateException("No server log found under " + logs + ": the leak scan would prove nothing");
        }
        return files;
    }

    private List<String> scanPostgresql() throws SQLException {
        List<String> found = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(postgresqlUrl,
                System.getProperty("tokenvault.it.postgresql.user"), "");
                Statement s = c.createStatement()) {
            for (String table : TABLES) {
                try (ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
                    ResultSetMetaData meta = rs.getMetaData();
                    while (rs.next()) {
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            String value = rs.getString(i);
                            if (value == null) {
                                continue;
                            }
                            for (String secret : secrets) {
                                if (value.contains(secret)) {
                                    found.add(table + "." + meta.getColumnName(i) + ": " + secret.substring(0, 6) + "…");
                                }
                            }
                        }
                    }
                }
            }
        }
        return found;
    }
}
