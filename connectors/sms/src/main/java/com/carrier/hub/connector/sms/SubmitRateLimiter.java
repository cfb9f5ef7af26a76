package com.carrier.hub.connector.sms;

/**
 * Hands out permission to send one submit_sm so that the account's licensed rate is never exceeded in any one-second
 * window, across every bind (and, with a shared implementation, across every hub instance). Every part of a long
 * message and every resubmission after ESME_RTHROTTLED takes its own permit.
 *
 * <p>A permit is counted from the moment its submit_sm is written to the socket ({@link #written}), not from the
 * moment it was granted: a sender delayed between the two (scheduling, GC) cannot bunch submits up at the SMSC.
 *
 * <p>The connector's default is {@link SlidingWindowRateLimiter} (one hub instance). A bean of this type replaces it.
 */
public interface SubmitRateLimiter {

    /** Blocks until one submit_sm may be sent now; returns the permit to pass to {@link #written}. */
    long acquire() throws InterruptedException;

    /**
     * The permit's submit_sm has been written (or will not be): its window starts now. Called at least once per
     * permit; calls after the first are ignored.
     */
    void written(long permit);

    /** The licensed rate this limiter enforces, per second; 0 means unlimited. */
    int ratePerSecond();
}
