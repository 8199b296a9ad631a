package io.tokenvault.jobs.rotation;

/**
 * How long a rotation writer rests before it writes a chunk, so that the token API keeps its latency while the job
 * runs: while the API answered at least {@code busyRequestsPerSecond} during the writer's last cycle (from the end of
 * its previous rest to now: a commit, a read, a write), the writer rests {@code yieldPercent} % of that cycle (200: the
 * job works a third of the time), else not at all. Plus a fixed rest, if any.
 *
 * <p>On a small machine the job and the token API share the cores (and the database's), and a job that takes them
 * all doubles the API's p99 (bench/README.md, finding K11); the rest is what gives them back. A quiet server rotates
 * at full speed. The request rate is read from the token API's own counters between two chunks, so the hot path pays
 * nothing for it.
 *
 * <p>The rest comes before the chunk's writes, when its transaction holds no lock yet: resting after them would hold
 * the rows it wrote and the run's progress row, which every partition's chunk updates, so the partitions would wait
 * for each other's rests and each would then rest longer still (K11).
 */
final class TrafficYield {

    private final long fixedPauseNanos;
    private final int yieldPercent;
    private final double busyRequestsPerSecond;

    private long resumedAt;
    private double answeredAtResume;

    TrafficYield(long fixedPauseMillis, int yieldPercent, double busyRequestsPerSecond) {
        this.fixedPauseNanos = fixedPauseMillis * 1_000_000L;
        this.yieldPercent = yieldPercent;
        this.busyRequestsPerSecond = busyRequestsPerSecond;
    }

    /** The rest before the next chunk's writes, at tick {@code now}, with {@code answered} token API answers so far. */
    long pauseNanos(long now, double answered) {
        long pause = fixedPauseNanos;
        if (yieldPercent > 0 && resumedAt != 0 && now > resumedAt) {
            long cycle = now - resumedAt;
            double rate = (answered - answeredAtResume) / (cycle / 1e9);
            if (rate >= busyRequestsPerSecond) {
                pause += cycle / 100 * yieldPercent;
            }
        }
        return pause;
    }

    /** The rest ended (or there was none) at tick {@code now}, with {@code answered} token API answers so far. */
    void resumed(long now, double answered) {
        resumedAt = now;
        answeredAtResume = answered;
    }
}
