package io.tokenvault.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that tests move by hand, shared between the simulator and the code under test so
 * that "seven days later" takes no time.
 *
 * <p>A {@linkplain #fixedAt(Instant) fixed} clock stands still until {@link #advance(Duration)} or
 * {@link #set(Instant)} moves it: use it in unit tests. A {@linkplain #ticking() ticking} clock
 * follows the system clock plus an offset that {@code advance} and {@code set} change: use it when
 * the simulator serves a server in another JVM that reads its own system clock. Thread-safe.
 */
public final class SimulatorClock extends Clock {

    private final Clock base;
    private final AtomicReference<Duration> offset;
    private final ZoneId zone;

    private SimulatorClock(Clock base, AtomicReference<Duration> offset, ZoneId zone) {
        this.base = base;
        this.offset = offset;
        this.zone = zone;
    }

    /** A clock standing still at {@code start} until moved. */
    public static SimulatorClock fixedAt(Instant start) {
        return new SimulatorClock(Clock.fixed(Objects.requireNonNull(start, "start"), ZoneOffset.UTC),
                new AtomicReference<>(Duration.ZERO), ZoneOffset.UTC);
    }

    /** A clock standing still at the current second of the system clock until moved. */
    public static SimulatorClock fixedAtNow() {
        return fixedAt(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    /** A clock that follows the system clock, shifted by whatever {@code advance}/{@code set} add. */
    public static SimulatorClock ticking() {
        return new SimulatorClock(Clock.systemUTC(), new AtomicReference<>(Duration.ZERO), ZoneOffset.UTC);
    }

    /** Moves the clock forward (or back, with a negative duration). */
    public SimulatorClock advance(Duration amount) {
        Objects.requireNonNull(amount, "amount");
        offset.accumulateAndGet(amount, Duration::plus);
        return this;
    }

    /** Jumps the clock to {@code now}; a ticking clock keeps ticking from there. */
    public SimulatorClock set(Instant now) {
        Objects.requireNonNull(now, "now");
        offset.set(Duration.between(base.instant(), now));
        return this;
    }

    @Override
    public Instant instant() {
        return base.instant().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** A view in another zone that shares this clock's time and moves with it. */
    @Override
    public Clock withZone(ZoneId newZone) {
        return newZone.equals(zone) ? this : new SimulatorClock(base, offset, newZone);
    }

    @Override
    public String toString() {
        return "SimulatorClock[" + instant() + "]";
    }
}
