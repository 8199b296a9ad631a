package io.tokenvault.jobs.rollover;

import io.tokenvault.jobs.control.JobRuns;
import io.tokenvault.tokens.boundary.Revalidator;
import jakarta.annotation.Resource;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import javax.sql.DataSource;

/**
 * Re-validates connections with the new secret, at most {@code ratePerSecond} refreshes a second, so that a big app
 * does not trip the provider's rate limits. A connection whose grant moved to the new secret meanwhile (a live
 * refresh) still counts as done: it was refreshed with the new secret.
 */
@Dependent
@Named("revalidationWriter")
public class RevalidationWriter extends AbstractItemWriter {

    @Inject
    @BatchProperty
    String run;

    @Inject
    @BatchProperty
    String tenant;

    @Inject
    @BatchProperty
    String ratePerSecond;

    @Inject
    Revalidator revalidator;

    @Resource(lookup = "java:jboss/datasources/TokenvaultDS")
    DataSource dataSource;

    @Override
    public void writeItems(List<Object> items) throws InterruptedException {
        long pause = 1000L / Math.max(1, Integer.parseInt(ratePerSecond));
        long done = 0;
        long failed = 0;
        for (Object item : items) {
            long started = System.nanoTime();
            if (revalidator.revalidate(tenant, (String) item) == Revalidator.Outcome.REFRESHED) {
                done++;
            } else {
                failed++;
            }
            long rest = pause - (System.nanoTime() - started) / 1_000_000;
            if (rest > 0) {
                Thread.sleep(rest); // the rate limit, not a wait for anything
            }
        }
        new JobRuns(dataSource).addProgress(run, done, 0, failed);
    }
}
