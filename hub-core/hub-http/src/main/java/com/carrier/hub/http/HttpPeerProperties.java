package com.carrier.hub.http;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;

import com.carrier.hub.api.FieldError;
import com.carrier.hub.api.Secret;
import com.fasterxml.jackson.annotation.JsonIgnore;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * Settings every connector whose peer speaks HTTP shares: where the peer is, how items are pushed to it, how its
 * signed callbacks are checked. A connector's {@code @ConfigurationProperties("hub.connectors.<id>")} class extends
 * it, so every such connector has the same property names and defaults.
 */
public abstract class HttpPeerProperties {

    /** Whether the connector is started. */
    private boolean enabled = true;

    /** The peer's base URL; the connector's endpoint paths are resolved against it. */
    @NotNull
    private URI baseUrl;

    /** Bearer token the peer expects on every call. */
    @Secret
    @NotBlank
    private String token;

    /** Shared secret of the HMAC-SHA256 signature ({@code X-Signature}) on the peer's callbacks. */
    @Secret
    @NotBlank
    private String callbackSecret;

    /** Items per request; at most what the peer takes in one request (500 for the portal and MM, 1,000 for the app). */
    @Min(1)
    private int batchSize;

    private final int maxBatchSize;

    /** Requests in flight at once in a bulk push. */
    @Min(1)
    @Max(64)
    private int concurrency = 4;

    /** Time to open a TCP connection to the peer. */
    @NotNull
    private Duration connectTimeout = Duration.ofSeconds(5);

    /** Time the peer has to answer one request; a request past it counts as failed and is retried. */
    @NotNull
    private Duration requestTimeout = Duration.ofSeconds(30);

    /** Retries and back-off of pushes. */
    @Valid
    @NestedConfigurationProperty
    private RetryPolicy retry = new RetryPolicy();

    /** The circuit breaker in front of the peer. */
    @Valid
    @NestedConfigurationProperty
    private BreakerPolicy circuitBreaker = new BreakerPolicy();

    /** Largest callback body accepted; a bigger one is refused with 413 before it is read whole. */
    @NotNull
    private DataSize callbackMaxBody = DataSize.ofMegabytes(1);

    /** A peer that takes at most 500 items a request (PEERS §3.1, §4.2); the batch size defaults to that. */
    protected HttpPeerProperties() {
        this(500);
    }

    /** @param maxBatchSize the most items the peer takes in one request; the batch size defaults to it */
    protected HttpPeerProperties(int maxBatchSize) {
        this.maxBatchSize = maxBatchSize;
        this.batchSize = maxBatchSize;
    }

    /** Bean validation of {@code batch-size} against the peer's own limit, which differs per peer. */
    @AssertTrue(message = "batch-size is more than the peer takes in one request")
    @JsonIgnore
    public boolean isBatchSizeWithinPeerLimit() {
        return batchSize <= maxBatchSize;
    }

    /** The most items the peer takes in one request. */
    public int maxBatchSize() {
        return maxBatchSize;
    }

    /**
     * The checks bean validation cannot express, each naming the property under {@code prefix}
     * ({@code hub.connectors.<id>}): the first back-off no longer than the longest, an http or https base URL.
     */
    public List<FieldError> validate(String prefix) {
        List<FieldError> errors = new ArrayList<>();
        RetryPolicy r = retry;
        if (r != null && r.getInitialBackoff() != null && r.getMaxBackoff() != null
                && r.getInitialBackoff().compareTo(r.getMaxBackoff()) > 0) {
            errors.add(new FieldError(prefix + ".retry.initial-backoff",
                    "is longer than retry.max-backoff (" + r.getMaxBackoff() + ")"));
        }
        if (batchSize > maxBatchSize) {
            errors.add(new FieldError(prefix + ".batch-size", "must be at most " + maxBatchSize
                    + " (the peer takes no more in one request), got " + batchSize));
        }
        if (baseUrl != null && !"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme())) {
            errors.add(new FieldError(prefix + ".base-url", "must be an http or https URL, got " + baseUrl));
        }
        return errors;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public URI getBaseUrl() {
        return baseUrl;
    }

    public void setBaseUrl(URI baseUrl) {
        this.baseUrl = baseUrl;
    }

    public String getToken() {
        return token;
    }

    public void setToken(String token) {
        this.token = token;
    }

    public String getCallbackSecret() {
        return callbackSecret;
    }

    public void setCallbackSecret(String callbackSecret) {
        this.callbackSecret = callbackSecret;
    }

    public int getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public int getConcurrency() {
        return concurrency;
    }

    public void setConcurrency(int concurrency) {
        this.concurrency = concurrency;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public Duration getRequestTimeout() {
        return requestTimeout;
    }

    public void setRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    public RetryPolicy getRetry() {
        return retry;
    }

    public void setRetry(RetryPolicy retry) {
        this.retry = retry;
    }

    public BreakerPolicy getCircuitBreaker() {
        return circuitBreaker;
    }

    public void setCircuitBreaker(BreakerPolicy circuitBreaker) {
        this.circuitBreaker = circuitBreaker;
    }

    public DataSize getCallbackMaxBody() {
        return callbackMaxBody;
    }

    public void setCallbackMaxBody(DataSize callbackMaxBody) {
        this.callbackMaxBody = callbackMaxBody;
    }
}
