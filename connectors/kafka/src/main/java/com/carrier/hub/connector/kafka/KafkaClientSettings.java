package com.carrier.hub.connector.kafka;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;

/** Turns {@link KafkaProperties} into Kafka client settings, the same way for the probe and the Kamelets. */
public final class KafkaClientSettings {

    /**
     * Derived property holding the JAAS login line the Kamelets pass to camel-kafka's {@code saslJaasConfig}; set by
     * {@link KafkaDerivedSettings} from the user name, password and mechanism.
     */
    public static final String SASL_JAAS_CONFIG_PROPERTY = "hub.connectors.kafka.sasl-jaas-config";

    private KafkaClientSettings() {
    }

    /** Connection and security settings common to every client (admin, consumer, producer). */
    public static Map<String, Object> common(KafkaProperties properties) {
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, properties.getBootstrapServers());
        if (properties.getClientId() != null && !properties.getClientId().isBlank()) {
            config.put(CommonClientConfigs.CLIENT_ID_CONFIG, properties.getClientId());
        }
        config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, properties.getSecurityProtocol());
        if (properties.usesSasl()) {
            config.put(SaslConfigs.SASL_MECHANISM, properties.getSaslMechanism());
            String jaas = jaasConfig(properties);
            if (jaas != null) {
                config.put(SaslConfigs.SASL_JAAS_CONFIG, jaas);
            }
        }
        return config;
    }

    /**
     * The JAAS login line for the configured SASL mechanism, or {@code null} when no user name is set. PLAIN uses
     * Kafka's PlainLoginModule, the SCRAM mechanisms its ScramLoginModule.
     */
    public static String jaasConfig(KafkaProperties properties) {
        if (properties.getSaslUsername() == null || properties.getSaslUsername().isBlank()) {
            return null;
        }
        String mechanism = properties.getSaslMechanism() == null ? "PLAIN" : properties.getSaslMechanism().toUpperCase(Locale.ROOT);
        String module = mechanism.startsWith("SCRAM-")
                ? "org.apache.kafka.common.security.scram.ScramLoginModule"
                : "org.apache.kafka.common.security.plain.PlainLoginModule";
        return module + " required username=\"" + escape(properties.getSaslUsername()) + "\" password=\""
                + escape(properties.getSaslPassword() == null ? "" : properties.getSaslPassword()) + "\";";
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
