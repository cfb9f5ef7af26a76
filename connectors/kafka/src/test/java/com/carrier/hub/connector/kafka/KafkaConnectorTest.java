package com.carrier.hub.connector.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import com.carrier.hub.api.Connector;
import com.carrier.hub.api.ConnectorHealth;
import com.carrier.hub.api.FieldError;
import com.carrier.hub.api.HealthProbe;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Binding, defaults, validation and the DOWN message, without a broker. */
class KafkaConnectorTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class));

    @Test
    void defaultsAreTheDocumentedOnes() {
        runner.withPropertyValues("hub.connectors.kafka.bootstrap-servers=127.0.0.1:9092").run(context -> {
            KafkaProperties p = context.getBean(KafkaConnector.class).properties();
            assertThat(p.getGroupId()).isEqualTo("marketing-hub");
            assertThat(p.getSecurityProtocol()).isEqualTo("PLAINTEXT");
            assertThat(p.getSaslMechanism()).isEqualTo("PLAIN");
            assertThat(p.getHealthTimeout()).isEqualTo(Duration.ofSeconds(5));
            assertThat(p.getSendTimeout()).isEqualTo(Duration.ofMinutes(2));
            assertThat(p.isEnabled()).isTrue();
        });
    }

    @Test
    void disabledMeansNoConnector() {
        runner.withPropertyValues("hub.connectors.kafka.enabled=false").run(context ->
                assertThat(context).doesNotHaveBean(Connector.class));
    }

    @Test
    void passwordIsMaskedWhenShown() throws Exception {
        KafkaProperties p = new KafkaProperties();
        p.setBootstrapServers("b:9092");
        p.setSaslUsername("hub");
        p.setSaslPassword("s3cr3t-value");
        String json = new ObjectMapper().findAndRegisterModules().writeValueAsString(p);
        assertThat(json).doesNotContain("s3cr3t-value").contains("saslPassword");
        assertThat(p.toString()).doesNotContain("s3cr3t-value");
    }

    @Test
    void validateNamesEachBadField() {
        KafkaProperties p = new KafkaProperties();
        p.setBootstrapServers("broker1:9092,broker2");
        p.setSecurityProtocol("SASL_SSL");
        p.setSaslMechanism("GSSAPI");
        p.setSendTimeout(Duration.ofSeconds(5));
        assertThat(new KafkaConnector(p).validate(p)).extracting(FieldError::property).containsExactlyInAnyOrder(
                "hub.connectors.kafka.send-timeout",
                "hub.connectors.kafka.bootstrap-servers",
                "hub.connectors.kafka.sasl-mechanism",
                "hub.connectors.kafka.sasl-username",
                "hub.connectors.kafka.sasl-password");

        KafkaProperties good = new KafkaProperties();
        good.setBootstrapServers("broker1:9092,broker2:9093");
        assertThat(new KafkaConnector(good).validate(good)).isEmpty();
    }

    @Test
    void jaasLineFollowsTheMechanism() {
        KafkaProperties p = new KafkaProperties();
        p.setBootstrapServers("b:9092");
        p.setSecurityProtocol("SASL_SSL");
        p.setSaslUsername("hub");
        p.setSaslPassword("pa\"ss");
        assertThat(KafkaClientSettings.jaasConfig(p))
                .isEqualTo("org.apache.kafka.common.security.plain.PlainLoginModule required username=\"hub\" password=\"pa\\\"ss\";");
        p.setSaslMechanism("SCRAM-SHA-512");
        assertThat(KafkaClientSettings.jaasConfig(p)).startsWith("org.apache.kafka.common.security.scram.ScramLoginModule required");
        assertThat(KafkaClientSettings.common(p)).containsEntry("sasl.mechanism", "SCRAM-SHA-512").containsKey("sasl.jaas.config");
    }

    @Test
    void downNamesTheBootstrapServersAndTheTimeout() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        KafkaProperties p = new KafkaProperties();
        p.setBootstrapServers("127.0.0.1:" + port);
        p.setHealthTimeout(Duration.ofMillis(1500));
        ConnectorHealth health = HealthProbe.run(new KafkaConnector(p), Duration.ofSeconds(10));
        assertThat(health.status()).isEqualTo(ConnectorHealth.Status.DOWN);
        assertThat(health.reason()).startsWith("kafka: no broker answered at 127.0.0.1:" + port + " within 1500 ms");
    }

    @Test
    void unresolvableServersAreNamed() {
        KafkaProperties p = new KafkaProperties();
        p.setBootstrapServers("no-such-host.invalid:9092");
        ConnectorHealth health = HealthProbe.run(new KafkaConnector(p), Duration.ofSeconds(10));
        assertThat(health.status()).isEqualTo(ConnectorHealth.Status.DOWN);
        assertThat(health.reason()).startsWith("kafka: ").contains("no-such-host.invalid:9092");
    }

    @Test
    void environmentGetsTheDerivedJaasLineOnlyForSasl() {
        org.springframework.mock.env.MockEnvironment env = new org.springframework.mock.env.MockEnvironment()
                .withProperty("hub.connectors.kafka.bootstrap-servers", "b:9092")
                .withProperty("hub.connectors.kafka.security-protocol", "SASL_PLAINTEXT")
                .withProperty("hub.connectors.kafka.sasl-username", "hub")
                .withProperty("hub.connectors.kafka.sasl-password", "pw");
        new KafkaDerivedSettings().postProcessEnvironment(env, null);
        assertThat(env.getProperty(KafkaClientSettings.SASL_JAAS_CONFIG_PROPERTY)).contains("username=\"hub\"");

        org.springframework.mock.env.MockEnvironment plain = new org.springframework.mock.env.MockEnvironment()
                .withProperty("hub.connectors.kafka.bootstrap-servers", "b:9092");
        new KafkaDerivedSettings().postProcessEnvironment(plain, null);
        assertThat(plain.containsProperty(KafkaClientSettings.SASL_JAAS_CONFIG_PROPERTY)).isFalse();
    }

    @Test
    void environmentGetsTheKameletsSettingsFromTheirPropertiesClass() {
        org.springframework.mock.env.MockEnvironment none = new org.springframework.mock.env.MockEnvironment();
        new KafkaDerivedSettings().postProcessEnvironment(none, null);
        KafkaProperties defaults = new KafkaProperties();
        assertThat(none.getProperty("hub.connectors.kafka.group-id")).isEqualTo(defaults.getGroupId());
        assertThat(none.getProperty("hub.connectors.kafka.security-protocol")).isEqualTo(defaults.getSecurityProtocol());
        assertThat(none.getProperty("hub.connectors.kafka.sasl-mechanism")).isEqualTo(defaults.getSaslMechanism());
        assertThat(none.getProperty(KafkaDerivedSettings.SEND_TIMEOUT_MS_PROPERTY))
                .isEqualTo(String.valueOf(defaults.getSendTimeout().toMillis()));

        org.springframework.mock.env.MockEnvironment set = new org.springframework.mock.env.MockEnvironment()
                .withProperty("hub.connectors.kafka.group-id", "province-hub")
                .withProperty("hub.connectors.kafka.send-timeout", "30s");
        new KafkaDerivedSettings().postProcessEnvironment(set, null);
        assertThat(set.getProperty("hub.connectors.kafka.group-id")).isEqualTo("province-hub");
        assertThat(set.getProperty(KafkaDerivedSettings.SEND_TIMEOUT_MS_PROPERTY)).isEqualTo("30000");
    }
}
