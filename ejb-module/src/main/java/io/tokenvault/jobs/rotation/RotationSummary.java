package io.tokenvault.jobs.rotation;

import io.tokenvault.apps.control.AppRegistry;
import io.tokenvault.crypto.control.KeyRing;
import io.tokenvault.crypto.control.Resealer;
import io.tokenvault.jobs.control.JobRun;
import io.tokenvault.jobs.control.JobRuns;
import jakarta.annotation.Resource;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.api.BatchProperty;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Clock;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The last step of a rotation. First a count of the values still not under the primary key; when there are any, a
 * finishing pass, outside any chunk transaction: the rows the writers left because concurrent writes kept changing
 * them are resealed now, each write committed at once, tried again half a second apart while some are still left, at
 * most {@value #FINISHING_ROUNDS} times, and counted again. Then it makes the counts add up and says how it ended.
 * Rows that left the "not under the primary key" set without this job writing them were rewritten by live refreshes
 * (or deleted) meanwhile: they count as skipped, and so do rows a writer gave up on as busy that a refresh has since
 * sealed under the new key. Rows still under an old key count as failed, and the job ends FAILED so that an operator
 * looks and restarts it.
 */
@Dependent
@Named("rotationSummary")
public class RotationSummary extends AbstractBatchlet {

    private static final Logger LOG = Logger.getLogger(RotationSummary.class.getName());
    static final int FINISHING_ROUNDS = 20;

    @Inject
    @BatchProperty
    String run;

    @Inject
    @BatchProperty
    String tenant;

    @Inject
    KeyRing keyRing;

    @Inject
    AppRegistry registry;

    @Inject
    Clock clock;

    @Resource(lookup = "java:jboss/datasources/TokenvaultDS")
    DataSource dataSource;

    @Inject
    jakarta.enterprise.event.Event<io.tokenvault.events.JobEnded> ended;

    @Override
    public String process() {
        registry.reload(); // the registrations in memory hold client secrets sealed under the old key
        JobRuns runs = new JobRuns(dataSource);
        Resealer resealer = new Resealer(dataSource, keyRing);
        String scope = tenant == null || tenant.isBlank() ? null : tenant;
        // a count reads every table once, as a finishing pass that finds nothing does: only pay for both when the
        // count finds rows left
        long remaining = resealer.countNotUnderPrimary(scope);
        if (remaining > 0) {
            long finished = resealer.resealRemaining(scope, FINISHING_ROUNDS, java.time.Duration.ofMillis(500));
            runs.addProgress(run, finished, 0, -finished); // the writers counted these rows as failed for now
            remaining = resealer.countNotUnderPrimary(scope);
        }
        JobRun now = runs.find(run).orElseThrow();
        long accounted = now.done() + now.skipped() + now.failed();
        long rewrittenElsewhere = Math.max(0, now.total() - accounted - remaining);
        long unaccountedRemaining = Math.max(0, remaining - now.failed());
        // a row a writer gave up on because refreshes kept rewriting it, and that such a refresh then sealed under
        // the new key, is not a failure: "failed" ends as exactly the values still under an old key
        long resolvedSince = Math.max(0, now.failed() - remaining);
        runs.addProgress(run, 0, rewrittenElsewhere + resolvedSince, unaccountedRemaining - resolvedSince);
        String detail = remaining == 0 ? "Every sealed value is under the primary key"
                : remaining + " sealed values are still under an old key; see the server log, then restart the job";
        runs.detail(run, detail);
        long finalRemaining = remaining;
        LOG.info(() -> "Key rotation run " + run + ": " + detail);
        JobRun last = runs.find(run).orElseThrow();
        ended.fire(new io.tokenvault.events.JobEnded(run, io.tokenvault.crypto.boundary.EncryptionKeys.ROTATION_JOB,
                scope, finalRemaining > 0 ? "FAILED" : "COMPLETED", last.total(), last.done(), last.skipped(),
                last.failed(), detail, clock.instant()));
        if (finalRemaining > 0) {
            throw new IllegalStateException(detail);
        }
        return "COMPLETED";
    }
}
