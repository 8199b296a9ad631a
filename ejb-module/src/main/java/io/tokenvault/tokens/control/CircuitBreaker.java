package io.tokenvault.tokens.control;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One breaker per provider token endpoint: after {@code threshold} consecutive transient failures it opens for
 * {@code openFor}, and calls fail fast (the engine serves the still-valid token or answers 503 with Retry-After)
 * instead of piling threads up on a provider that is down. After the pause one probe is let through (and another
 * after a further pause if the first never reached the provider).
 */
public final class CircuitBreaker {

    /** {@code probeSince}: when the one probe was let through, null while none is out. */
    private record State(int failures, Instant openUntil, Instant probeSince) {
    }

    private final Clock clock;
    private final int threshold;
    private final Duration openFor;
    private final Map<String, State> states = new ConcurrentHashMap<>();

    public CircuitBreaker(Clock clock, int threshold, Duration openFor) {
        this.clock = clock;
        this.threshold = threshold;
        this.openFor = openFor;
    }

    /** Empty if a call may go out now; otherwise how long until it may. */
    public Optional<Duration> refusal(String endpoint) {
        Instant now = clock.instant();
        State[] decided = new State[1];
        states.compute(endpoint, (k, s) -> {
            if (s == null || s.openUntil() == null) {
                decided[0] = null;
                return s;
            }
            // a probe without a verdict after a whole pause never reached the provider (its caller found the token
            // refreshed by another node, or failed before the call): let another one through
            if (now.isBefore(s.openUntil()) || s.probeSince() != null && now.isBefore(s.probeSince().plus(openFor))) {
                decided[0] = s;
                return s;
            }
            decided[0] = null;
            return new State(s.failures(), s.openUntil(), now); // let one probe through
        });
        if (decided[0] == null) {
            return Optional.empty();
        }
        Instant until = decided[0].probeSince() == null ? decided[0].openUntil()
                : decided[0].probeSince().plus(openFor);
        Duration wait = Duration.between(now, until);
        return Optional.of(wait.isNegative() || wait.isZero() ? Duration.ofSeconds(1) : wait);
    }

    public void success(String endpoint) {
        states.remove(endpoint);
    }

    public void failure(String endpoint) {
        Instant now = clock.instant();
        states.compute(endpoint, (k, s) -> {
            int failures = (s == null ? 0 : s.failures()) + 1;
            boolean open = failures >= threshold || (s != null && s.probeSince() != null);
            return new State(failures, open ? now.plus(openFor) : null, null);
        });
    }

    public boolean isOpen(String endpoint) {
        State s = states.get(endpoint);
        return s != null && s.openUntil() != null && clock.instant().isBefore(s.openUntil());
    }

    /** The endpoints whose circuit is open now (calls refused), for health reporting. */
    public java.util.List<String> openEndpoints() {
        return states.keySet().stream().filter(this::isOpen).sorted().toList();
    }
}
