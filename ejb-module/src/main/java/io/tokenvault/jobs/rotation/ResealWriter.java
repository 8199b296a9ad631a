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
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;

/**
 * Writes a chunk of re-encrypted rows in one JDBC batch guarded by the row version (see {@link Resealer}) and adds
 * what it did to the run's progress in the same transaction as the rows themselves. A row held by a refresh (its
 * lease) is tried again a few times, half a second apart: a refresh holds its lease for one provider call; a row
 * still held after that counts as failed and the job ends FAILED, to be restarted.
 */
@Dependent
@Named("resealWriter")
public class ResealWriter extends AbstractItemWriter {

    @Inject
    @BatchProperty
    String run;

    static final int RETRIES = 20;

    /** Milliseconds to rest after each chunk: spares a database that also serves live traffic (default 0). */
    @Inject
    @BatchProperty
    String pauseMillis;

    @Inject
    KeyRing keyRing;

    @Inject
    Clock clock;

    @Resource(lookup = "java:jboss/datasources/TokenvaultDS")
    DataSource dataSource;

    @Override
    public void writeItems(List<Object> items) throws InterruptedException {
        Resealer resealer = new Resealer(dataSource, keyRing, clock);
        Resealer.Result result = resealer.reseal(items.stream().map(Resealer.Row.class::cast).toList());
        long done = result.done();
        long skipped = result.skipped();
        long failed = result.failed();
        List<Resealer.Row> deferred = result.deferred();
        for (int attempt = 0; !deferred.isEmpty() && attempt < RETRIES; attempt++) {
            Thread.sleep(500); // the refresh holding these rows finishes its one provider call
            Resealer.Result retry = resealer.reseal(deferred);
            done += retry.done();
            skipped += retry.skipped();
            failed += retry.failed();
            deferred = retry.deferred();
        }
        new JobRuns(dataSource).addProgress(run, done, skipped, failed + deferred.size());
        long pause = pauseMillis == null || pauseMillis.isBlank() ? 0 : Long.parseLong(pauseMillis);
        if (pause > 0) {
            Thread.sleep(pause);
        }
    }
}
