package com.carrier.hub.connector.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;

import com.carrier.hub.api.ConnectorHealth;
import com.carrier.hub.api.Connector;
import com.carrier.hub.api.FieldError;

/**
 * Joins the hub to the Kafka cluster over which upstream systems exchange the hub's JSON envelope.
 *
 * <p>Routes use the Kamelets {@value #SOURCE_KAMELET} (consume, parse, commit only what was handled),
 * {@value #BATCH_SOURCE_KAMELET} (the same, one exchange per poll) and
 * {@value #SINK_KAMELET} (produce with {@code acks=all} and idempotence). The probe asks the cluster to describe
 * itself with a short-lived admin client, so a broker that went away is reported at the next probe, not after the
 * client's own reconnect back-off.
 */
public class KafkaConnector implements Connector {

    public static final String ID = "kafka";
    public static final String SOURCE_KAMELET = "kafka-hub-source";
    public static final String BATCH_SOURCE_KAMELET = "kafka-hub-batch-source";
    public static final String SINK_KAMELET = "kafka-hub-sink";

    private static final Set<String> PROTOCOLS = Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
    private static final Set<String> MECHANISMS = Set.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");
    private static final String PREFIX = "hub.connectors.kafka.";

    private final KafkaProperties properties;

    public KafkaConnector(KafkaProperties properties) {
        this.properties = properties;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Kafka topics carrying the hub's JSON envelope (messageId, type, sourceSystem, time, payload) to and from upstream systems";
    }

    @Override
    public KafkaProperties properties() {
        return properties;
    }

    @Override
    public List<String> endpoints() {
        return List.of(SOURCE_KAMELET, BATCH_SOURCE_KAMELET, SINK_KAMELET);
    }

    /**
     * Describes the cluster under {@code health-timeout}: UP with the broker count and cluster id, otherwise throws
     * naming the bootstrap servers ("no broker answered at 127.0.0.1:1234 within 3000 ms").
     */
    @Override
    public ConnectorHealth probe() throws Exception {
        String servers = properties.getBootstrapServers();
        long timeoutMs = properties.getHealthTimeout().toMillis();
        Admin admin;
        try {
            admin = Admin.create(adminConfig(timeoutMs));
        } catch (KafkaException e) {
            String why = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.getMessage();
            throw new IllegalStateException("cannot create a client for " + servers + ": " + why, e);
        }
        try {
            DescribeClusterResult cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeoutMs));
            Collection<Node> nodes = cluster.nodes().get(timeoutMs, TimeUnit.MILLISECONDS);
            String clusterId = cluster.clusterId().get(timeoutMs, TimeUnit.MILLISECONDS);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("bootstrapServers", servers);
            details.put("brokers", nodes.size());
            details.put("clusterId", clusterId);
            return ConnectorHealth.up(details);
        } catch (TimeoutException e) {
            throw new IllegalStateException(noAnswer(servers, timeoutMs), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw new IllegalStateException(noAnswer(servers, timeoutMs), cause);
            }
            throw new IllegalStateException("describing the cluster at " + servers + " failed: " + cause.getMessage(), cause);
        } finally {
            // Do not wait for in-flight calls to a broker that is gone.
            admin.close(Duration.ZERO);
        }
    }

    private static String noAnswer(String servers, long timeoutMs) {
        return "no broker answered at " + servers + " within " + timeoutMs + " ms";
    }

    private Map<String, Object> adminConfig(long timeoutMs) {
        Map<String, Object> config = KafkaClientSettings.common(properties);
        int timeout = (int) Math.max(1, timeoutMs);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
        config.put(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, (long) Math.min(timeout, 1000));
        config.put(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, (long) timeout);
        config.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500L);
        config.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 100L);
        config.putIfAbsent(CommonClientConfigs.CLIENT_ID_CONFIG, "hub-health-probe");
        return config;
    }

    /** Checks what bean validation cannot: the security protocol and SASL settings that go together. */
    @Override
    public List<FieldError> validate(Object candidate) {
        if (!(candidate instanceof KafkaProperties p)) {
            return List.of(new FieldError("hub.connectors.kafka", "expected Kafka connector properties"));
        }
        List<FieldError> errors = new ArrayList<>();
        if (p.getBootstrapServers() != null) {
            for (String server : p.getBootstrapServers().split(",")) {
                String s = server.trim();
                int colon = s.lastIndexOf(':');
                if (colon <= 0 || colon == s.length() - 1 || !s.substring(colon + 1).chars().allMatch(Character::isDigit)) {
                    errors.add(new FieldError(PREFIX + "bootstrap-servers", "'" + s + "' is not host:port"));
                }
            }
        }
        String protocol = p.getSecurityProtocol() == null ? "" : p.getSecurityProtocol().toUpperCase(Locale.ROOT);
        if (!PROTOCOLS.contains(protocol)) {
            errors.add(new FieldError(PREFIX + "security-protocol", "'" + p.getSecurityProtocol() + "' is not one of " + PROTOCOLS));
        }
        if (p.usesSasl()) {
            String mechanism = p.getSaslMechanism() == null ? "" : p.getSaslMechanism().toUpperCase(Locale.ROOT);
            if (!MECHANISMS.contains(mechanism)) {
                errors.add(new FieldError(PREFIX + "sasl-mechanism", "'" + p.getSaslMechanism() + "' is not one of " + MECHANISMS));
            }
            if (p.getSaslUsername() == null || p.getSaslUsername().isBlank()) {
                errors.add(new FieldError(PREFIX + "sasl-username", "required with security-protocol " + protocol));
            }
            if (p.getSaslPassword() == null || p.getSaslPassword().isBlank()) {
                errors.add(new FieldError(PREFIX + "sasl-password", "required with security-protocol " + protocol));
            }
        }
        if (p.getHealthTimeout() != null && (p.getHealthTimeout().isNegative() || p.getHealthTimeout().isZero())) {
            errors.add(new FieldError(PREFIX + "health-timeout", "must be positive, was " + p.getHealthTimeout()));
        }
        if (p.getSendTimeout() != null && p.getSendTimeout().compareTo(Duration.ofSeconds(KafkaProperties.MIN_SEND_TIMEOUT_SECONDS)) < 0) {
            errors.add(new FieldError(PREFIX + "send-timeout", "must be at least " + KafkaProperties.MIN_SEND_TIMEOUT_SECONDS
                    + "s (the sink's request timeout is 10s), was " + p.getSendTimeout()));
        }
        return errors;
    }
}
