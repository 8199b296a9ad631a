package io.tokenvault.tokens.control;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * At most one computation per key at a time in this JVM: the first caller (the leader) computes, everyone who asks
 * while it runs waits for the leader's result (or failure) instead of computing again.
 */
public final class SingleFlight<K, V> {

    private final Map<K, CompletableFuture<V>> inFlight = new ConcurrentHashMap<>();

    /** Thrown to followers that waited longer than they were willing to. */
    public static final class WaitTimeout extends RuntimeException {
        WaitTimeout() {
            super("Gave up waiting for the refresh in progress");
        }
    }

    public V run(K key, Supplier<V> computation, long maxWaitMillis) {
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> running = inFlight.putIfAbsent(key, mine);
        while (running != null && running.isDone()) {
            // finished, its leader just has not removed it yet: a caller arriving now was not waiting for that result
            inFlight.remove(key, running);
            running = inFlight.putIfAbsent(key, mine);
        }
        if (running != null) {
            return await(running, maxWaitMillis);
        }
        try {
            V value = computation.get();
            mine.complete(value);
            return value;
        } catch (RuntimeException | Error failure) {
            mine.completeExceptionally(failure);
            throw failure;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    /** How many computations are running (for tests and metrics). */
    public int inFlight() {
        return inFlight.size();
    }

    private static <V> V await(CompletableFuture<V> running, long maxWaitMillis) {
        try {
            return running.get(maxWaitMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        } catch (TimeoutException e) {
            throw new WaitTimeout();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WaitTimeout();
        }
    }
}
