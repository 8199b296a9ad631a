package io.tokenvault.jobs.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TrafficYieldTest {

    private static final long MS = 1_000_000L;

    @Test
    void restsTwiceTheLastCycleWhileTheTokenApiIsBusyAndNotAtAllWhenItIsQuiet() {
        TrafficYield yield = new TrafficYield(0, 200, 100);
        // the first chunk: no cycle known yet
        assertThat(yield.pauseNanos(5 * MS, 0)).isZero();
        yield.resumed(5 * MS, 0);
        // a 20 ms cycle with 10 answers: 500/s, busy -> rest 40 ms
        assertThat(yield.pauseNanos(25 * MS, 10)).isEqualTo(40 * MS);
        yield.resumed(65 * MS, 30);
        // the rest is not part of the next cycle: 20 ms with 1 answer, 50/s, quiet -> no rest
        assertThat(yield.pauseNanos(85 * MS, 31)).isZero();
        yield.resumed(85 * MS, 31);
        // exactly at the threshold counts as busy: 2 answers in 20 ms = 100/s
        assertThat(yield.pauseNanos(105 * MS, 33)).isEqualTo(40 * MS);
    }

    @Test
    void aFixedPauseAlwaysAppliesAndZeroPercentNeverYields() {
        TrafficYield fixed = new TrafficYield(5, 0, 100);
        assertThat(fixed.pauseNanos(1 * MS, 0)).isEqualTo(5 * MS);
        fixed.resumed(6 * MS, 0);
        assertThat(fixed.pauseNanos(26 * MS, 1_000)).isEqualTo(5 * MS);
    }
}
