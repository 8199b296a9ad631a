package io.tokenvault.sweeps.control;

import jakarta.ejb.ScheduleExpression;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import java.time.Duration;
import java.util.Objects;

/**
 * When a sweep's timer fires on each node. By default at fixed times (every node's timer fires at the same minute and
 * the sweep's lease lets one of them run it); with a period configured, every that many seconds from the node's
 * start. Either way {@link #minInterval()} keeps a second node from running the sweep again in the same period.
 *
 * @param period the configured period, or zero for the calendar
 * @param calendar the default times
 * @param calendarPeriod how far apart the default times are
 */
public record SweepSchedule(Duration period, ScheduleExpression calendar, Duration calendarPeriod) {

    public SweepSchedule {
        Objects.requireNonNull(period);
        Objects.requireNonNull(calendar);
        Objects.requireNonNull(calendarPeriod);
    }

    public static SweepSchedule of(long periodSeconds, ScheduleExpression calendar, Duration calendarPeriod) {
        return new SweepSchedule(Duration.ofSeconds(Math.max(0, periodSeconds)), calendar, calendarPeriod);
    }

    /** Every {@code period} from the node's start, with no calendar (a sweep that is only ever periodic). */
    public static SweepSchedule every(Duration period) {
        Duration atLeastASecond = period.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : period;
        return new SweepSchedule(atLeastASecond, new ScheduleExpression(), atLeastASecond);
    }

    /** Creates this node's (non-persistent) timer: the lease, not the timer, makes the sweep cluster-wide. */
    public void start(TimerService timers, String info) {
        TimerConfig config = new TimerConfig(info, false);
        if (period.isZero()) {
            timers.createCalendarTimer(calendar, config);
        } else {
            timers.createIntervalTimer(period.toMillis(), period.toMillis(), config);
        }
    }

    /**
     * How long after a run no node may start the next one: four fifths of the period, so that timers of different
     * nodes that fire a little apart in the same period do not both run it, while the next period's run is never
     * held back.
     */
    /**
     * How long a node may hold the sweep before the others take it for dead: ten periods, at least 30 seconds and at
     * most an hour.
     */
    public Duration lease() {
        Duration tenPeriods = (period.isZero() ? calendarPeriod : period).multipliedBy(10);
        Duration atLeast = tenPeriods.compareTo(Duration.ofSeconds(30)) < 0 ? Duration.ofSeconds(30) : tenPeriods;
        return atLeast.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : atLeast;
    }

    public Duration minInterval() {
        Duration effective = period.isZero() ? calendarPeriod : period;
        return effective.multipliedBy(4).dividedBy(5);
    }
}
