package com.carrier.hub.runtime.sms;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import com.carrier.hub.connector.sms.SlidingWindowRateLimiter;
import com.carrier.hub.connector.sms.SubmitRateLimiter;

/**
 * The SMS account's licensed rate shared by every hub instance on the same database: each live instance (fresh
 * heartbeat in {@code hub_instance}) runs the connector's exact {@link SlidingWindowRateLimiter} at
 * {@code licensed / live instances}, so together they never exceed the licence.
 *
 * <p>Changes of membership stay safe: the share is re-read every {@code refresh} (a lower share drains before it
 * grants again); a starting instance sends nothing for two refresh periods, so the others have already shrunk their
 * shares when it begins; an instance that died is counted until its lease runs out, so the survivors grow their
 * shares late, never early.
 */
public class SharedLicenceRateLimiter implements SubmitRateLimiter {

    private final int licensed;
    private final long startAfterNanos;
    private final IntSupplier liveInstances;
    private final SlidingWindowRateLimiter local;

    /**
     * @param licensed      the account's licensed submit_sm per second; 0 for no limit
     * @param guard         added to the one-second window (see {@link SlidingWindowRateLimiter})
     * @param refresh       how often the caller calls {@link #refresh()}
     * @param liveInstances how many hub instances are live now (this one included)
     */
    public SharedLicenceRateLimiter(int licensed, Duration guard, Duration refresh, IntSupplier liveInstances) {
        this.licensed = Math.max(0, licensed);
        this.startAfterNanos = System.nanoTime() + 2 * refresh.toNanos();
        this.liveInstances = liveInstances;
        this.local = new SlidingWindowRateLimiter(this.licensed == 0 ? 0 : 1, guard);
        refresh();
    }

    /** Re-reads the number of live instances and sets this instance's share. Never throws. */
    public void refresh() {
        if (licensed == 0) {
            return;
        }
        try {
            local.setRate(Math.max(1, licensed / Math.max(1, liveInstances.getAsInt())));
        } catch (RuntimeException e) {
            // database unreachable: keep the last share
        }
    }

    /** This instance's current share of the licence, per second. */
    public int share() {
        return local.ratePerSecond();
    }

    @Override
    public long acquire() throws InterruptedException {
        long wait = startAfterNanos - System.nanoTime();
        if (licensed > 0 && wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
        return local.acquire();
    }

    @Override
    public void release(long permit) {
        local.release(permit);
    }

    @Override
    public int ratePerSecond() {
        return licensed;
    }
}
