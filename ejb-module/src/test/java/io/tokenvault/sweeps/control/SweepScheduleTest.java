package io.tokenvault.sweeps.control;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ejb.ScheduleExpression;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SweepScheduleTest {

    static final ScheduleExpression SIX_HOURLY = new ScheduleExpression().hour("*/6").minute(41);

    @Test
    void theCalendarPeriodGovernsUnlessAPeriodIsConfigured() {
        SweepSchedule calendar = SweepSchedule.of(0, SIX_HOURLY, Duration.ofHours(6));
        SweepSchedule configured = SweepSchedule.of(2, SIX_HOURLY, Duration.ofHours(6));

        assertThat(calendar.minInterval()).isEqualTo(Duration.ofMinutes(288));
        assertThat(configured.minInterval()).isEqualTo(Duration.ofMillis(1600));
    }

    @Test
    void aLeaseIsTenPeriodsBetweenThirtySecondsAndAnHour() {
        assertThat(SweepSchedule.of(2, SIX_HOURLY, Duration.ofHours(6)).lease()).isEqualTo(Duration.ofSeconds(30));
        assertThat(SweepSchedule.of(60, SIX_HOURLY, Duration.ofHours(6)).lease()).isEqualTo(Duration.ofMinutes(10));
        assertThat(SweepSchedule.of(0, SIX_HOURLY, Duration.ofHours(6)).lease()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aNegativePeriodMeansTheCalendar() {
        assertThat(SweepSchedule.of(-5, SIX_HOURLY, Duration.ofHours(1)).period()).isZero();
    }

    @Test
    void aPurelyPeriodicSweepRunsAtLeastEverySecond() {
        assertThat(SweepSchedule.every(Duration.ofSeconds(30)).minInterval()).isEqualTo(Duration.ofSeconds(24));
        assertThat(SweepSchedule.every(Duration.ofSeconds(30)).lease()).isEqualTo(Duration.ofMinutes(5));
        assertThat(SweepSchedule.every(Duration.ZERO).period()).isEqualTo(Duration.ofSeconds(1));
    }
}
