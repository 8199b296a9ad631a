package io.tokenvault.jobs.boundary;

import io.tokenvault.jobs.control.JobRun;
import io.tokenvault.jobs.control.JobRuns;
import io.tokenvault.platform.boundary.ConflictException;
import io.tokenvault.platform.boundary.ForbiddenActionException;
import io.tokenvault.platform.boundary.InvalidInputException;
import io.tokenvault.platform.boundary.NoSuchResourceException;
import io.tokenvault.platform.control.Nodes;
import io.tokenvault.tenancy.boundary.Caller;
import io.tokenvault.tenancy.boundary.Role;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Starts, shows and restarts Jakarta Batch jobs. Jobs are started outside any container transaction (JBeret runs each
 * chunk in its own) and carry their {@code job_run} id and, where they belong to one, their tenant as job parameters.
 * Platform admins see every job; a tenant admin sees its own tenant's jobs and nothing else (404, like any foreign
 * resource).
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Jobs {

    /** Job parameter: the {@code job_run} id. */
    public static final String RUN = "run";
    /** Job parameter: the tenant a job is limited to (absent: every tenant). */
    public static final String TENANT = "tenant";

    private static final Logger LOG = Logger.getLogger(Jobs.class.getName());
    private static final Set<BatchStatus> RESTARTABLE = Set.of(BatchStatus.FAILED, BatchStatus.STOPPED);

    /**
     * The executions this server process started. JBeret's own "running executions" come from the job repository,
     * where an execution whose node died still says STARTED; only this process knows what it really runs.
     */
    private static final Set<Long> STARTED_HERE = ConcurrentHashMap.newKeySet();

    @Resource(lookup = "java:jboss/datasources/TokenvaultDS")
    DataSource dataSource;

    @Inject
    io.tokenvault.cluster.boundary.NodeHeartbeat heartbeat;

    @Inject
    Clock clock;

    private JobRuns runs;

    @PostConstruct
    void init() {
        runs = new JobRuns(dataSource);
    }

    /** Records a run and starts its job; {@code total} is the work known up front (rows to process). */
    public JobView start(Caller caller, String jobName, String tenantId, long total, Properties parameters) {
        String id = UUID.randomUUID().toString();
        runs.create(new JobRun(id, jobName, tenantId, null, Nodes.name(), total, 0, 0, 0, clock.instant(), caller.id(),
                null));
        Properties p = new Properties();
        p.putAll(parameters);
        p.setProperty(RUN, id);
        if (tenantId != null) {
            p.setProperty(TENANT, tenantId);
        }
        long execution = operator().start(jobName, p);
        STARTED_HERE.add(execution);
        runs.executing(id, execution, Nodes.name());
        LOG.info(() -> "Started job " + jobName + " (run " + id + ", execution " + execution + ") for "
                + (tenantId == null ? "every tenant" : "tenant " + tenantId) + ", " + total + " rows");
        return view(runs.find(id).orElseThrow());
    }

    /**
     * The newest jobs the caller may see: every job for a platform admin, the caller's own tenant's jobs for anyone
     * else (jobs over every tenant, such as a key rotation, only platform admins see).
     */
    public List<JobView> list(Caller caller, String page, String size) {
        if (caller.role() == Role.WORKER) {
            throw new ForbiddenActionException("Workers cannot list jobs");
        }
        InvalidInputException.Collector errors = new InvalidInputException.Collector();
        InvalidInputException.Collector.Page paging = errors.page(page, size, 50, 200);
        errors.throwIfAny();
        return runs.newest(caller.isPlatformAdmin() ? null : caller.tenantId(), paging.offset(), paging.size())
                .stream().map(this::view).toList();
    }

    public JobView get(Caller caller, String id) {
        return view(visible(caller, id));
    }

    /**
     * Restarts a failed or stopped job from its last checkpoint, or a job whose node died while it ran (its execution
     * still says STARTED): JBeret's {@code detect} restart mode restarts it when it is not running in this server.
     */
    public JobView restart(Caller caller, String id) {
        JobRun run = visible(caller, id);
        if (caller.role() == Role.WORKER) {
            throw new ForbiddenActionException("Workers cannot restart jobs");
        }
        JobExecution execution = operator().getJobExecution(run.executionId());
        BatchStatus status = execution.getBatchStatus();
        if (status == BatchStatus.COMPLETED || status == BatchStatus.ABANDONED) {
            throw new ConflictException("Job " + id + " is " + status + " and cannot be restarted");
        }
        if (!RESTARTABLE.contains(status) && (isRunningHere(run.executionId())
                || !Nodes.name().equals(run.node()) && heartbeat.isAlive(run.node()))) {
            throw new ConflictException("Job " + id + " is running (" + status + ") on node " + run.node() + "; it"
                    + " can be restarted when it has failed or stopped, or when that node has died (no heartbeat for "
                    + heartbeat.deadAfter().toSeconds() + " s)");
        }
        restartExecution(run);
        return view(runs.find(id).orElseThrow());
    }

    /** Restarts a run's current execution in this server (used by {@link #restart} and after a crash). */
    public void restartExecution(JobRun run) {
        Properties p = operator().getParameters(run.executionId());
        Properties restart = new Properties();
        if (p != null) {
            restart.putAll(p);
        }
        restart.setProperty("jberet.restart.mode", "detect");
        long execution = operator().restart(run.executionId(), restart);
        STARTED_HERE.add(execution);
        runs.executing(run.id(), execution, Nodes.name());
        LOG.info(() -> "Restarted job " + run.jobName() + " (run " + run.id() + ") from execution "
                + run.executionId() + " as execution " + execution);
    }

    /** Whether this server process started the execution and it has not ended. */
    static boolean isRunningHere(long executionId) {
        if (!STARTED_HERE.contains(executionId)) {
            return false;
        }
        BatchStatus status = operator().getJobExecution(executionId).getBatchStatus();
        return status == BatchStatus.STARTING || status == BatchStatus.STARTED || status == BatchStatus.STOPPING;
    }

    private JobRun visible(Caller caller, String id) {
        JobRun run = runs.find(id).filter(r -> caller.isPlatformAdmin()
                        || r.tenantId() != null && caller.mayAccessTenant(r.tenantId()))
                .orElseThrow(() -> NoSuchResourceException.of("Job", id));
        if (run.executionId() == null) {
            throw NoSuchResourceException.of("Job", id);
        }
        return run;
    }

    JobView view(JobRun run) {
        JobExecution execution = run.executionId() == null ? null : operator().getJobExecution(run.executionId());
        String status = execution == null ? "STARTING" : execution.getBatchStatus().name();
        Instant started = execution == null || execution.getStartTime() == null ? null
                : execution.getStartTime().toInstant();
        Instant ended = execution == null || execution.getEndTime() == null ? null : execution.getEndTime().toInstant();
        return new JobView(run.id(), run.jobName(), run.tenantId(), status,
                new JobView.Progress(run.total(), run.done(), run.skipped(), run.failed()), started, ended,
                run.detail());
    }

    static JobOperator operator() {
        return BatchRuntime.getJobOperator();
    }
}
