package io.tokenvault.users.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing down: after {@value #DEFAULT_FREE_ATTEMPTS} failed logins for one user name (known or not,
 * so that throttling does not reveal which names exist), each further attempt must wait, twice as long as the last
 * time, up to {@link #MAX_DELAY}; a successful login forgets the failures, and failures older than {@link #WINDOW}
 * are forgotten too. Attempts during the wait are refused without checking the password at all.
 *
 * <p>The count is kept in memory per server: with several nodes an attacker gets the free attempts once per node,
 * which still bounds guessing to a handful of passwords per hour.
 */
@ApplicationScoped
public class LoginThrottle {

    static final int DEFAULT_FREE_ATTEMPTS = 5;
    static final Duration FIRST_DELAY = Duration.ofSeconds(30);
    static final Duration MAX_DELAY = Duration.ofMinutes(15);
    static final Duration WINDOW = Duration.ofHours(1);
    private static final int MAX_TRACKED = 100_000;

    private record Failures(int count, Instant last, Instant blockedUntil) {
    }

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final Clock clock;
    private final int freeAttempts;

    public LoginThrottle() {
        this(Clock.systemUTC(), DEFAULT_FREE_ATTEMPTS);
    }

    LoginThrottle(Clock clock, int freeAttempts) {
        this.clock = clock;
        this.freeAttempts = freeAttempts;
    }

    /** How long the user name must still wait before its next attempt, if it must. */
    public Optional<Duration> waitFor(String username) {
        Failures f = failures.get(key(username));
        Instant now = clock.instant();
        if (f == null || f.blockedUntil() == null || !f.blockedUntil().isAfter(now)) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, f.blockedUntil()));
    }

    public void failed(String username) {
        Instant now = clock.instant();
        if (failures.size() > MAX_TRACKED) {
            failures.values().removeIf(f -> f.last().plus(WINDOW).isBefore(now));
        }
        failures.compute(key(username), (k, before) -> {
            int count = before == null || before.last().plus(WINDOW).isBefore(now) ? 1 : before.count() + 1;
            Instant blocked = null;
            if (count >= freeAttempts) {
                long factor = 1L << Math.min(20, count - freeAttempts);
                Duration delay = FIRST_DELAY.multipliedBy(factor);
                blocked = now.plus(delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay);
            }
            return new Failures(count, now, blocked);
        });
    }

    public void succeeded(String username) {
        failures.remove(key(username));
    }

    private static String key(String username) {
        return username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
    }
}
