package com.carrier.hub.runtime;

import java.util.List;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import org.apache.camel.Exchange;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.validation.annotation.Validated;

import com.carrier.hub.api.Connector;
import com.carrier.hub.api.ConnectorHealth;
import com.carrier.hub.api.FieldError;
import com.carrier.hub.api.PermanentFailure;
import com.carrier.hub.api.Secret;

/**
 * A connector whose peer is unreachable, a processor whose failures a test switches on and off, a slow step, and the
 * shipped touchpoints offline.
 */
@TestConfiguration
@Import(OfflineTouchpoints.class)
@EnableConfigurationProperties(TestBeans.AcmeProperties.class)
public class TestBeans {

    /** Settings of the test connector. */
    @ConfigurationProperties("hub.connectors.acme")
    @Validated
    public static class AcmeProperties {
        /** Where the peer is. */
        @NotBlank
        private String endpoint;
        /** Bearer token. */
        @Secret
        private String token;
        /** Batch size. */
        @Min(1)
        private int batchSize = 100;
        /** Must be at least batch size. */
        private int maxBatchSize = 500;

        public String getEndpoint() {
            return endpoint;
        }

        public void setEndpoint(String endpoint) {
            this.endpoint = endpoint;
        }

        public String getToken() {
            return token;
        }

        public void setToken(String token) {
            this.token = token;
        }

        public int getBatchSize() {
            return batchSize;
        }

        public void setBatchSize(int batchSize) {
            this.batchSize = batchSize;
        }

        public int getMaxBatchSize() {
            return maxBatchSize;
        }

        public void setMaxBatchSize(int maxBatchSize) {
            this.maxBatchSize = maxBatchSize;
        }
    }

    @Bean
    Connector acmeConnector(AcmeProperties properties) {
        return new Connector() {
            @Override
            public String id() {
                return "acme";
            }

            @Override
            public String description() {
                return "Test connector whose peer never answers";
            }

            @Override
            public Object properties() {
                return properties;
            }

            @Override
            public ConnectorHealth probe() throws Exception {
                throw new java.net.ConnectException("acme peer " + properties.getEndpoint() + " refused the connection");
            }

            @Override
            public List<String> endpoints() {
                return List.of("direct:acme");
            }

            @Override
            public List<FieldError> validate(Object candidate) {
                AcmeProperties p = (AcmeProperties) candidate;
                return p.getBatchSize() > p.getMaxBatchSize()
                        ? List.of(new FieldError("hub.connectors.acme.batch-size", "must not exceed max-batch-size (" + p.getMaxBatchSize() + ")"))
                        : List.of();
            }
        };
    }

    /** Fails on demand: permanently, or transiently for a number of attempts. */
    public static class Flaky {
        public volatile boolean permanent;
        public final AtomicInteger transientFailuresLeft = new AtomicInteger();
        public final AtomicInteger processed = new AtomicInteger();
        /** Thrown as it is by every exchange while set. */
        public volatile Exception failure;

        public void process(Exchange exchange) throws Exception {
            if (failure != null) {
                throw failure;
            }
            if (permanent) {
                throw new PermanentFailure("BAD_ORDER", "order " + exchange.getMessage().getHeader("orderId") + " is not valid");
            }
            if (transientFailuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new java.io.IOException("peer timed out");
            }
            processed.incrementAndGet();
        }

        public void reset() {
            permanent = false;
            failure = null;
            transientFailuresLeft.set(0);
            processed.set(0);
        }
    }

    @Bean
    Flaky flaky() {
        return new Flaky();
    }

    /** The work of a scheduled round (route test-scheduled-rounds): fails while failures are left, else counts. */
    public static class Rounds {
        public final AtomicInteger failuresLeft = new AtomicInteger();
        public final AtomicInteger done = new AtomicInteger();

        public void round() throws java.io.IOException {
            if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new java.io.IOException("database not reachable");
            }
            done.incrementAndGet();
        }
    }

    @Bean
    Rounds rounds() {
        return new Rounds();
    }

    /** Holds each exchange until the test releases it, so that a test can have an exchange in flight. */
    public static class SlowStep {
        public volatile CountDownLatch started = new CountDownLatch(1);
        public volatile CountDownLatch release = new CountDownLatch(1);
        public final AtomicInteger processed = new AtomicInteger();

        public void process(Exchange exchange) throws InterruptedException {
            started.countDown();
            if (!release.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("slow step was never released");
            }
            exchange.getMessage().setBody("done " + exchange.getMessage().getBody(String.class));
            processed.incrementAndGet();
        }

        public void reset() {
            started = new CountDownLatch(1);
            release = new CountDownLatch(1);
            processed.set(0);
        }
    }

    @Bean
    SlowStep slowStep() {
        return new SlowStep();
    }
}
