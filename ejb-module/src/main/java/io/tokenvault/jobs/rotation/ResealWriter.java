package io.tokenvault.jobs.rotation;

import io.tokenvault.crypto.control.KeyRing;
import io.tokenvault.crypto.control.Resealer;
import io.tokenvault.jobs.control.JobRuns;
import jakarta.annotation.Resource;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
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

    /** Milliseconds to rest after each chunk: spares a database that also serves live traffic (default 0). */
    @Inject
    @BatchProperty
    String pauseMillis;

    @Inject
    KeyRing keyRing;

    @Resource(lookup = "java:jboss/datasources/TokenvaultDS")
    DataSource dataSource;

    @Override
    public void writeItems(List<Object> items) throws InterruptedException {
        Resealer resealer = new Resealer(dataSource, keyRing);
        Resealer.Result result = resealer.reseal(items.stream().map(Resealer.Row.class::cast).toList());
        new JobRuns(dataSource).addProgress(run, result.done(), result.skipped(),
                result.failed() + result.deferred().size());
        long pause = pauseMillis == null || pauseMillis.isBlank() ? 0 : Long.parseLong(pauseMillis);
        if (pause > 0) {
            Thread.sleep(pause);
        }
    }
}
