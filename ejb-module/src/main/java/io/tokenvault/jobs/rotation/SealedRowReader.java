package io.tokenvault.jobs.rotation;

import io.tokenvault.crypto.control.KeyRing;
import io.tokenvault.crypto.control.Resealer;
import io.tokenvault.crypto.control.SealedTable;
import jakarta.annotation.Resource;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.Deque;
import javax.sql.DataSource;

/**
 * Reads the rows of one partition (a sealed table and a row-key range) that are not under their tenant's primary
 * key, a page at a time in the order {@link Resealer#page} reads them: row-key order, or physical order on H2. The
 * checkpoint is the last row handed out (its row key and its H2 {@code _ROWID_}), so a restarted partition continues
 * after it in either order; rows already re-encrypted no longer match the query, so nothing is encrypted twice even
 * when a chunk is repeated after a crash.
 */
@Dependent
@Named("sealedRowReader")
public class SealedRowReader extends AbstractItemReader {

    /**
     * Where a partition is: after which row, by row key and by H2 {@code _ROWID_} (0 in a checkpoint written before
     * H2 paged by it, which restarts the H2 walk from the start of the table: already re-encrypted rows are skipped).
     */
    record Cursor(String after, long afterRowId) implements Serializable {

        Resealer.Position position() {
            return new Resealer.Position(after, afterRowId);
        }
    }

    @Inject
    @BatchProperty
    String table;

    @Inject
    @BatchProperty
    String after;

    @Inject
    @BatchProperty
    String before;

    @Inject
    @BatchProperty
    String tenant;

    @Inject
    @BatchProperty
    String pageSize;

    @Inject
    KeyRing keyRing;

    @Resource(lookup = "java:jboss/datasources/TokenvaultDS")
    DataSource dataSource;

    private Resealer resealer;
    private SealedTable sealedTable;
    private Cursor cursor;
    private final Deque<Resealer.Row> page = new ArrayDeque<>();

    @Override
    public void open(Serializable checkpoint) {
        resealer = new Resealer(dataSource, keyRing);
        sealedTable = SealedTable.valueOf(table);
        cursor = checkpoint instanceof Cursor c ? c : new Cursor(after == null ? "" : after, 0);
    }

    @Override
    public Object readItem() {
        if (page.isEmpty()) {
            // tenant_secret's row key (purpose) repeats across tenants: its few rows are read in one page
            page.addAll(resealer.page(sealedTable, blankToNull(tenant), blankToNull(after), blankToNull(before),
                    cursor.position(), sealedTable.hasUniformKeys() ? size() : 1_000_000));
            if (page.isEmpty()) {
                return null; // the range is done
            }
        }
        Resealer.Row row = page.poll();
        cursor = new Cursor(row.key(), row.rowId());
        return row;
    }

    @Override
    public Serializable checkpointInfo() {
        return cursor;
    }

    private int size() {
        try {
            return pageSize == null || pageSize.isBlank() ? 500 : Integer.parseInt(pageSize);
        } catch (NumberFormatException e) {
            return 500;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
