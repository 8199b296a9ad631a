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
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import javax.sql.DataSource;

/**
 * Reads the rows of one partition (a sealed table and a row-key range) that are not under their tenant's primary
 * key, a page at a time in row-key order. The checkpoint is the last row key handed out (and the sweep number), so a
 * restarted partition continues after it; rows already re-encrypted no longer match the query, so nothing is
 * encrypted twice even when a chunk is repeated after a crash.
 */
@Dependent
@Named("sealedRowReader")
public class SealedRowReader extends AbstractItemReader {

    /** Where a partition is: after which row key. */
    record Cursor(String after) implements Serializable {
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

    @Inject
    Clock clock;

    @Resource(lookup = "java:jboss/datasources/TokenvaultDS")
    DataSource dataSource;

    private Resealer resealer;
    private SealedTable sealedTable;
    private Cursor cursor;
    private final Deque<Resealer.Row> page = new ArrayDeque<>();

    @Override
    public void open(Serializable checkpoint) {
        resealer = new Resealer(dataSource, keyRing, clock);
        sealedTable = SealedTable.valueOf(table);
        cursor = checkpoint instanceof Cursor c ? c : new Cursor(after == null ? "" : after);
    }

    @Override
    public Object readItem() {
        if (page.isEmpty()) {
            // tenant_secret's row key (purpose) repeats across tenants: its few rows are read in one page
            page.addAll(resealer.page(sealedTable, blankToNull(tenant), cursor.after(), blankToNull(before),
                    sealedTable.hasUniformKeys() ? size() : 1_000_000));
            if (page.isEmpty()) {
                return null; // the range is done
            }
        }
        Resealer.Row row = page.poll();
        cursor = new Cursor(row.key());
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
