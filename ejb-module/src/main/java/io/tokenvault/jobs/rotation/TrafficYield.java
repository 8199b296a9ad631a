package io.tokenvault.jobs.rotation;

/**
 * How long a rotation writer rests after a chunk so that the token API keeps its latency while the job runs: while the
 * API answers at least {@code busyRequestsPerSecond}, the writer rests {@code yieldPercent} % of the time its last
 * chunk took (200: the job works a third of the time), else not at all. Plus a fixed rest, if any.
 *
 * <p>On a small machine the job and the token API share the cores (and the database's), and a job that takes them
 * all doubles the API's p99 (bench/README.md, finding K11); the rest is what gives them back. A quiet server rotates
 * at full speed. The request rate is read from the token API's own counters between two chunks, so the hot path pays
 * nothing for it.
 */
final class TrafficYield {

    private final long fixedPauseNanos;
    private final int yieldPercent;
    private final double busyRequestsPerSecond;

    private long lastEnd;
    private double lastAnswered;

    TrafficYield(long fixedPauseMillis, int yieldPercent, double busyRequestsPerSecond) {
        this.fixedPauseNanos = fixedPauseMillis * 1_000_000L;
        this.yieldPercent = yieldPercent;
        this.busyRequestsPerSecond = busyRequestsPerSecond;
    }

    /**
     * The rest after a chunk whose writing started at {@code writeStart} and ended at {@code now} (nanosecond ticks),
     * with {@code answered} token API answers counted so far. The chunk is taken to have started when the previous
     * one's rest ended ({@link #rested}), so its reading counts too.
     */
    long pauseNanos(long writeStart, long now, double answered) {
        long pause = fixedPauseNanos;
        if (yieldPercent > 0) {
            long start = lastEnd != 0 ? lastEnd : writeStart; // the first chunk: its writing is all we know
            long chunk = now - start;
            double rate = lastEnd == 0 || chunk <= 0 ? 0 : (answered - lastAnswered) / (chunk / 1e9);
            if (rate >= busyRequestsPerSecond) {
                pause += chunk / 100 * yieldPercent;
            }
        }
        return pause;
    }

    /** The rest is over at {@code now}, with {@code answered} token API answers counted so far. */
    void rested(long now, double answered) {
        lastEnd = now;
        lastAnswered = answered;
    }
}
