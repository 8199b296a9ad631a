package io.tokenvault.simulator;

import java.time.Duration;
import java.util.Objects;

/**
 * Random failures for soak tests and benchmarks, drawn from a {@link java.util.Random} seeded
 * with {@code seed} (deterministic for a sequential caller).
 *
 * @param serverErrorRatio share of calls answered 500, 502 or 503 (drawn from the same random)
 * @param timeoutRatio     share of calls held unprocessed for {@code timeoutHold}, then answered 504
 * @param timeoutHold      how long a random timeout holds its answer (real time)
 * @param seed             seed of the random
 */
public record RandomFailures(double serverErrorRatio, double timeoutRatio, Duration timeoutHold, long seed) {

    public RandomFailures {
        if (serverErrorRatio < 0 || timeoutRatio < 0 || serverErrorRatio + timeoutRatio > 1) {
            throw new IllegalArgumentException("ratios must be >= 0 and add up to at most 1");
        }
        Objects.requireNonNull(timeoutHold, "timeoutHold");
    }
}
