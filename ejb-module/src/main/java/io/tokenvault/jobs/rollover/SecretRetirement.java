package io.tokenvault.jobs.rollover;

import io.tokenvault.apps.boundary.Apps;
import io.tokenvault.jobs.control.JobRun;
import io.tokenvault.jobs.control.JobRuns;
import io.tokenvault.tenancy.control.TenantScope;
import jakarta.annotation.Resource;
import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.api.BatchProperty;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import javax.sql.DataSource;

/**
 * Last step of a rollover: retires the previous secret if its grace window is over (a zero window: at once);
 * otherwise {@code CredentialRetirementSweep} retires it when the window ends. Reports the outcome.
 */
@Dependent
@Named("secretRetirement")
public class SecretRetirement extends AbstractBatchlet {

    @Inject
    @BatchProperty
    String run;

    @Inject
    @BatchProperty
    String tenant;

    @Inject
    @BatchProperty
    String app;

    @Inject
    @BatchProperty
    String previous;

    @Inject
    Apps apps;

    @Resource(lookup = "java:jboss/datasources/TokenvaultDS")
    DataSource dataSource;

    @Override
    public String process() {
        boolean retired = previous != null && !previous.isBlank()
                && TenantScope.callAs(tenant, () -> apps.retireIfDue(app, previous));
        JobRuns runs = new JobRuns(dataSource);
        JobRun before = runs.find(run).orElseThrow();
        // connections that a live refresh moved to the new secret before this job reached them: skipped
        runs.addProgress(run, 0, Math.max(0, before.total() - before.done() - before.skipped() - before.failed()), 0);
        JobRun now = runs.find(run).orElseThrow();
        runs.detail(run, "New secret ACTIVE; " + now.done() + " connections re-validated with it, " + now.skipped()
                + " moved to it by live refreshes, " + now.failed()
                + " failed (each carries its own status and reason); previous secret "
                + (retired ? "RETIRED" : "RETIRING until its grace window ends"));
        return "COMPLETED";
    }
}
