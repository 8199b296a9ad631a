package io.tokenvault.jobs.rotation;

import io.tokenvault.crypto.control.KeyRing;
import io.tokenvault.crypto.control.Resealer;
import io.tokenvault.jobs.control.JobRuns;
import io.tokenvault.metrics.Metrics;
import jakarta.annotation.Resource;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import javax.sql.DataSource;

/**
 * Writes a chunk of re-encrypted rows guarded by the row version (see {@link Resealer}) and adds what it did to the
 * run's progress in the same transaction as the rows themselves. A row rewritten meanwhile but still not under the
 * primary key (a write from a node that had not yet seen the new key) is left for now and counted as failed: it is
 * not retried here, because the chunk's transaction holds the locks of the rows it wrote (on H2 even of rows whose
 * guard failed) and a refresh waiting for one of them would wait for the chunk (finding K8).
 * {@link RotationSummary} tries the left rows again, outside any chunk, once the partitions are done.
 */
@Dependent
@Named("resealWriter")
public class ResealWriter extends AbstractItemWriter {

    @Inject
    @BatchProperty
    String run;

    /** Milliseconds to rest before each chunk's writes: spares a database that also serves live traffic (default 0). */
    @Inject
    @BatchProperty
    String pauseMillis;

    /** While the token API is busy, rest this many % of each chunk's time before its writes (default 200; 0: never). */
    @Inject
    @BatchProperty
    String busyYieldPercent;

    /** Token API answers per second from which it counts as busy (default 100). */
    @Inject
    @BatchProperty
    String busyRequestsPerSecond;

    @Inject
    Metrics metrics;

    @Inject
    KeyRing keyRing;

    @Resource(lookup = "java:jboss/datasources/TokenvaultDS")
    DataSource dataSource;

    private TrafficYield yield;
    private Resealer resealer;
    private JobRuns runs;

    @Override
    public void open(Serializable checkpoint) {
        yield = new TrafficYield(number(pauseMillis, 0), (int) number(busyYieldPercent, 200),
                number(busyRequestsPerSecond, 100));
        resealer = new Resealer(dataSource, keyRing);
        runs = new JobRuns(dataSource);
    }

    @Override
    public void writeItems(List<Object> items) throws InterruptedException {
        // before the writes: the chunk's transaction holds no lock yet (K8, K11)
        long pause = yield.pauseNanos(System.nanoTime(), metrics.tokenAnswers());
        if (pause > 0) {
            Thread.sleep(pause / 1_000_000, (int) (pause % 1_000_000));
        }
        yield.resumed(System.nanoTime(), metrics.tokenAnswers());
        Resealer.Result result = resealer.write(items.stream().map(Resealer.Resealed.class::cast).toList());
        runs.addProgress(run, result.done(), result.skipped(), result.failed() + result.deferred().size());
    }

    private static long number(String value, long otherwise) {
        return value == null || value.isBlank() ? otherwise : Long.parseLong(value.trim());
    }
}
