package com.carrier.hub.http;

import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * The circuit breaker in front of one peer (Resilience4j): once enough calls fail, calls are refused at once for
 * {@code open-duration}, so a dead peer does not tie up the hub's threads, then a few trial calls decide.
 */
public class BreakerPolicy {

    /** Share of failed calls (percent) in the sliding window that opens the circuit. */
    @Min(1)
    @Max(100)
    private int failureRateThreshold = 50;

    /** Number of most recent calls the failure rate is computed over. */
    @Min(1)
    private int slidingWindowSize = 20;

    /** Calls needed in the window before the failure rate is judged. */
    @Min(1)
    private int minimumCalls = 10;

    /** How long an open circuit refuses calls before letting trial calls through. */
    @NotNull
    private Duration openDuration = Duration.ofSeconds(30);

    /** Trial calls let through when the open duration is over. */
    @Min(1)
    private int halfOpenCalls = 3;

    public CircuitBreaker create(String name) {
        return CircuitBreaker.of(name, CircuitBreakerConfig.custom()
                .failureRateThreshold(failureRateThreshold)
                .slidingWindowSize(slidingWindowSize)
                .minimumNumberOfCalls(minimumCalls)
                .waitDurationInOpenState(openDuration)
                .permittedNumberOfCallsInHalfOpenState(halfOpenCalls)
                .build());
    }

    public int getFailureRateThreshold() {
        return failureRateThreshold;
    }

    public void setFailureRateThreshold(int failureRateThreshold) {
        this.failureRateThreshold = failureRateThreshold;
    }

    public int getSlidingWindowSize() {
        return slidingWindowSize;
    }

    public void setSlidingWindowSize(int slidingWindowSize) {
        this.slidingWindowSize = slidingWindowSize;
    }

    public int getMinimumCalls() {
        return minimumCalls;
    }

    public void setMinimumCalls(int minimumCalls) {
        this.minimumCalls = minimumCalls;
    }

    public Duration getOpenDuration() {
        return openDuration;
    }

    public void setOpenDuration(Duration openDuration) {
        this.openDuration = openDuration;
    }

    public int getHalfOpenCalls() {
        return halfOpenCalls;
    }

    public void setHalfOpenCalls(int halfOpenCalls) {
        this.halfOpenCalls = halfOpenCalls;
    }
}
