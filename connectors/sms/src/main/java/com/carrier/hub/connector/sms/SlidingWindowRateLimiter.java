package com.carrier.hub.connector.sms;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * At most {@code rate} submit_sm in any window of one second as the SMSC counts them (plus an optional guard).
 *
 * <p>A permit is <em>active</em> from its grant until one window after its release (submit_sm answered). A permit is
 * granted only while fewer than {@code rate} are active. That is exact at the SMSC whatever the delays on the way:
 * take any one-second window of arrivals and the submit in it granted last; every other submit of the window was
 * granted before it and answered after the window opened (the SMSC answers after it receives), so it was still
 * active at that grant, and there can have been at most {@code rate - 1} of them. Unlike a token bucket it allows no
 * burst above the rate, and a slow answer holds back only its own permit. Fair: waiting senders are served in order.
 *
 * <p>Sharing the licence between two hub instances: give each instance this limiter with its share of the rate
 * ({@code rate / live instances}), the share re-computed from a lease table both instances heartbeat in the database
 * (see the connector's report); or replace the bean with a limiter that takes permits in blocks from a database row.
 */
public class SlidingWindowRateLimiter implements SubmitRateLimiter {

    private volatile int rate;
    private final long windowNanos;
    private final ArrayDeque<Long> released = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock(true);
    private final Condition releasedOne = lock.newCondition();
    private int pending;

    /**
     * @param rate  permits per window; 0 or less for no limit
     * @param guard added to the one-second window; zero is exact (see the class comment), a few milliseconds allow
     *              for an SMSC whose clock or counting differs
     */
    public SlidingWindowRateLimiter(int rate, Duration guard) {
        this.rate = Math.max(rate, 0);
        this.windowNanos = TimeUnit.SECONDS.toNanos(1) + guard.toNanos();
    }

    @Override
    public long acquire() throws InterruptedException {
        if (rate == 0) {
            return -1;
        }
        // rate is re-read on every turn: setRate may change it while senders wait.
        lock.lockInterruptibly();
        try {
            while (true) {
                long now = System.nanoTime();
                while (!released.isEmpty() && now - released.peekFirst() >= windowNanos) {
                    released.pollFirst();
                }
                if (pending + released.size() < rate) {
                    pending++;
                    return 1;
                }
                long wait = released.isEmpty() ? TimeUnit.MILLISECONDS.toNanos(50)
                        : released.peekFirst() + windowNanos - now;
                releasedOne.awaitNanos(Math.max(wait, 1000));
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void release(long permit) {
        if (permit < 0) {
            return;
        }
        lock.lock();
        try {
            pending--;
            released.addLast(System.nanoTime());
            releasedOne.signal();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int ratePerSecond() {
        return rate;
    }

    /**
     * Changes the rate (e.g. this instance's share of a licence shared with another hub instance). A lower rate holds
     * new grants until the active permits have drained below it, so the old and the new rate never overlap.
     *
     * @param perSecond the new rate, at least 1 (a limiter built unlimited stays unlimited)
     */
    public void setRate(int perSecond) {
        if (rate == 0 || perSecond < 1) {
            throw new IllegalArgumentException("rate must stay limited and at least 1, got " + perSecond);
        }
        lock.lock();
        try {
            rate = perSecond;
            releasedOne.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
