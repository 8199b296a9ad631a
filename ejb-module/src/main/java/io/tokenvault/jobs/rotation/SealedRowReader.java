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
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import javax.sql.DataSource;

/**
 * Reads the rows of one partition (a sealed table and a row-key range) that are not under their tenant's primary
 * key, a page at a time in the order {@link Resealer#page} reads them: row-key order, or physical order on H2, and
 * hands them out sealed under the primary key ({@link Resealer#seal}), for {@link ResealWriter} to write. The
 * checkpoint is the last row handed out (its row key and its H2 {@code _ROWID_}), so a restarted partition continues
 * after it in either order; rows already re-encrypted no longer match the query, so nothing is encrypted twice even
 * when a chunk is repeated after a crash.
 *
 * <p>While the chunk's rows are handed out and written, the next page is already read and sealed on a managed
 * executor thread: the writer's database work then overlaps the reads and the crypto, which otherwise came in turn
 * with it on the one partition thread H2 has (bench/README.md, finding K12). The page ahead is read outside the
 * chunk's transaction; a row rewritten after it was read fails its version guard at the write, as any row rewritten
 * between read and write does. A page read ahead and never handed out (the partition stopped or failed) is dropped:
 * the checkpoint lies before it.
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

    /** Where the page ahead is read and sealed. */
    @Resource(lookup = "java:jboss/ee/concurrency/executor/default")
    ExecutorService executor;

    private Resealer resealer;
    private SealedTable sealedTable;
    private Cursor cursor;
    private final Deque<Resealer.Resealed> page = new ArrayDeque<>();
    /** The next page, being read and sealed; null before the first page and after the last. */
    private Future<List<Resealer.Resealed>> ahead;
    private boolean done;

    @Override
    public void open(Serializable checkpoint) {
        resealer = new Resealer(dataSource, keyRing);
        sealedTable = SealedTable.valueOf(table);
        cursor = checkpoint instanceof Cursor c ? c : new Cursor(after == null ? "" : after, 0);
        page.clear();
        ahead = null;
        done = false;
    }

    @Override
    public Object readItem() throws Exception {
        if (page.isEmpty()) {
            if (done) {
                return null;
            }
            List<Resealer.Resealed> next = ahead == null ? sealedPage(cursor.position()) : await(ahead);
            ahead = null;
            // tenant_secret's row key (purpose) repeats across tenants: its few rows are read in one page, and a page
            // shorter than asked for is the range's last
            if (next.size() < pageSize()) {
                done = true;
            } else {
                Resealer.Position last = next.get(next.size() - 1).row().position();
                ahead = executor.submit(() -> sealedPage(last));
            }
            if (next.isEmpty()) {
                return null; // the range is done
            }
            page.addAll(next);
        }
        Resealer.Resealed item = page.poll();
        cursor = new Cursor(item.row().key(), item.row().rowId());
        return item;
    }

    @Override
    public Serializable checkpointInfo() {
        return cursor;
    }

    @Override
    public void close() {
        if (ahead != null) {
            ahead.cancel(false); // its rows lie after the checkpoint: read again on a restart
            ahead = null;
        }
        page.clear();
    }

    private List<Resealer.Resealed> sealedPage(Resealer.Position from) {
        return resealer.seal(resealer.page(sealedTable, blankToNull(tenant), blankToNull(after), blankToNull(before),
                from, pageSize()));
    }

    private int pageSize() {
        return sealedTable.hasUniformKeys() ? size() : 1_000_000;
    }

    private static List<Resealer.Resealed> await(Future<List<Resealer.Resealed>> page) throws Exception {
        try {
            return page.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
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
