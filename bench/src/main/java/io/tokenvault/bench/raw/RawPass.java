package io.tokenvault.bench.raw;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Locale;

/**
 * One pass of the key-rotation benchmark's baseline: a raw JDBC batched UPDATE of every sealed token of a tenant.
 * It pages through {@code connection_token} ({@code batch} rows per page) and writes each page back with one batched
 * UPDATE of the same ciphertext and key-id columns, one commit per page, on the connection it is given. The pages
 * come in the fastest order each database offers for rewriting every row: primary-key order on PostgreSQL, physical
 * order ({@code _ROWID_}) on H2, which is what the job does there (bench/README.md, findings K9 and K10). The
 * ciphertexts go back as they are; the key ids go back negated (the next pass negates them back), because a rotation
 * changes them (finding K6). Pages carry no tenant in their WHERE clause (finding K1): other tenants' rows (a
 * handful) are read and left.
 *
 * <p>Two callers run the same code: {@code tools/RotationBench.java raw}, a JVM of its own with its own H2 engine
 * (the server stopped), and {@link RawPassResource}, inside the server under test on its datasource (the job's JVM,
 * heap, collector and H2 engine).
 */
public final class RawPass {

    /** What one pass did. */
    public record Result(int pass, long rows, double seconds, double readSeconds, double writeSeconds, int batch,
            boolean physical) {

        public double rowsPerSecond() {
            return rows / seconds;
        }

        /** The lines the benchmark script reads: a readable one, then {@code RESULT key=value ...}. */
        public String report(String label) {
            return String.format(Locale.ROOT, "%s pass %d: %,d rows in %.1f s: %,.0f rows/s (SELECT pages %.1f s,"
                    + " batched UPDATE + commit %.1f s; %d rows per batch; %s order)%n"
                    + "RESULT raw_pass=%d raw_rows=%d raw_seconds=%.3f raw_rows_per_s=%.0f%n", label, pass, rows,
                    seconds, rowsPerSecond(), readSeconds, writeSeconds, batch,
                    physical ? "physical (_ROWID_)" : "id", pass, rows, seconds, rowsPerSecond());
        }
    }

    private RawPass() {
    }

    /** Runs pass number {@code pass} over {@code c}, which it leaves in auto-commit mode. */
    public static Result run(Connection c, String tenant, int batch, int pass) throws SQLException {
        boolean h2 = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("h2");
        c.setAutoCommit(false);
        long rows = 0;
        long readNanos = 0;
        long writeNanos = 0;
        long t0 = System.nanoTime();
        String after = "";
        long afterRow = 0;
        try (PreparedStatement select = c.prepareStatement(h2
                ? "SELECT connection_id, refresh_token_ct, refresh_token_key_id, access_token_ct,"
                        + " access_token_key_id, tenant_id, _ROWID_ FROM connection_token USE INDEX ()"
                        + " WHERE _ROWID_ > ? ORDER BY _ROWID_ LIMIT " + batch
                : "SELECT connection_id, refresh_token_ct, refresh_token_key_id, access_token_ct,"
                        + " access_token_key_id, tenant_id FROM connection_token WHERE connection_id > ?"
                        + " ORDER BY connection_id LIMIT " + batch);
                PreparedStatement update = c.prepareStatement("UPDATE connection_token SET"
                        + " refresh_token_ct = ?, refresh_token_key_id = ?, access_token_ct = ?,"
                        + " access_token_key_id = ? WHERE tenant_id = ? AND connection_id = ?")) {
            while (true) {
                long r0 = System.nanoTime();
                if (h2) {
                    select.setLong(1, afterRow);
                } else {
                    select.setString(1, after);
                }
                int n = 0;
                int seen = 0;
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        String id = rs.getString(1);
                        after = id;
                        afterRow = h2 ? rs.getLong(7) : 0;
                        seen++;
                        if (!tenant.equals(rs.getString(6))) {
                            continue;
                        }
                        update.setString(1, rs.getString(2));
                        setNegated(update, 2, rs, 3);
                        update.setString(3, rs.getString(4));
                        setNegated(update, 4, rs, 5);
                        update.setString(5, tenant);
                        update.setString(6, id);
                        update.addBatch();
                        n++;
                    }
                }
                long w0 = System.nanoTime();
                readNanos += w0 - r0;
                if (seen == 0) {
                    c.commit();
                    break;
                }
                if (n > 0) {
                    update.executeBatch();
                }
                c.commit();
                writeNanos += System.nanoTime() - w0;
                rows += n;
            }
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
        return new Result(pass, rows, (System.nanoTime() - t0) / 1e9, readNanos / 1e9, writeNanos / 1e9, batch, h2);
    }

    /** A key id written back negated: a changed value, as in a rotation. */
    private static void setNegated(PreparedStatement update, int parameter, ResultSet rs, int column)
            throws SQLException {
        long keyId = rs.getLong(column);
        if (rs.wasNull()) {
            update.setNull(parameter, Types.BIGINT);
        } else {
            update.setLong(parameter, -keyId);
        }
    }
}
