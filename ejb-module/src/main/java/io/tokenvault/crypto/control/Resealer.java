package io.tokenvault.crypto.control;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Re-encrypts sealed values under their tenant's primary key: the work of the {@code rotate-encryption-key} job, in
 * plain Java over JDBC so that the batch artifacts, the tests and the benchmark run the same code.
 *
 * <p>{@link #page} reads rows not (entirely) under their tenant's primary key, so a reader can page through a row-key
 * range and resume after the last row it saw ({@link Position}). On PostgreSQL (and any other database) the pages come
 * in row-key order. On H2 they come in physical order, H2's {@code _ROWID_}: a table whose primary key is not a
 * number (every sealed table: UUIDs, hashes) keeps its rows in a hidden map ordered by {@code _ROWID_}, i.e. in
 * insertion order, and H2 executes an UPDATE by removing and adding the row there and in every index. Walking random
 * ids touches a different page of that map and of most indexes for every row; walking {@code _ROWID_} touches them
 * in order (bench/README.md, finding K9).
 *
 * <p>{@link #reseal} decrypts each old value, encrypts it under the primary key and writes the chunk back (one
 * set-based statement on PostgreSQL, a JDBC batch elsewhere) guarded like every other write to it: by the row version
 * (bumped, so that a stale JPA write is rejected), else by the old key ids. A connection's tokens have a version of
 * their own ({@code connection_token}), apart from the refresh engine's lease and compare-and-set on the connection
 * row, so the job neither waits for a refresh nor makes one fail: a refresh that stores its rotated refresh token
 * after the job read the row bumps the version, and the job's write loses. A row whose guard failed is read again: if
 * a live refresh rewrote it meanwhile it is already under the primary key and counts as skipped; otherwise it is
 * deferred, for the caller to retry later. It comes in two halves, {@link #seal} (the crypto) and {@link #write} (the
 * database), so that the rotation's reader can seal the next page while the writer writes the current one.
 *
 * <p>No plaintext leaves this class; the decrypted values are wiped as soon as they are sealed again.
 */
public final class Resealer {

    private static final Logger LOG = Logger.getLogger(Resealer.class.getName());

    private final DataSource dataSource;
    private final KeyRing keyRing;
    private volatile Dialect dialect;

    /** What {@link #page} and {@link #reseal} do differently per database. */
    private enum Dialect {
        /** Row-key order; the chunk written by one set-based statement. */
        POSTGRESQL,
        /** Physical order ({@code _ROWID_}); the chunk written as a JDBC batch. */
        H2,
        /** Row-key order; the chunk written as a JDBC batch. */
        OTHER
    }

    public Resealer(DataSource dataSource, KeyRing keyRing) {
        this.dataSource = Objects.requireNonNull(dataSource);
        this.keyRing = Objects.requireNonNull(keyRing);
    }

    /**
     * One row of a sealed table as read: its encrypted values (null where empty) and their key ids; {@code rowId} is
     * H2's {@code _ROWID_} of the row when {@link #page} read it on H2, else 0.
     */
    public record Row(SealedTable table, String tenantId, String key, Long version, List<String> ciphertexts,
            List<Long> keyIds, long rowId) {

        /** Where a page that ends with this row leaves off. */
        public Position position() {
            return new Position(key, rowId);
        }
    }

    /**
     * Where {@link #page} goes on from: after the row with row key {@code key} (PostgreSQL and other databases), or
     * after the row with {@code _ROWID_} {@code rowId} (H2). Each database reads the half it pages by and ignores the
     * other, so a position kept from either (a checkpoint) is valid; {@link #START} is the beginning of the range.
     */
    public record Position(String key, long rowId) implements Serializable {

        public static final Position START = new Position("", 0);

        public Position {
            key = key == null ? "" : key;
        }
    }

    /**
     * A row with its values sealed under its tenant's primary key, not yet written ({@link #seal}); {@code values} is
     * null when the row could not be decrypted. Holds no plaintext.
     */
    public record Resealed(Row row, List<Sealed> values) {
    }

    /** What one {@link #reseal} did. */
    public record Result(int done, int skipped, int failed, List<Row> deferred) {

        public static final Result NONE = new Result(0, 0, 0, List.of());

        public Result plus(Result other) {
            List<Row> all = new ArrayList<>(deferred);
            all.addAll(other.deferred);
            return new Result(done + other.done, skipped + other.skipped, failed + other.failed, List.copyOf(all));
        }
    }

    /**
     * Up to {@code limit} rows of {@code table} not under their tenant's primary key, with row keys greater than
     * {@code after} and (when not null) less than {@code before}, in paging order (see the class comment), starting
     * after {@code from} (null: at the start of the range); {@code tenantId} null means every tenant.
     */
    public List<Row> page(SealedTable table, String tenantId, String after, String before, Position from, int limit) {
        try (Connection c = dataSource.getConnection()) {
            boolean physical = dialect(c) == Dialect.H2;
            String key = "t." + table.rowKey();
            // H2: USE INDEX () keeps it on the table scan, the only access in _ROWID_ order; left to itself it reads
            // the tenant through (tenant_id, status) and sorts every row of it for each page (finding K1)
            StringBuilder sql = new StringBuilder(select(table)).append(physical ? ", t._ROWID_" : "")
                    .append(" FROM ").append(table.table()).append(" t").append(physical ? " USE INDEX ()" : "")
                    .append(" JOIN tenant_keyset k ON k.tenant_id = t.tenant_id WHERE (").append(notUnderPrimary(table))
                    .append(") AND ").append(physical ? "t._ROWID_" : key).append(" > ?");
            String lower = after == null ? "" : after;
            if (physical && !lower.isEmpty()) {
                sql.append(" AND ").append(key).append(" > ?");
            }
            if (before != null) {
                sql.append(" AND ").append(key).append(" < ?");
            }
            if (tenantId != null) {
                sql.append(" AND t.tenant_id = ?");
            }
            if (physical) {
                sql.append(" ORDER BY t._ROWID_");
            } else {
                // one tenant: (tenant_id, row key) order, which an index serves and a LIMIT stops early; every tenant:
                // row key
                sql.append(tenantId != null ? " ORDER BY t.tenant_id, " + key
                        : " ORDER BY " + key + (table.hasUniformKeys() ? "" : ", t.tenant_id"));
            }
            sql.append(" LIMIT ").append(limit);
            try (PreparedStatement s = c.prepareStatement(sql.toString())) {
                int i = 1;
                if (physical) {
                    s.setLong(i++, from == null ? 0 : from.rowId());
                    if (!lower.isEmpty()) {
                        s.setString(i++, lower);
                    }
                } else {
                    String resume = from == null ? "" : from.key();
                    s.setString(i++, resume.compareTo(lower) > 0 ? resume : lower);
                }
                if (before != null) {
                    s.setString(i++, before);
                }
                if (tenantId != null) {
                    s.setString(i, tenantId);
                }
                return rows(table, s, physical);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read " + table.table() + " rows to re-encrypt", e);
        }
    }

    /** How many rows of every sealed table are not under their tenant's primary key ({@code tenantId} null: all). */
    public long countNotUnderPrimary(String tenantId) {
        long rows = 0;
        for (SealedTable table : SealedTable.values()) {
            rows += countNotUnderPrimary(table, tenantId);
        }
        return rows;
    }

    /** How many rows of {@code table} are not under their tenant's primary key ({@code tenantId} null: all). */
    public long countNotUnderPrimary(SealedTable table, String tenantId) {
        String sql = "SELECT COUNT(*) FROM " + table.table() + " t JOIN tenant_keyset k ON k.tenant_id = t.tenant_id"
                + " WHERE (" + notUnderPrimary(table) + ")" + (tenantId != null ? " AND t.tenant_id = ?" : "");
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            if (tenantId != null) {
                s.setString(1, tenantId);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot count " + table.table() + " rows to re-encrypt", e);
        }
    }

    /** How many sealed values of a tenant each key id holds, over every sealed table and column. */
    public Map<Long, Long> valuesByKey(String tenantId) {
        Map<Long, Long> counts = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection()) {
            for (SealedTable table : SealedTable.values()) {
                for (SealedTable.Column column : table.columns()) {
                    try (PreparedStatement s = c.prepareStatement("SELECT " + column.keyId() + ", COUNT(*) FROM "
                            + table.table() + " WHERE tenant_id = ? AND " + column.keyId() + " IS NOT NULL GROUP BY "
                            + column.keyId())) {
                        s.setString(1, tenantId);
                        try (ResultSet rs = s.executeQuery()) {
                            while (rs.next()) {
                                counts.merge(rs.getLong(1), rs.getLong(2), Long::sum);
                            }
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot count the sealed values of tenant " + tenantId, e);
        }
        return counts;
    }

    /**
     * Reseals every value of {@code tenantId} (null: every tenant) still not under its tenant's primary key, over every
     * sealed table, each write committed at once when called outside a transaction. Rows a refresh holds are tried
     * again after {@code pause}, at most {@code rounds} times in all. Returns how many rows it wrote.
     */
    public long resealRemaining(String tenantId, int rounds, java.time.Duration pause) {
        long written = 0;
        for (int round = 0; round < rounds; round++) {
            boolean held = false;
            for (SealedTable table : SealedTable.values()) {
                Position from = Position.START;
                List<Row> rows;
                while (!(rows = page(table, tenantId, null, null, from, 500)).isEmpty()) {
                    Result result = reseal(rows);
                    written += result.done();
                    held |= !result.deferred().isEmpty();
                    from = rows.get(rows.size() - 1).position();
                }
            }
            if (!held) {
                break;
            }
            try {
                Thread.sleep(pause.toMillis()); // the refreshes holding the rest finish their one provider call
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return written;
    }

    /** Re-encrypts the rows (all of one table) under their tenant's primary key; see the class comment. */
    public Result reseal(List<Row> rows) {
        return write(seal(rows));
    }

    /**
     * The crypto half of {@link #reseal}: the rows' values sealed under their tenant's primary key, nothing written.
     * The rotation's reader runs it for the next page while the writer writes the current one.
     */
    public List<Resealed> seal(List<Row> rows) {
        List<List<Sealed>> values = resealValues(rows);
        List<Resealed> sealed = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            sealed.add(new Resealed(rows.get(i), values.get(i)));
        }
        return sealed;
    }

    /**
     * The database half of {@link #reseal}: writes what {@link #seal} sealed (rows of one table), each row guarded by
     * the version (or key ids) it was read with.
     */
    public Result write(List<Resealed> sealed) {
        if (sealed.isEmpty()) {
            return Result.NONE;
        }
        SealedTable table = sealed.get(0).row().table();
        List<Row> written = new ArrayList<>();
        List<List<Sealed>> values = new ArrayList<>();
        int failed = 0;
        for (Resealed one : sealed) {
            if (one.values() == null) {
                failed++;
            } else {
                written.add(one.row());
                values.add(one.values());
            }
        }
        if (written.isEmpty()) {
            return new Result(0, 0, failed, List.of());
        }
        try (Connection c = dataSource.getConnection()) {
            boolean[] updated = dialect(c) == Dialect.POSTGRESQL ? writeSetBased(c, table, written, values)
                    : writeBatch(c, table, written, values);
            int done = 0;
            int skipped = 0;
            List<Row> deferred = new ArrayList<>();
            for (int i = 0; i < written.size(); i++) {
                if (updated[i]) {
                    done++;
                    continue;
                }
                Row now = reread(c, written.get(i));
                if (now == null || underPrimary(now)) {
                    skipped++; // rewritten (or deleted) meanwhile, under the primary key
                } else {
                    deferred.add(now);
                }
            }
            return new Result(done, skipped, failed, List.copyOf(deferred));
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot write re-encrypted " + table.table() + " rows", e);
        }
    }

    /** One guarded UPDATE per row, sent as one JDBC batch; which rows the guard let through. */
    private static boolean[] writeBatch(Connection c, SealedTable table, List<Row> rows, List<List<Sealed>> values)
            throws SQLException {
        try (PreparedStatement update = c.prepareStatement(update(table))) {
            for (int i = 0; i < rows.size(); i++) {
                bindUpdate(update, table, rows.get(i), values.get(i));
                update.addBatch();
            }
            int[] counts = update.executeBatch();
            boolean[] updated = new boolean[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                // SUCCESS_NO_INFO (-2): the driver did the update without counting it; the guard held
                updated[i] = counts[i] == 1 || counts[i] == java.sql.Statement.SUCCESS_NO_INFO;
            }
            return updated;
        }
    }

    /**
     * PostgreSQL: the whole chunk in one statement, {@code UPDATE ... FROM unnest(arrays) ... RETURNING}, with the same
     * guard per row as the batch. One statement instead of one per row spares the server a parse, plan and executor
     * start per row, which is most of what a batched UPDATE of narrow rows costs it.
     */
    private static boolean[] writeSetBased(Connection c, SealedTable table, List<Row> rows,
            List<List<Sealed>> values) throws SQLException {
        int n = rows.size();
        int columns = table.columns().size();
        String[] tenants = new String[n];
        String[] keys = new String[n];
        Long[] versions = new Long[n];
        String[][] ciphertexts = new String[columns][n];
        Long[][] keyIds = new Long[columns][n];
        Long[][] oldKeyIds = new Long[columns][n];
        for (int r = 0; r < n; r++) {
            Row row = rows.get(r);
            tenants[r] = row.tenantId();
            keys[r] = row.key();
            versions[r] = row.version();
            for (int col = 0; col < columns; col++) {
                Sealed sealed = values.get(r).get(col);
                ciphertexts[col][r] = sealed == null ? null : KeyRing.encode(sealed.ciphertext());
                keyIds[col][r] = sealed == null ? null : (long) sealed.keyId();
                oldKeyIds[col][r] = row.keyIds().get(col);
            }
        }
        try (PreparedStatement update = c.prepareStatement(setBasedUpdate(table))) {
            int i = 1;
            update.setArray(i++, c.createArrayOf("varchar", tenants));
            update.setArray(i++, c.createArrayOf("varchar", keys));
            if (table.guard() != SealedTable.Guard.KEY_ID) {
                update.setArray(i++, c.createArrayOf("int8", versions));
            }
            for (int col = 0; col < columns; col++) {
                update.setArray(i++, c.createArrayOf("varchar", ciphertexts[col]));
                update.setArray(i++, c.createArrayOf("int8", keyIds[col]));
                if (table.guard() == SealedTable.Guard.KEY_ID) {
                    update.setArray(i++, c.createArrayOf("int8", oldKeyIds[col]));
                }
            }
            java.util.Set<String> written = new java.util.HashSet<>();
            try (ResultSet rs = update.executeQuery()) {
                while (rs.next()) {
                    written.add(rs.getString(1) + '\u0000' + rs.getString(2));
                }
            }
            boolean[] updated = new boolean[n];
            for (int r = 0; r < n; r++) {
                updated[r] = written.contains(tenants[r] + '\u0000' + keys[r]);
            }
            return updated;
        }
    }

    /**
     * Whether {@link #page} reads {@code dataSource}'s tables in physical order (H2): a reader then walks the whole
     * table whatever row-key range it is given, so one reader per table is what pays.
     */
    public static boolean pagesPhysically(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return dialectOf(c) == Dialect.H2;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot tell which database holds the sealed tables", e);
        }
    }

    private Dialect dialect(Connection c) throws SQLException {
        Dialect known = dialect;
        if (known == null) {
            known = dialectOf(c);
            dialect = known;
        }
        return known;
    }

    private static Dialect dialectOf(Connection c) throws SQLException {
        String product = c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT);
        return product.contains("postgres") ? Dialect.POSTGRESQL : product.equals("h2") ? Dialect.H2 : Dialect.OTHER;
    }

    /**
     * The rows' values sealed under their tenant's primary key (null for a row that cannot be decrypted), in two
     * passes: every old value of the chunk is decrypted first, then every one encrypted. Tink's AES-GCM sets up its
     * cipher for the key at hand on each call, and the JDK keeps only the last key's expanded form: alternating old
     * and new key per value paid that set-up for every value (a quarter of the job's CPU), one pass per key does
     * not. The plaintexts of one chunk are in memory together for that moment and wiped right after.
     */
    private List<List<Sealed>> resealValues(List<Row> rows) {
        List<List<SecretValue>> plain = new ArrayList<>(rows.size());
        try {
            for (Row row : rows) {
                plain.add(decryptOld(row));
            }
            List<List<Sealed>> result = new ArrayList<>(rows.size());
            for (int r = 0; r < rows.size(); r++) {
                Row row = rows.get(r);
                List<SecretValue> values = plain.get(r);
                if (values == null) {
                    result.add(null);
                    continue;
                }
                SealedTable table = row.table();
                TenantKeyset keyset = keyRing.keyset(row.tenantId());
                List<Sealed> sealed = new ArrayList<>();
                for (int i = 0; i < table.columns().size(); i++) {
                    SecretValue value = values.get(i);
                    if (value == null) {
                        Long keyId = row.keyIds().get(i);
                        String ciphertext = row.ciphertexts().get(i);
                        sealed.add(ciphertext == null || keyId == null ? null
                                : new Sealed(keyId.intValue(), KeyRing.decode(ciphertext))); // already primary
                    } else {
                        sealed.add(keyset.encrypt(value, associatedData(row, i)));
                    }
                }
                result.add(sealed);
            }
            return result;
        } finally {
            plain.stream().filter(java.util.Objects::nonNull).flatMap(List::stream)
                    .filter(java.util.Objects::nonNull).forEach(SecretValue::close);
        }
    }

    /**
     * The row's values not under the primary key, decrypted (null entries: empty or already primary); null if any
     * fails.
     */
    private List<SecretValue> decryptOld(Row row) {
        SealedTable table = row.table();
        TenantKeyset keyset = keyRing.keyset(row.tenantId());
        int primary = keyset.primaryKeyId();
        List<SecretValue> values = new ArrayList<>();
        try {
            for (int i = 0; i < table.columns().size(); i++) {
                String ciphertext = row.ciphertexts().get(i);
                Long keyId = row.keyIds().get(i);
                if (ciphertext == null || keyId == null || keyId.intValue() == primary) {
                    values.add(null);
                } else {
                    values.add(keyset.decrypt(new Sealed(keyId.intValue(), KeyRing.decode(ciphertext)),
                            associatedData(row, i)));
                }
            }
            return values;
        } catch (CryptoException e) {
            values.stream().filter(java.util.Objects::nonNull).forEach(SecretValue::close);
            LOG.warning(() -> "Cannot re-encrypt " + table.table() + " row " + row.key() + " of tenant "
                    + row.tenantId() + ": " + e.getMessage());
            return null;
        }
    }

    private static AssociatedData associatedData(Row row, int column) {
        SealedTable table = row.table();
        return AssociatedData.of(row.tenantId(), table.purposeOf(table.columns().get(column), row.key()),
                table.associatedRowId(row.tenantId(), row.key()));
    }

    private boolean underPrimary(Row row) {
        int primary = keyRing.keyset(row.tenantId()).primaryKeyId();
        return row.keyIds().stream().allMatch(k -> k == null || k.intValue() == primary);
    }

    private Row reread(Connection c, Row row) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(select(row.table()) + " FROM " + row.table().table()
                + " t WHERE t.tenant_id = ? AND t." + row.table().rowKey() + " = ?")) {
            s.setString(1, row.tenantId());
            s.setString(2, row.key());
            List<Row> found = rows(row.table(), s, false);
            return found.isEmpty() ? null : found.get(0);
        }
    }

    private static String select(SealedTable table) {
        StringBuilder sql = new StringBuilder("SELECT t.tenant_id, t.").append(table.rowKey());
        sql.append(table.guard() == SealedTable.Guard.KEY_ID ? ", NULL" : ", t.version");
        for (SealedTable.Column column : table.columns()) {
            sql.append(", t.").append(column.ciphertext()).append(", t.").append(column.keyId());
        }
        return sql.toString();
    }

    private static String notUnderPrimary(SealedTable table) {
        return String.join(" OR ", table.columns().stream()
                .map(c -> "t." + c.keyId() + " <> k.primary_key_id").toList());
    }

    /** The rows of a query over {@link #select}, with {@code _ROWID_} as the column after them if {@code rowIds}. */
    private static List<Row> rows(SealedTable table, PreparedStatement s, boolean rowIds) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                long version = rs.getLong(3);
                Long v = rs.wasNull() ? null : version;
                List<String> ciphertexts = new ArrayList<>();
                List<Long> keyIds = new ArrayList<>();
                for (int i = 0; i < table.columns().size(); i++) {
                    ciphertexts.add(rs.getString(4 + 2 * i));
                    long keyId = rs.getLong(5 + 2 * i);
                    keyIds.add(rs.wasNull() ? null : keyId);
                }
                long rowId = rowIds ? rs.getLong(4 + 2 * table.columns().size()) : 0;
                rows.add(new Row(table, rs.getString(1), rs.getString(2), v, ciphertexts, keyIds, rowId));
            }
        }
        return rows;
    }

    private static String update(SealedTable table) {
        StringBuilder sql = new StringBuilder("UPDATE ").append(table.table()).append(" SET ");
        List<String> sets = new ArrayList<>();
        for (SealedTable.Column column : table.columns()) {
            sets.add(column.ciphertext() + " = ?");
            sets.add(column.keyId() + " = ?");
        }
        if (table.guard() != SealedTable.Guard.KEY_ID) {
            sets.add("version = version + 1");
        }
        sql.append(String.join(", ", sets)).append(" WHERE tenant_id = ? AND ").append(table.rowKey()).append(" = ?");
        switch (table.guard()) {
            case VERSION -> sql.append(" AND version = ?");
            case KEY_ID -> table.columns().forEach(c -> sql.append(" AND ").append(c.keyId()).append(" = ?"));
        }
        return sql.toString();
    }

    /** The PostgreSQL statement of {@link #writeSetBased}: the arrays' parameters in the order it binds them. */
    static String setBasedUpdate(SealedTable table) {
        boolean keyGuard = table.guard() == SealedTable.Guard.KEY_ID;
        List<String> sets = new ArrayList<>();
        List<String> arrays = new ArrayList<>(List.of("?::varchar[]", "?::varchar[]"));
        List<String> names = new ArrayList<>(List.of("tenant_id", "row_key"));
        StringBuilder where = new StringBuilder(" WHERE t.tenant_id = v.tenant_id AND t.").append(table.rowKey())
                .append(" = v.row_key");
        if (!keyGuard) {
            arrays.add("?::int8[]");
            names.add("row_version");
            where.append(" AND t.version = v.row_version");
        }
        for (int col = 0; col < table.columns().size(); col++) {
            SealedTable.Column column = table.columns().get(col);
            sets.add(column.ciphertext() + " = v.c" + col);
            sets.add(column.keyId() + " = v.k" + col);
            arrays.add("?::varchar[]");
            arrays.add("?::int8[]");
            names.add("c" + col);
            names.add("k" + col);
            if (keyGuard) {
                arrays.add("?::int8[]");
                names.add("o" + col);
                where.append(" AND t.").append(column.keyId()).append(" IS NOT DISTINCT FROM v.o").append(col);
            }
        }
        if (!keyGuard) {
            sets.add("version = t.version + 1");
        }
        return "UPDATE " + table.table() + " AS t SET " + String.join(", ", sets) + " FROM unnest("
                + String.join(", ", arrays) + ") AS v(" + String.join(", ", names) + ")" + where
                + " RETURNING t.tenant_id, t." + table.rowKey();
    }

    private static void bindUpdate(PreparedStatement s, SealedTable table, Row row, List<Sealed> resealed)
            throws SQLException {
        int i = 1;
        for (Sealed sealed : resealed) {
            if (sealed == null) {
                s.setNull(i++, java.sql.Types.VARCHAR);
                s.setNull(i++, java.sql.Types.BIGINT);
            } else {
                s.setString(i++, KeyRing.encode(sealed.ciphertext()));
                s.setLong(i++, sealed.keyId());
            }
        }
        s.setString(i++, row.tenantId());
        s.setString(i++, row.key());
        switch (table.guard()) {
            case VERSION -> s.setLong(i, row.version());
            case KEY_ID -> {
                for (Long keyId : row.keyIds()) {
                    s.setLong(i++, keyId);
                }
            }
        }
    }
}
