package io.tokenvault.jobs.boundary;

import io.tokenvault.jobs.control.JobRun;
import io.tokenvault.jobs.control.JobRuns;
import io.tokenvault.platform.control.Nodes;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.batch.runtime.BatchStatus;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * After a crash: the jobs this node was running when it died still say STARTED in the job repository. Once the
 * application is up, each of them is restarted here from its last checkpoint (JBeret's {@code detect} restart mode).
 * Runs on a timer shortly after start, so that deployment is not held up and the batch runtime is ready.
 */
@Singleton
@Startup
@DependsOn({"SchemaMigration", "KeyRingService"})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class JobRecovery {

    private static final Logger LOG = Logger.getLogger(JobRecovery.class.getName());

    @Resource(lookup = "java:jboss/datasources/TokenvaultDS")
    DataSource dataSource;

    @Resource
    TimerService timers;

    @Inject
    Jobs jobs;

    @PostConstruct
    void scheduleRecovery() {
        TimerConfig config = new TimerConfig("restart this node's interrupted jobs", false);
        timers.createSingleActionTimer(1_000, config);
    }

    @Timeout
    void restartInterruptedJobs() {
        java.util.List<JobRun> runs = new JobRuns(dataSource).onNode(Nodes.name());
        LOG.fine(() -> "Looking for interrupted jobs among " + runs.size() + " runs of node " + Nodes.name());
        for (JobRun run : runs) {
            try {
                BatchStatus status = Jobs.operator().getJobExecution(run.executionId()).getBatchStatus();
                if ((status == BatchStatus.STARTED || status == BatchStatus.STARTING)
                        && !Jobs.isRunningHere(run.executionId())) {
                    LOG.info(() -> "Job " + run.jobName() + " (run " + run.id() + ") was interrupted by a crash of"
                            + " this node; restarting it from its last checkpoint");
                    jobs.restartExecution(run);
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Cannot restart interrupted job run " + run.id() + ": " + e.getMessage(), e);
            }
        }
    }
}
