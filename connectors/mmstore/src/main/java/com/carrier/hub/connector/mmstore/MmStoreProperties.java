package com.carrier.hub.connector.mmstore;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import com.carrier.hub.api.Secret;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/** Settings of the MM store connector: where MM is, how recommendations are pushed, how its callbacks are checked. */
@ConfigurationProperties("hub.connectors.mmstore")
@Validated
public class MmStoreProperties {

    /** Whether the MM store connector is started. */
    private boolean enabled = true;

    /** MM's base URL; recommendations go to {@code <base-url>/api/v1/recommendations:batch}. */
    @NotNull
    private URI baseUrl;

    /** Bearer token MM expects on every call. */
    @Secret
    @NotBlank
    private String token;

    /** Shared secret of the HMAC-SHA256 signature ({@code X-Signature}) on MM's download callbacks. */
    @Secret
    @NotBlank
    private String callbackSecret;

    /** Recommendations per request; MM takes at most 500. */
    @Min(1)
    @Max(500)
    private int batchSize = 500;

    /** Requests in flight at once in a bulk push. */
    @Min(1)
    @Max(64)
    private int concurrency = 4;

    /** Time to open a TCP connection to MM. */
    @NotNull
    private Duration connectTimeout = Duration.ofSeconds(5);

    /** Time MM has to answer one request; a request past it counts as failed and is retried. */
    @NotNull
    private Duration requestTimeout = Duration.ofSeconds(30);

    /** Retries and back-off of pushes. */
    @Valid
    @NestedConfigurationProperty
    private RetryPolicy retry = new RetryPolicy();

    /** The circuit breaker in front of MM. */
    @Valid
    @NestedConfigurationProperty
    private BreakerPolicy circuitBreaker = new BreakerPolicy();

    /** Largest callback body accepted; a bigger one is refused with 413 before it is read whole. */
    @NotNull
    private DataSize callbackMaxBody = DataSize.ofMegabytes(1);

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
