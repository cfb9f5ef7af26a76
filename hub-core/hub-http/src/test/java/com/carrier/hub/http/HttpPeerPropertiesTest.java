package com.carrier.hub.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

import com.carrier.hub.api.FieldError;

/** The shared settings keep the names and defaults the portal and MM connectors have always had. */
class HttpPeerPropertiesTest {

    static class PeerProperties extends HttpPeerProperties {
    }

    @Test
    void defaultsAreThoseOfThePortalAndMmConnectors() {
        PeerProperties p = new PeerProperties();

        assertThat(p.isEnabled()).isTrue();
        assertThat(p.getBatchSize()).isEqualTo(500);
        assertThat(p.getConcurrency()).isEqualTo(4);
        assertThat(p.getConnectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(p.getRequestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.getCallbackMaxBody()).isEqualTo(DataSize.ofMegabytes(1));
        RetryPolicy r = p.getRetry();
        assertThat(r.getMaxAttempts()).isEqualTo(5);
        assertThat(r.getInitialBackoff()).isEqualTo(Duration.ofMillis(500));
        assertThat(r.getMaxBackoff()).isEqualTo(Duration.ofSeconds(30));
        assertThat(r.getMaxThrottledRetries()).isEqualTo(20);
        assertThat(r.getMaxRetryAfter()).isEqualTo(Duration.ofSeconds(60));
        assertThat(r.getDefaultRetryAfter()).isEqualTo(Duration.ofSeconds(1));
        BreakerPolicy b = p.getCircuitBreaker();
        assertThat(b.getFailureRateThreshold()).isEqualTo(50);
        assertThat(b.getSlidingWindowSize()).isEqualTo(20);
        assertThat(b.getMinimumCalls()).isEqualTo(10);
        assertThat(b.getOpenDuration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(b.getHalfOpenCalls()).isEqualTo(3);
    }

    @Test
    void everySettingBindsUnderItsKebabCaseName() {
        Map<String, String> config = Map.ofEntries(
                Map.entry("hub.connectors.peer.enabled", "false"),
                Map.entry("hub.connectors.peer.base-url", "http://peer.example:8080/"),
                Map.entry("hub.connectors.peer.token", "t"),
                Map.entry("hub.connectors.peer.callback-secret", "s"),
                Map.entry("hub.connectors.peer.batch-size", "100"),
                Map.entry("hub.connectors.peer.concurrency", "2"),
                Map.entry("hub.connectors.peer.connect-timeout", "1s"),
                Map.entry("hub.connectors.peer.request-timeout", "2s"),
                Map.entry("hub.connectors.peer.callback-max-body", "64KB"),
                Map.entry("hub.connectors.peer.retry.max-attempts", "3"),
                Map.entry("hub.connectors.peer.retry.initial-backoff", "10ms"),
                Map.entry("hub.connectors.peer.retry.max-backoff", "1s"),
                Map.entry("hub.connectors.peer.retry.max-throttled-retries", "4"),
                Map.entry("hub.connectors.peer.retry.max-retry-after", "5s"),
                Map.entry("hub.connectors.peer.retry.default-retry-after", "2s"),
                Map.entry("hub.connectors.peer.circuit-breaker.failure-rate-threshold", "60"),
                Map.entry("hub.connectors.peer.circuit-breaker.sliding-window-size", "30"),
                Map.entry("hub.connectors.peer.circuit-breaker.minimum-calls", "7"),
                Map.entry("hub.connectors.peer.circuit-breaker.open-duration", "15s"),
                Map.entry("hub.connectors.peer.circuit-breaker.half-open-calls", "2"));

        PeerProperties p = new Binder(new MapConfigurationPropertySource(config))
                .bind("hub.connectors.peer", Bindable.of(PeerProperties.class)).get();

        assertThat(p.isEnabled()).isFalse();
        assertThat(p.getBaseUrl()).isEqualTo(URI.create("http://peer.example:8080/"));
        assertThat(p.getToken()).isEqualTo("t");
        assertThat(p.getCallbackSecret()).isEqualTo("s");
        assertThat(p.getBatchSize()).isEqualTo(100);
        assertThat(p.getConcurrency()).isEqualTo(2);
        assertThat(p.getConnectTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.getRequestTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(p.getCallbackMaxBody()).isEqualTo(DataSize.ofKilobytes(64));
        assertThat(p.getRetry().getMaxAttempts()).isEqualTo(3);
        assertThat(p.getRetry().getInitialBackoff()).isEqualTo(Duration.ofMillis(10));
        assertThat(p.getRetry().getMaxBackoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.getRetry().getMaxThrottledRetries()).isEqualTo(4);
        assertThat(p.getRetry().getMaxRetryAfter()).isEqualTo(Duration.ofSeconds(5));
        assertThat(p.getRetry().getDefaultRetryAfter()).isEqualTo(Duration.ofSeconds(2));
        assertThat(p.getCircuitBreaker().getFailureRateThreshold()).isEqualTo(60);
        assertThat(p.getCircuitBreaker().getSlidingWindowSize()).isEqualTo(30);
        assertThat(p.getCircuitBreaker().getMinimumCalls()).isEqualTo(7);
        assertThat(p.getCircuitBreaker().getOpenDuration()).isEqualTo(Duration.ofSeconds(15));
        assertThat(p.getCircuitBreaker().getHalfOpenCalls()).isEqualTo(2);
    }

    @Test
    void crossFieldChecksNameThePropertyUnderTheConnectorsPrefix() {
        PeerProperties p = new PeerProperties();
        p.setBaseUrl(URI.create("ftp://peer.example/"));
        p.getRetry().setInitialBackoff(Duration.ofMinutes(1));

        assertThat(p.validate("hub.connectors.peer")).extracting(FieldError::property)
                .containsExactly("hub.connectors.peer.retry.initial-backoff", "hub.connectors.peer.base-url");

        PeerProperties fine = new PeerProperties();
        fine.setBaseUrl(URI.create("https://peer.example/"));
        assertThat(fine.validate("hub.connectors.peer")).isEmpty();
    }
}
