package com.carrier.hub.runtime.responses;

import java.time.Duration;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How the responses peers push (SMS receipts and replies, HTTP callbacks) are collected into batches by the route
 * {@code peer-responses-to-response-events}: {@code hub.responses.*}. The defaults are the store's behaviour before the
 * route existed: no waiting, a batch is whatever arrived while the previous one was being written.
 */
@ConfigurationProperties("hub.responses")
@Validated
public class ResponsesProperties {

    /**
     * Most events one batch (one exchange of the route, one INSERT statement, one transaction) holds; callers arriving
     * beyond it make the next batch. A caller's events are never split across batches.
     */
    @Min(1)
    private int batchSize = 5_000;

    /**
     * Longest the first event of a batch waits for more before the batch goes on, unless batch-size is reached first.
     * 0 (the default) waits for nothing: peers are answered as soon as their events are stored, and a batch holds the
     * events that arrived while the previous batch was being written (under load, hundreds).
     */
    @NotNull
    private Duration batchInterval = Duration.ZERO;

    @AssertTrue(message = "hub.responses.batch-interval must not be negative")
    boolean isBatchIntervalValid() {
        return batchInterval == null || !batchInterval.isNegative();
    }

    public int getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public Duration getBatchInterval() {
        return batchInterval;
    }

    public void setBatchInterval(Duration batchInterval) {
        this.batchInterval = batchInterval;
    }
}
