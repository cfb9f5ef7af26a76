package com.carrier.hub.connector.kafka;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import com.carrier.hub.api.Secret;

/**
 * How the hub reaches the Kafka cluster over which upstream systems exchange the hub's JSON envelope.
 *
 * <p>The Kamelets {@code kafka-hub-source} and {@code kafka-hub-sink} read the same settings through
 * {@code {{hub.connectors.kafka.*}}} placeholders, so routes never carry connection settings.
 */
@ConfigurationProperties(prefix = "hub.connectors.kafka")
@Validated
public class KafkaProperties {

    /** Whether the Kafka connector is active. Default {@code true}. */
    private boolean enabled = true;

    /**
     * Brokers to bootstrap from, {@code host:port} separated by commas, for example
     * {@code kafka1.example:9092,kafka2.example:9092}. Required, no default.
     */
    @NotBlank
    private String bootstrapServers;

    /** Client id the hub's Kafka clients announce to the brokers (quota and log attribution). Default: none (Kafka picks one). */
    private String clientId;

    /** Consumer group of the {@code kafka-hub-source} consumers; committed offsets are kept per group. Default {@code marketing-hub}. */
    @NotBlank
    private String groupId = "marketing-hub";

    /** {@code PLAINTEXT}, {@code SSL}, {@code SASL_PLAINTEXT} or {@code SASL_SSL}. Default {@code PLAINTEXT}. */
    @NotBlank
    private String securityProtocol = "PLAINTEXT";

    /** SASL mechanism for the {@code SASL_*} protocols: {@code PLAIN}, {@code SCRAM-SHA-256} or {@code SCRAM-SHA-512}. Default {@code PLAIN}. */
    private String saslMechanism = "PLAIN";

    /** SASL user name, required with the {@code SASL_*} protocols. Default: none. */
    private String saslUsername;

    /** SASL password, required with the {@code SASL_*} protocols; a secret, never logged or shown. Default: none. */
    @Secret
    private String saslPassword;

    /** How long the health probe waits for a broker to describe the cluster. Default {@code 5s}. */
    @NotNull
    private Duration healthTimeout = Duration.ofSeconds(5);

    /**
     * How long {@code kafka-hub-sink} keeps trying to deliver one record (the producer's retries included) before that
     * message's exchange fails and the route's error handling takes over; also the longest a send waits for the
     * cluster when no broker answers. At least {@value #MIN_SEND_TIMEOUT_SECONDS}s (a produce request may take up to
     * 10 s before it is retried). Default {@code 2m}.
     */
    @NotNull
    private Duration sendTimeout = Duration.ofMinutes(2);

    /** Smallest {@code send-timeout}: the sink's request timeout (10 s) plus room for a retry. */
    public static final long MIN_SEND_TIMEOUT_SECONDS = 15;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getBootstrapServers() {
        return bootstrapServers;
    }

    public void setBootstrapServers(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public String getGroupId() {
        return groupId;
    }

    public void setGroupId(String groupId) {
        this.groupId = groupId;
    }

    public String getSecurityProtocol() {
        return securityProtocol;
    }

    public void setSecurityProtocol(String securityProtocol) {
        this.securityProtocol = securityProtocol;
    }

    public String getSaslMechanism() {
        return saslMechanism;
    }

    public void setSaslMechanism(String saslMechanism) {
        this.saslMechanism = saslMechanism;
    }

    public String getSaslUsername() {
        return saslUsername;
    }

    public void setSaslUsername(String saslUsername) {
        this.saslUsername = saslUsername;
    }

    @Secret
    public String getSaslPassword() {
        return saslPassword;
    }

    public void setSaslPassword(String saslPassword) {
        this.saslPassword = saslPassword;
    }

    public Duration getHealthTimeout() {
        return healthTimeout;
    }

    public void setHealthTimeout(Duration healthTimeout) {
        this.healthTimeout = healthTimeout;
    }

    public Duration getSendTimeout() {
        return sendTimeout;
    }

    public void setSendTimeout(Duration sendTimeout) {
        this.sendTimeout = sendTimeout;
    }

    /** True for {@code SASL_PLAINTEXT} and {@code SASL_SSL}. */
    public boolean usesSasl() {
        return securityProtocol != null && securityProtocol.toUpperCase(java.util.Locale.ROOT).startsWith("SASL_");
    }

    @Override
    public String toString() {
        // Never the password.
        return "KafkaProperties[bootstrapServers=" + bootstrapServers + ", clientId=" + clientId + ", groupId=" + groupId
                + ", securityProtocol=" + securityProtocol + ", saslMechanism=" + saslMechanism
                + ", saslUsername=" + saslUsername + ", healthTimeout=" + healthTimeout + ", sendTimeout=" + sendTimeout
                + ", enabled=" + enabled + "]";
    }
}
