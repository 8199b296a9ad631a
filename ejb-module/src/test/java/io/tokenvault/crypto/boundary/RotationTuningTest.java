package io.tokenvault.crypto.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tokenvault.platform.boundary.InvalidInputException;
import org.junit.jupiter.api.Test;

/** The rotation's tuning: what it hands the job, and one refusal that names every value out of its range. */
class RotationTuningTest {

    @Test
    void theDefaultsHandTheJobNothing() {
        assertThat(RotationTuning.DEFAULTS.jobParameters()).isEmpty();
    }

    @Test
    void valuesInRangeBecomeJobParameters() {
        assertThat(new RotationTuning(10, 16, 1, 60_000, 0, 1_000_000).jobParameters())
                .containsEntry("chunkSize", "10").containsEntry("threads", "16").containsEntry("connectionRanges", "1")
                .containsEntry("chunkPauseMillis", "60000").containsEntry("busyYieldPercent", "0")
                .containsEntry("busyRequestsPerSecond", "1000000").hasSize(6);
    }

    @Test
    void everyValueOutOfRangeIsNamedInOneRefusal() {
        InvalidInputException refused = catchThrowableOfType(
                () -> new RotationTuning(9, 17, 0, -1, 1_001, 0).jobParameters(), InvalidInputException.class);
        assertThat(refused.errors()).extracting(InvalidInputException.FieldError::field).containsExactly("chunkSize",
                "threads", "connectionRanges", "chunkPauseMillis", "busyYieldPercent", "busyRequestsPerSecond");
        assertThat(refused.errors().get(0).message()).isEqualTo("must be between 10 and 10000");
    }
}
