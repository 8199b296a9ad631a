package io.tokenvault.tokens;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * A fixed crowd of caller threads that start each round at the same instant: every thread waits at a barrier until
 * all of them are there, then they all call at once. The round's results come back in caller order. Nothing here
 * measures time; the generous bound on a round only turns a hang into a failure.
 */
final class Crowd implements AutoCloseable {

    private static final long HANG_GUARD_SECONDS = 120;

    private final int size;
    private final ExecutorService threads;
    private final CyclicBarrier startingLine;

    Crowd(int size) {
        this.size = size;
        this.threads = Executors.newFixedThreadPool(size);
        this.startingLine = new CyclicBarrier(size);
    }

    /** One round: caller {@code i} runs {@code call.apply(i)}, all released together. */
    <T> List<T> call(IntFunction<T> call) {
        List<Future<T>> futures = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            int caller = i;
            futures.add(threads.submit(() -> {
                startingLine.await();
                return call.apply(caller);
            }));
        }
        List<T> results = new ArrayList<>(size);
        for (Future<T> f : futures) {
            try {
                results.add(f.get(HANG_GUARD_SECONDS, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof BrokenBarrierException) {
                    throw new IllegalStateException("a caller never reached the starting line", e);
                }
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } catch (TimeoutException e) {
                throw new IllegalStateException("a caller hung for " + HANG_GUARD_SECONDS + " s", e);
            }
        }
        return results;
    }

    /** A single round with a crowd made for it. */
    static <T> List<T> once(int size, IntFunction<T> call) {
        try (Crowd crowd = new Crowd(size)) {
            return crowd.call(call);
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
