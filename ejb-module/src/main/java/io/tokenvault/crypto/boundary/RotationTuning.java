package io.tokenvault.crypto.boundary;

import io.tokenvault.platform.boundary.InvalidInputException;
import java.util.Properties;

/**
 * Optional tuning of the {@code rotate-encryption-key} job (for operators and benchmarks); null leaves the job's
 * default: {@code chunkSize} rows per chunk and checkpoint (500), {@code threads} partitions at once (2),
 * {@code connectionRanges} partitions of the connection table (4; one on H2), {@code chunkPauseMillis} a rest before
 * each chunk's writes to spare a busy database (0), {@code busyYieldPercent} how much of each chunk's time the job
 * rests while the token API answers at least {@code busyRequestsPerSecond} (200 and 100; 0 never yields).
 */
public record RotationTuning(Integer chunkSize, Integer threads, Integer connectionRanges, Integer chunkPauseMillis,
        Integer busyYieldPercent, Integer busyRequestsPerSecond) {

    /** The job's defaults throughout. */
    public static final RotationTuning DEFAULTS = new RotationTuning(null, null, null, null, null, null);

    /** The values given, as job parameters; every value out of its range is named in one {@code 400}. */
    Properties jobParameters() {
        InvalidInputException.Collector errors = new InvalidInputException.Collector();
        Properties parameters = new Properties();
        put(parameters, errors, "chunkSize", chunkSize, 10, 10_000);
        put(parameters, errors, "threads", threads, 1, 16);
        put(parameters, errors, "connectionRanges", connectionRanges, 1, 16);
        put(parameters, errors, "chunkPauseMillis", chunkPauseMillis, 0, 60_000);
        put(parameters, errors, "busyYieldPercent", busyYieldPercent, 0, 1_000);
        put(parameters, errors, "busyRequestsPerSecond", busyRequestsPerSecond, 1, 1_000_000);
        errors.throwIfAny();
        return parameters;
    }

    private static void put(Properties parameters, InvalidInputException.Collector errors, String name, Integer value,
            int min, int max) {
        if (value == null) {
            return;
        }
        if (value < min || value > max) {
            errors.add(name, "must be between " + min + " and " + max);
        } else {
            parameters.setProperty(name, value.toString());
        }
    }
}
