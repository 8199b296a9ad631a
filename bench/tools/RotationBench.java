import io.tokenvault.crypto.control.FileKeyEncryptionKeySource;
import io.tokenvault.crypto.control.Hashes;
import io.tokenvault.crypto.control.KeyRing;
import io.tokenvault.crypto.control.Sealed;
import io.tokenvault.crypto.control.SecretValue;
import io.tokenvault.crypto.control.AssociatedData;
import io.tokenvault.bench.raw.RawPass;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Seeding tool and raw-JDBC baseline of the key-rotation benchmark ({@code bench/run.sh key-rotation}). Runs as a
 * single-file source program on a classpath made of the benchmarked EAR's own jars (tokenvault-ejb.jar and lib/*,
 * i.e. the product's KeyRing, Tink, protobuf, gson), the server's JDBC driver (H2 or PostgreSQL module jar) and the
 * bench WAR's classes (bench/target/classes: the raw baseline's {@code RawPass}, which the server runs too):
 *
 * <pre>
 * java -cp CP bench/tools/RotationBench.java COMMAND --jdbc URL [--user U --password P] ...
 *
 * pg-reset --jdbc URL --schema S
 *     drops schema S (cascade) and creates it empty
 * seed     --jdbc URL --data-dir DIR --tenant T --template CONNECTION_ID --rows N [--batch 1000] [--paths-out FILE
 *          --paths 100] [--analyze true]
 *     N connections of tenant T, copies of the template connection (same app, credential, scopes, status, expiry)
 *     with their own id, user, refresh token and access token, each sealed by the product's KeyRing with the tenant's
 *     keyset from the database, unwrapped by the KEK in DIR/keys/kek.json (the server's own data dir, so the server
 *     can decrypt them). JDBC batches of --batch rows, one commit per batch. Prints rows/s. Writes the token-API
 *     paths of --paths of them to --paths-out. The sealed tokens go to connection_token, the rest to connection, in
 *     the same batches and commits. Then ANALYZE both tables (unless --analyze false), as autovacuum would do some
 *     time after such a load.
 * raw      --jdbc URL --tenant T --batch 500 [--passes 1]
 *     the baseline: pages through the connections' sealed tokens (SELECT from connection_token, --batch rows per
 *     page, the tenant's kept) and writes each page back with one batched UPDATE of the same ciphertext and key-id
 *     columns, one commit per page. The pages come in the fastest order each database offers for rewriting every
 *     row: primary-key order on PostgreSQL, physical order (_ROWID_) on H2, where a table keyed by a UUID keeps its
 *     rows in insertion order and an UPDATE rewrites the row and every index entry of it (see bench/README.md,
 *     findings K9 and K10). The ciphertexts are written back as they are; the key ids are written negated (and the
 *     next pass negates them back), because a rotation changes them (no index holds them today; if one did, an
 *     UPDATE that left them as they were could be a cheaper HOT update on PostgreSQL than any rotation). Before each
 *     pass, VACUUM (see vacuum). Prints rows/s per pass. An odd number of passes leaves the key ids negated (the
 *     "after" pass, which ends the run).
 * </pre>
 */
public final class RotationBench {

    private static final SecureRandom RANDOM = new SecureRandom();

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
        }
        Map<String, String> o = options(args);
        switch (args[0]) {
            case "pg-reset" -> pgReset(o);
            case "seed" -> seed(o);
            case "raw" -> raw(o);
            case "vacuum" -> vacuum(o);
            default -> usage();
        }
    }

    private static void usage() {
        System.err.println("usage: java -cp CP RotationBench.java pg-reset|seed|raw|vacuum --jdbc URL ...");
        System.exit(2);
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static void pgReset(Map<String, String> o) throws SQLException {
        String schema = req(o, "schema");
        if (!schema.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("bad schema name " + schema);
        }
        try (Connection c = connect(o); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            s.execute("CREATE SCHEMA " + schema);
        }
        System.out.println("schema " + schema + " dropped and created");
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** Columns of a connection row the seeder sets itself; every other column is copied from the template row. */
    private static final Set<String> OWN = Set.of("id", "external_user_id", "refresh_token_hash",
            "access_token_hash");

    private static void seed(Map<String, String> o) throws Exception {
        String tenant = req(o, "tenant");
        String template = req(o, "template");
        long rows = Long.parseLong(req(o, "rows"));
        int batch = Integer.parseInt(o.getOrDefault("batch", "1000"));
        int pathCount = Integer.parseInt(o.getOrDefault("paths", "100"));
        DataSource ds = dataSource(o);
        KeyRing keyRing = new KeyRing(ds, FileKeyEncryptionKeySource.open(Path.of(req(o, "data-dir"))),
                Clock.systemUTC());
        int primary = keyRing.keyset(tenant).primaryKeyId();
        List<String> paths = new ArrayList<>();
        try (Connection c = ds.getConnection()) {
            // the template: an imported connection with a refresh and an access token, as the API stores it
            Map<String, Object> copied = new LinkedHashMap<>();
            int accessLength;
            int refreshLength;
            try (PreparedStatement s = c.prepareStatement("SELECT c.*, t.refresh_token_ct AS t_refresh_ct,"
                    + " t.refresh_token_key_id AS t_refresh_key, t.access_token_ct AS t_access_ct,"
                    + " t.access_token_key_id AS t_access_key FROM connection c"
                    + " JOIN connection_token t ON t.connection_id = c.id WHERE c.tenant_id = ? AND c.id = ?")) {
                s.setString(1, tenant);
                s.setString(2, template);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalStateException("no template connection " + template + " in " + tenant);
                    }
                    ResultSetMetaData md = rs.getMetaData();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        String name = md.getColumnLabel(i).toLowerCase(Locale.ROOT);
                        if (!OWN.contains(name) && !name.startsWith("t_")) {
                            copied.put(name, rs.getObject(i));
                        }
                    }
                    Sealed access = new Sealed((int) rs.getLong("t_access_key"),
                            KeyRing.decode(rs.getString("t_access_ct")));
                    Sealed refresh = new Sealed((int) rs.getLong("t_refresh_key"),
                            KeyRing.decode(rs.getString("t_refresh_ct")));
                    try (var a = keyRing.open(tenant, AssociatedData.ACCESS_TOKEN, template, access);
                            var r = keyRing.open(tenant, AssociatedData.REFRESH_TOKEN, template, refresh)) {
                        accessLength = length(a);
                        refreshLength = length(r);
                    }
                }
            }
            List<String> columns = new ArrayList<>(OWN);
            columns.addAll(copied.keySet());
            String sql = "INSERT INTO connection (" + String.join(", ", columns) + ") VALUES ("
                    + String.join(", ", columns.stream().map(x -> "?").toList()) + ")";
            System.out.printf(Locale.ROOT, "seeding %,d connections of tenant %s (copies of %s; access token %d"
                    + " chars, refresh token %d chars; primary key %d), batches of %d%n", rows, tenant, template,
                    accessLength, refreshLength, Integer.toUnsignedLong(primary), batch);
            c.setAutoCommit(false);
            long t0 = System.nanoTime();
            long sealNanos = 0;
            long lastReport = t0;
            try (PreparedStatement insert = c.prepareStatement(sql);
                    PreparedStatement tokens = c.prepareStatement("INSERT INTO connection_token (connection_id,"
                            + " tenant_id, refresh_token_ct, refresh_token_key_id, access_token_ct,"
                            + " access_token_key_id, version) VALUES (?, ?, ?, ?, ?, ?, 0)")) {
                for (long n = 0; n < rows; n++) {
                    String id = UUID.randomUUID().toString();
                    long s0 = System.nanoTime();
                    String refreshToken = randomToken(refreshLength);
                    String accessToken = randomToken(accessLength);
                    Sealed refresh = keyRing.seal(tenant, AssociatedData.REFRESH_TOKEN, id, refreshToken);
                    Sealed access = keyRing.seal(tenant, AssociatedData.ACCESS_TOKEN, id, accessToken);
                    String refreshHash = Hashes.sha256Hex(refreshToken);
                    String accessHash = Hashes.sha256Hex(accessToken);
                    sealNanos += System.nanoTime() - s0;
                    int i = 1;
                    for (String column : columns) {
                        Object value = switch (column) {
                            case "id" -> id;
                            case "external_user_id" -> "seed-user-" + n;
                            case "refresh_token_hash" -> refreshHash;
                            case "access_token_hash" -> accessHash;
                            default -> copied.get(column);
                        };
                        insert.setObject(i++, value);
                    }
                    insert.addBatch();
                    tokens.setString(1, id);
                    tokens.setString(2, tenant);
                    tokens.setString(3, KeyRing.encode(refresh.ciphertext()));
                    tokens.setLong(4, refresh.keyId());
                    tokens.setString(5, KeyRing.encode(access.ciphertext()));
                    tokens.setLong(6, access.keyId());
                    tokens.addBatch();
                    if (paths.size() < pathCount) {
                        paths.add("/api/v1/tenants/" + tenant + "/connections/" + id + "/access-token");
                    }
                    if ((n + 1) % batch == 0 || n + 1 == rows) {
                        insert.executeBatch();
                        tokens.executeBatch();
                        c.commit();
                        long now = System.nanoTime();
                        if (now - lastReport > 15_000_000_000L) {
                            lastReport = now;
                            System.out.printf(Locale.ROOT, "  %,d rows, %,.0f rows/s%n", n + 1,
                                    (n + 1) / ((now - t0) / 1e9));
                        }
                    }
                }
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "seeded %,d connections in %.1f s: %,.0f rows/s (sealing and hashing"
                    + " %.1f s of it)%n", rows, secs, rows / secs, sealNanos / 1e9);
            System.out.printf(Locale.ROOT, "RESULT seed_rows=%d seed_seconds=%.3f seed_rows_per_s=%.0f%n", rows, secs,
                    rows / secs);
        }
        if (Boolean.parseBoolean(o.getOrDefault("analyze", "true"))) {
            // A table that grew by a million rows in a minute has no statistics yet until autovacuum gets to it;
            // the job's page query picks its plan from them (see bench/README.md, finding K2).
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                long t0 = System.nanoTime();
                boolean h2 = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("h2");
                s.execute(h2 ? "ANALYZE TABLE connection" : "ANALYZE connection");
                s.execute(h2 ? "ANALYZE TABLE connection_token" : "ANALYZE connection_token");
                System.out.printf(Locale.ROOT, "ANALYZE connection, connection_token: %.1f s%n",
                        (System.nanoTime() - t0) / 1e9);
            }
        }
        if (o.containsKey("paths-out")) {
            Files.write(Path.of(o.get("paths-out")), paths);
        }
    }

    private static int length(SecretValue value) {
        return value.reveal().length();
    }

    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();

    private static String randomToken(int length) {
        char[] c = new char[length];
        for (int i = 0; i < length; i++) {
            c[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(c);
    }

    // ---------------------------------------------------------------------------------------------------------------

    /**
     * PostgreSQL: {@code VACUUM (ANALYZE) connection_token}, before each measured phase. Every phase rewrites every row, and
     * the dead row versions it leaves behind (until autovacuum comes, minutes later) are paid for by the next phase
     * that scans an index nobody has scanned since: the rotation's (tenant_id, id) index after two raw passes over the
     * primary key was 3 to 4 heap visits per row. Production tables are vacuumed; the benchmark compares live-row work.
     * H2 (MVStore) keeps no dead row versions in its indexes: nothing to do.
     */
    private static void vacuum(Map<String, String> o) throws SQLException {
        try (Connection c = connect(o); Statement s = c.createStatement()) {
            if (c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("h2")) {
                return;
            }
            c.setAutoCommit(true);
            long t0 = System.nanoTime();
            s.execute("VACUUM (ANALYZE) connection_token");
            System.out.printf(Locale.ROOT, "VACUUM (ANALYZE) connection_token: %.1f s (not counted)%n",
                    (System.nanoTime() - t0) / 1e9);
        }
    }

    private static void raw(Map<String, String> o) throws SQLException {
        String tenant = req(o, "tenant");
        int batch = Integer.parseInt(o.getOrDefault("batch", "500"));
        int passes = Integer.parseInt(o.getOrDefault("passes", "1"));
        try (Connection c = connect(o)) {
            for (int pass = 1; pass <= passes; pass++) {
                vacuum(o);
                System.out.print(RawPass.run(c, tenant, batch, pass).report("raw"));
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static Connection connect(Map<String, String> o) throws SQLException {
        return DriverManager.getConnection(req(o, "jdbc"), o.getOrDefault("user", "sa"),
                o.getOrDefault("password", "sa"));
    }

    /** Connections straight from the driver: what KeyRing needs (it reads the keyset once). */
    private static DataSource dataSource(Map<String, String> o) {
        return new DataSource() {
            @Override
            public Connection getConnection() throws SQLException {
                return connect(o);
            }

            @Override
            public Connection getConnection(String user, String password) throws SQLException {
                return connect(o);
            }

            @Override
            public PrintWriter getLogWriter() {
                return null;
            }

            @Override
            public void setLogWriter(PrintWriter out) {
            }

            @Override
            public void setLoginTimeout(int seconds) {
            }

            @Override
            public int getLoginTimeout() {
                return 0;
            }

            @Override
            public Logger getParentLogger() {
                return Logger.getGlobal();
            }

            @Override
            public <T> T unwrap(Class<T> iface) throws SQLException {
                throw new SQLException("not a wrapper");
            }

            @Override
            public boolean isWrapperFor(Class<?> iface) {
                return false;
            }
        };
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value at " + args[i]);
            }
            o.put(args[i].substring(2), args[++i]);
        }
        return o;
    }

    private static String req(Map<String, String> o, String name) {
        String v = o.get(name);
        if (v == null) {
            throw new IllegalArgumentException("missing --" + name);
        }
        return v;
    }
}
