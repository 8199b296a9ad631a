package io.tokenvault.simulator;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** Where held answers wait: until a test releases them or their bounded hold runs out. */
final class HoldGate {

    private final AtomicReference<CountDownLatch> latch = new AtomicReference<>(new CountDownLatch(1));
    private volatile boolean open;
    private int held;

    /** Waits at most {@code max} of real time; returns early when released or when the gate opened for good. */
    void hold(Duration max) {
        if (open) {
            return;
        }
        CountDownLatch current = latch.get();
        synchronized (this) {
            held++;
            notifyAll();
        }
        try {
            current.await(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (this) {
                held--;
            }
        }
    }

    synchronized int held() {
        return held;
    }

    /** Waits (at most {@code max}) until at least {@code count} answers are being held. */
    synchronized boolean awaitHeld(int count, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (held < count) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, remaining);
        }
        return true;
    }

    /** Releases every answer held so far; later holds wait again. */
    void releaseAll() {
        latch.getAndSet(new CountDownLatch(1)).countDown();
    }

    /** Releases everything now and lets future holds pass at once (shutdown). */
    void openForGood() {
        open = true;
        releaseAll();
    }
}
