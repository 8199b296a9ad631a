package io.tokenvault.jobs.boundary;

import io.tokenvault.cluster.boundary.NodeHeartbeat;
import io.tokenvault.jobs.control.JobRun;
import io.tokenvault.jobs.control.JobRuns;
import io.tokenvault.platform.control.Nodes;
import io.tokenvault.sweeps.control.SweepLeases;
import io.tokenvault.sweeps.control.SweepSchedule;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Asynchronous;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A job whose node died keeps saying STARTED in the shared job repository. Every
 * {@code tokenvault.jobs.orphan-check-seconds} (30) one node (the {@code orphaned-jobs} sweep's lease) looks for such
 * runs on nodes without a recent heartbeat and restarts them here from their last checkpoint. {@link JobRecovery}
 * does the same for a node's own runs when it comes back first.
 */
@Singleton
@Startup
@DependsOn({"SchemaMigration", "NodeHeartbeat"})
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class OrphanedJobs {

    public static final String NAME = "orphaned-jobs";

    private static final Logger LOG = Logger.getLogger(OrphanedJobs.class.getName());

    @Resource(lookup = "java:jboss/datasources/TokenvaultDS")
    DataSource dataSource;

    @Resource
    TimerService timers;

    @Inject
    Jobs jobs;

    @Inject
    NodeHeartbeat heartbeat;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "tokenvault.jobs.orphan-check-seconds", defaultValue = "30")
    long periodSeconds;

    private SweepSchedule schedule;

    @PostConstruct
    void schedule() {
        schedule = SweepSchedule.every(Duration.ofSeconds(periodSeconds));
        schedule.start(timers, "orphaned job check");
    }

    /** An operator's "run now" (still one node at a time). */
    @Asynchronous
    public void runNow() {
        check(Duration.ZERO);
    }

    @Timeout
    void periodically() {
        check(schedule.minInterval());
    }

    private void check(Duration minInterval) {
        SweepLeases leases = new SweepLeases(dataSource);
        String node = Nodes.name();
        if (!leases.claim(NAME, node, clock.instant(), schedule.lease(), minInterval)) {
            return;
        }
        List<String> restarted = new ArrayList<>();
        try {
            java.util.Set<String> alive = heartbeat.aliveNodes();
            for (JobRun run : new JobRuns(dataSource).running()) {
                if (run.node() == null || alive.contains(run.node())) {
                    continue;
                }
                try {
                    LOG.info(() -> "Job " + run.jobName() + " (run " + run.id() + ") was running on node " + run.node()
                            + ", which has been silent for over " + heartbeat.deadAfter().toSeconds() + " s;"
                            + " restarting it here from its last checkpoint");
                    jobs.restartExecution(run);
                    restarted.add(run.id());
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Cannot restart orphaned job run " + run.id() + ": " + e.getMessage(), e);
                }
            }
        } finally {
            leases.release(NAME, node, clock.instant(), restarted.isEmpty() ? "no orphaned jobs"
                    : "restarted " + restarted);
        }
    }
}
