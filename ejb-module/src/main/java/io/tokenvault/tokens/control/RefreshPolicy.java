package io.tokenvault.tokens.control;

import java.time.Duration;

/**
 * The engine's knobs.
 *
 * @param defaultBuffer     refresh when less than this remains (capped at half the token's lifetime)
 * @param leaseDuration     how long a node may hold the refresh lease before others may take over
 * @param rejectionWindow   a token issued in answer to a rejection and rejected again within this window is a
 *                          permission problem, not an expired token
 * @param transientRetries  retries of a transient provider failure within one request (when no valid token remains)
 * @param retryBase         first backoff (doubles each retry, plus jitter)
 * @param leasePoll         how often a caller waiting for another node's refresh looks again
 * @param maxWait           the longest a caller waits for a refresh (its own or another node's)
 * @param cacheCapacity     connections whose tokens are kept in memory
 */
public record RefreshPolicy(Duration defaultBuffer, Duration leaseDuration, Duration rejectionWindow,
        int transientRetries, Duration retryBase, Duration leasePoll, Duration maxWait, int cacheCapacity) {

    public static RefreshPolicy defaults() {
        return new RefreshPolicy(Duration.ofMinutes(10), Duration.ofSeconds(30), Duration.ofMinutes(2), 2,
                Duration.ofMillis(100), Duration.ofMillis(20), Duration.ofSeconds(45), 200_000);
    }

    public RefreshPolicy withLeaseDuration(Duration lease) {
        return new RefreshPolicy(defaultBuffer, lease, rejectionWindow, transientRetries, retryBase, leasePoll,
                maxWait, cacheCapacity);
    }

    public RefreshPolicy withRetryBase(Duration base) {
        return new RefreshPolicy(defaultBuffer, leaseDuration, rejectionWindow, transientRetries, base, leasePoll,
                maxWait, cacheCapacity);
    }
}
