package com.carrier.hub.http;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** How a push to an HTTP peer is retried: exponential back-off on 5xx and timeouts, Retry-After honoured on 429. */
public class RetryPolicy {

    /** Attempts per request on 5xx answers, timeouts and connection failures, the first included. */
    @Min(1)
    private int maxAttempts = 5;

    /** Wait before the second attempt; doubled for each further attempt up to {@code max-backoff}. */
    @NotNull
    private Duration initialBackoff = Duration.ofMillis(500);

    /** Longest wait between two attempts after a 5xx or a timeout. */
    @NotNull
    private Duration maxBackoff = Duration.ofSeconds(30);

    /** How many 429 answers one request may get before it gives up (each waits the peer's Retry-After). */
    @Min(0)
    private int maxThrottledRetries = 20;

    /** Longest Retry-After the hub honours; a peer asking for more is waited for this long. */
    @NotNull
    private Duration maxRetryAfter = Duration.ofSeconds(60);

    /** Wait after a 429 without a (valid) Retry-After header. */
    @NotNull
    private Duration defaultRetryAfter = Duration.ofSeconds(1);

    public Duration backoff(int failedAttempts) {
        long millis = initialBackoff.toMillis() << Math.min(failedAttempts - 1, 20);
        return Duration.ofMillis(Math.min(Math.max(millis, 0), maxBackoff.toMillis()));
    }

    public int getMaxAttempts() {
        return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public Duration getInitialBackoff() {
        return initialBackoff;
    }

    public void setInitialBackoff(Duration initialBackoff) {
        this.initialBackoff = initialBackoff;
    }

    public Duration getMaxBackoff() {
        return maxBackoff;
    }

    public void setMaxBackoff(Duration maxBackoff) {
        this.maxBackoff = maxBackoff;
    }

    public int getMaxThrottledRetries() {
        return maxThrottledRetries;
    }

    public void setMaxThrottledRetries(int maxThrottledRetries) {
        this.maxThrottledRetries = maxThrottledRetries;
    }

    public Duration getMaxRetryAfter() {
        return maxRetryAfter;
    }

    public void setMaxRetryAfter(Duration maxRetryAfter) {
        this.maxRetryAfter = maxRetryAfter;
    }

    public Duration getDefaultRetryAfter() {
        return defaultRetryAfter;
    }

    public void setDefaultRetryAfter(Duration defaultRetryAfter) {
        this.defaultRetryAfter = defaultRetryAfter;
    }
}
