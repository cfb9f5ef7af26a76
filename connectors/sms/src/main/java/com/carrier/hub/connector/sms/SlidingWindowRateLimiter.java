package com.carrier.hub.connector.sms;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.ReentrantLock;

/**
 * At most {@code rate} submit_sm written in any window of one second (plus a small guard against jitter on the way
 * to the SMSC).
 *
 * <p>It keeps the write times of the last {@code rate} permits in a ring: permit {@code n} is granted once permit
 * {@code n - rate} was written more than a window ago. A permit granted but not yet written blocks its slot, so
 * written submits can never bunch up. Unlike a token bucket this allows no burst above the rate in any sliding window,
 * which is what an SMSC counting its own one-second windows sees. Fair: waiting senders are served in order.
 *
 * <p>Sharing the licence between two hub instances: give each instance this limiter with its share of the rate
 * ({@code rate / live instances}), the share re-computed from a lease table both instances heartbeat in the database
 * (see the connector's report); or replace the bean with a limiter that takes permits in blocks from a database row.
 */
public class SlidingWindowRateLimiter implements SubmitRateLimiter {

    private static final long PENDING = Long.MAX_VALUE;

    private final int rate;
    private final long windowNanos;
    private final AtomicLongArray written;
    private final ReentrantLock lock = new ReentrantLock(true);
    private long next;

    /**
     * @param rate  permits per window; 0 or less for no limit
     * @param guard added to the one-second window, e.g. 10 ms, so that jitter between the write and the SMSC's own
     *              clock cannot push its window over the rate
     */
    public SlidingWindowRateLimiter(int rate, Duration guard) {
        this.rate = Math.max(rate, 0);
        this.windowNanos = TimeUnit.SECONDS.toNanos(1) + guard.toNanos();
        this.written = new AtomicLongArray(Math.max(this.rate, 1));
        long past = System.nanoTime() - 2 * windowNanos;
        for (int i = 0; i < written.length(); i++) {
            written.set(i, past);
        }
    }

    @Override
    public long acquire() throws InterruptedException {
        if (rate == 0) {
            return -1;
        }
        lock.lockInterruptibly();
        try {
            long permit = next;
            int slot = (int) (permit % rate);
            while (true) {
                long previous = written.get(slot);
                long now = System.nanoTime();
                if (previous != PENDING && now - previous >= windowNanos) {
                    break;
                }
                long wait = previous == PENDING ? TimeUnit.MICROSECONDS.toNanos(200) : previous + windowNanos - now;
                TimeUnit.NANOSECONDS.sleep(Math.max(wait, 1000));
            }
            written.set(slot, PENDING);
            next = permit + 1;
            return permit;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void written(long permit) {
        if (permit < 0) {
            return;
        }
        written.compareAndSet((int) (permit % rate), PENDING, System.nanoTime());
    }

    @Override
    public int ratePerSecond() {
        return rate;
    }
}
