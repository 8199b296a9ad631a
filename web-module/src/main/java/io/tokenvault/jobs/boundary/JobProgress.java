package io.tokenvault.jobs.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.Set;

/** How pages show a job's progress: whether it still runs, and how far it got. */
@Named
@ApplicationScoped
public class JobProgress {

    private static final Set<String> RUNNING = Set.of("STARTING", "STARTED", "STOPPING");

    public static boolean isRunning(String status) {
        return RUNNING.contains(status);
    }

    public boolean running(JobView job) {
        return job != null && isRunning(job.status());
    }

    /** Rows handled (done, skipped or failed) out of the total; a finished job with nothing to do is at 100. */
    public static long percent(JobView job) {
        JobView.Progress p = job.progress();
        long handled = p.done() + p.skipped() + p.failed();
        if (p.total() <= 0) {
            return "COMPLETED".equals(job.status()) ? 100 : 0;
        }
        return Math.min(100, handled * 100 / p.total());
    }

    public long percentOf(JobView job) {
        return percent(job);
    }

    public long handled(JobView job) {
        JobView.Progress p = job.progress();
        return p.done() + p.skipped() + p.failed();
    }
}
