package com.carrier.hub.connector.sms;

/**
 * Hands out permission to send one submit_sm so that the account's licensed rate is never exceeded in any one-second
 * window, across every bind (and, with a shared implementation, across every hub instance). Every part of a long
 * message and every resubmission after ESME_RTHROTTLED takes its own permit.
 *
 * <p>The connector's default is {@link SlidingWindowRateLimiter} (one hub instance). A bean of this type replaces it.
 */
public interface SubmitRateLimiter {

    /** Blocks until one submit_sm may be sent now. */
    void acquire() throws InterruptedException;

    /** The licensed rate this limiter enforces, per second; 0 means unlimited. */
    int ratePerSecond();
}
