package io.tokenvault.jobs.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TrafficYieldTest {

    private static final long MS = 1_000_000L;

    @Test
    void restsTwiceTheChunksTimeWhileTheTokenApiIsBusyAndNotAtAllWhenItIsQuiet() {
        TrafficYield yield = new TrafficYield(0, 200, 100);
        // first chunk: no rate known yet
        assertThat(yield.pauseNanos(0 * MS + 1, 20 * MS, 0)).isZero();
        yield.rested(20 * MS, 0);
        // 20 ms chunk, 10 answers meanwhile: 500/s, busy -> rest 40 ms
        assertThat(yield.pauseNanos(25 * MS, 40 * MS, 10)).isEqualTo(40 * MS);
        yield.rested(80 * MS, 12);
        // 20 ms chunk, 1 answer: 50/s, quiet -> no rest
        assertThat(yield.pauseNanos(85 * MS, 100 * MS, 13)).isZero();
        yield.rested(100 * MS, 13);
        // exactly at the threshold counts as busy: 2 answers in 20 ms = 100/s
        assertThat(yield.pauseNanos(105 * MS, 120 * MS, 15)).isEqualTo(40 * MS);
    }

    @Test
    void aFixedPauseAlwaysAppliesAndZeroPercentNeverYields() {
        TrafficYield fixed = new TrafficYield(5, 0, 100);
        assertThat(fixed.pauseNanos(1, 20 * MS, 0)).isEqualTo(5 * MS);
        fixed.rested(25 * MS, 0);
        assertThat(fixed.pauseNanos(30 * MS, 45 * MS, 1_000)).isEqualTo(5 * MS);
    }
}
