package io.tokenvault.simulator;

import java.time.Duration;
import java.util.Objects;

/**
 * A failure the simulator plays instead of (or after) serving one token or revocation call of a
 * client; queue them with {@link Behaviour#enqueue(InjectedFailure...)}.
 */
public sealed interface InjectedFailure {

    /** Whether the provider acted on the request (rotated, revoked) before the failure. */
    boolean processed();

    /** HTTP {@code status} (500, 502, 503, ...) without acting on the request. */
    record ServerError(int status) implements InjectedFailure {
        public ServerError {
            if (status < 500 || status > 599) {
                throw new IllegalArgumentException("not a 5xx status: " + status);
            }
        }

        @Override
        public boolean processed() {
            return false;
        }
    }

    /** HTTP 429 with {@code Retry-After} in whole seconds, without acting on the request. */
    record RateLimited(Duration retryAfter) implements InjectedFailure {
        public RateLimited {
            Objects.requireNonNull(retryAfter, "retryAfter");
        }

        @Override
        public boolean processed() {
            return false;
        }
    }

    /**
     * The answer is held until {@link ProviderSimulator#releaseHeldResponses()} or until
     * {@code maxHold} of real time passes, so a client with a shorter read timeout times out.
     * Unprocessed: the request is then answered 504 without acting on it. Processed: the request
     * is served first and its answer held (a lost response: the refresh token may have rotated).
     */
    record Timeout(Duration maxHold, boolean processed) implements InjectedFailure {
        public Timeout {
            Objects.requireNonNull(maxHold, "maxHold");
        }
    }

    /** The connection is closed without any answer, before or after the request was served. */
    record Disconnect(boolean processed) implements InjectedFailure {
    }

    static InjectedFailure serverError(int status) {
        return new ServerError(status);
    }

    static InjectedFailure rateLimited(Duration retryAfter) {
        return new RateLimited(retryAfter);
    }

    static InjectedFailure timeout(Duration maxHold) {
        return new Timeout(maxHold, false);
    }

    static InjectedFailure timeoutAfterProcessing(Duration maxHold) {
        return new Timeout(maxHold, true);
    }

    static InjectedFailure disconnect() {
        return new Disconnect(false);
    }

    static InjectedFailure disconnectAfterProcessing() {
        return new Disconnect(true);
    }
}
