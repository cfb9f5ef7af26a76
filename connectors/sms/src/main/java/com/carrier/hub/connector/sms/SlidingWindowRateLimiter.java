package com.carrier.hub.connector.sms;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * At most {@code rate} permits in any window of one second (plus a small guard against clock and network jitter).
 *
 * <p>It keeps the grant times of the last {@code rate} permits in a ring: the next permit is granted once the permit
 * {@code rate} grants ago is older than the window. Unlike a token bucket it allows no burst above the rate in any
 * sliding window, which is what an SMSC counting its own one-second windows sees. Fair: waiting senders are served
 * in order.
 */
public class SlidingWindowRateLimiter implements SubmitRateLimiter {

    private final int rate;
    private final long windowNanos;
    private final long[] grants;
    private final ReentrantLock lock = new ReentrantLock(true);
    private int next;

    /**
     * @param rate  permits per window; 0 or less for no limit
     * @param guard added to the one-second window, e.g. 10 ms, so that jitter between grant and arrival at the SMSC
     *              cannot push a window over the rate
     */
    public SlidingWindowRateLimiter(int rate, java.time.Duration guard) {
        this.rate = Math.max(rate, 0);
        this.windowNanos = TimeUnit.SECONDS.toNanos(1) + guard.toNanos();
        this.grants = new long[Math.max(this.rate, 1)];
        long past = System.nanoTime() - 2 * windowNanos;
        java.util.Arrays.fill(grants, past);
    }

    @Override
    public void acquire() throws InterruptedException {
        if (rate == 0) {
            return;
        }
        lock.lockInterruptibly();
        try {
            long oldest = grants[next];
            long now = System.nanoTime();
            long wait = oldest + windowNanos - now;
            while (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
                now = System.nanoTime();
                wait = oldest + windowNanos - now;
            }
            grants[next] = now;
            next = (next + 1) % grants.length;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int ratePerSecond() {
        return rate;
    }
}
