package com.carrier.hub.runtime.sms;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import com.carrier.hub.connector.sms.SubmitRateLimiter;

/**
 * The SMS account's licensed rate shared by every hub instance on the same database: each live instance (fresh
 * heartbeat in {@code hub_instance}) sends at most {@code licensed / live instances} submit_sm in any sliding window
 * of one second (plus a guard), so together they never exceed the licence.
 *
 * <p>Changes of membership stay safe: the share is re-read every {@code refresh}; a starting instance sends nothing
 * for two refresh periods, so the others have already shrunk their shares when it begins; an instance that died is
 * counted until its lease runs out, so the survivors grow their shares late, never early. Permits count from the
 * moment their submit_sm is answered, as the connector's own limiter does.
 */
public class SharedLicenceRateLimiter implements SubmitRateLimiter {

    private final int licensed;
    private final long windowNanos;
    private final long startAfterNanos;
    private final IntSupplier liveInstances;
    private final ArrayDeque<Long> writes = new ArrayDeque<>();
    private final Set<Long> outstanding = new HashSet<>();
    private long nextPermit;
    private volatile int share;

    /**
     * @param licensed      the account's licensed submit_sm per second; 0 for no limit
     * @param guard         added to the one-second window against jitter on the way to the SMSC
     * @param refresh       how often the caller calls {@link #refresh()}
     * @param liveInstances how many hub instances are live now (this one included)
     */
    public SharedLicenceRateLimiter(int licensed, Duration guard, Duration refresh, IntSupplier liveInstances) {
        this.licensed = Math.max(0, licensed);
        this.windowNanos = TimeUnit.SECONDS.toNanos(1) + guard.toNanos();
        this.startAfterNanos = System.nanoTime() + 2 * refresh.toNanos();
        this.liveInstances = liveInstances;
        this.share = 1;
        refresh();
    }

    /** Re-reads the number of live instances and recomputes this instance's share. Never throws. */
    public void refresh() {
        try {
            int n = Math.max(1, liveInstances.getAsInt());
            synchronized (this) {
                share = Math.max(1, licensed / n);
                notifyAll();
            }
        } catch (RuntimeException e) {
            // database unreachable: keep the last share
        }
    }

    /** This instance's current share of the licence, per second. */
    public int share() {
        return share;
    }

    @Override
    public synchronized long acquire() throws InterruptedException {
        if (licensed == 0) {
            return -1;
        }
        while (true) {
            long now = System.nanoTime();
            while (!writes.isEmpty() && now - writes.peekFirst() >= windowNanos) {
                writes.pollFirst();
            }
            if (now >= startAfterNanos && writes.size() + outstanding.size() < share) {
                long permit = nextPermit++;
                outstanding.add(permit);
                return permit;
            }
            long waitNanos = now < startAfterNanos ? startAfterNanos - now
                    : writes.isEmpty() ? TimeUnit.MILLISECONDS.toNanos(1) : writes.peekFirst() + windowNanos - now;
            TimeUnit.NANOSECONDS.timedWait(this, Math.max(waitNanos, TimeUnit.MICROSECONDS.toNanos(200)));
        }
    }

    /** The permit's submit_sm was answered (or will not be): its window starts now, as the SMSC has it by then. */
    public synchronized void release(long permit) {
        if (permit >= 0 && outstanding.remove(permit)) {
            writes.addLast(System.nanoTime());
            notifyAll();
        }
    }

    /** Older name of {@link #release} in the connector's interface. */
    public void written(long permit) {
        release(permit);
    }

    @Override
    public int ratePerSecond() {
        return licensed;
    }
}
