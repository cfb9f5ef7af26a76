package com.carrier.hub.connector.kafka;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives the Kafka Kamelets' placeholders their values from {@link KafkaProperties}, the one place they are declared
 * with their defaults, so the Kamelets carry no defaults of their own. Camel reads placeholders from the Spring
 * Environment, which holds only what configuration set, never a field's default; and this connector also runs in a
 * Spring Boot application without the hub runtime (which publishes every settings object to Camel itself). So, after
 * the configuration files and variables are in, this adds, at the lowest precedence:
 * <ul>
 *   <li>{@code group-id}, {@code security-protocol} and {@code sasl-mechanism} as {@link KafkaProperties} holds them
 *       (what configuration set, else the field's default);</li>
 *   <li>{@value #SEND_TIMEOUT_MS_PROPERTY}: {@code send-timeout} in milliseconds, as camel-kafka's timeouts take it;</li>
 *   <li>{@value KafkaClientSettings#SASL_JAAS_CONFIG_PROPERTY} from {@code sasl-username}, {@code sasl-password} and
 *       {@code sasl-mechanism} with the {@code SASL_*} protocols, so the configuration stays in plain user name /
 *       password form. An explicitly configured line wins.</li>
 * </ul>
 */
public class KafkaDerivedSettings implements EnvironmentPostProcessor, Ordered {

    static final String SOURCE_NAME = "hubKafkaDerived";
    static final String PREFIX = "hub.connectors.kafka";
    /** {@code send-timeout} in milliseconds, for the sink Kamelet. */
    public static final String SEND_TIMEOUT_MS_PROPERTY = PREFIX + ".send-timeout-ms";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        KafkaProperties properties = Binder.get(environment).bind(PREFIX, KafkaProperties.class)
                .orElseGet(KafkaProperties::new);
        Map<String, Object> derived = new LinkedHashMap<>(kameletValues(properties));
        if (environment.containsProperty(KafkaClientSettings.SASL_JAAS_CONFIG_PROPERTY)) {
            derived.remove(KafkaClientSettings.SASL_JAAS_CONFIG_PROPERTY);
        }
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, derived));
    }

    /**
     * Every {@code hub.connectors.kafka.*} value the Kamelets read, from these settings (unset ones left out): also
     * what a Camel context started without Spring (a test) gives its properties component.
     */
    public static Map<String, String> kameletValues(KafkaProperties properties) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(PREFIX + ".bootstrap-servers", properties.getBootstrapServers());
        values.put(PREFIX + ".client-id", properties.getClientId());
        values.put(PREFIX + ".group-id", properties.getGroupId());
        values.put(PREFIX + ".security-protocol", properties.getSecurityProtocol());
        values.put(PREFIX + ".sasl-mechanism", properties.getSaslMechanism());
        values.put(SEND_TIMEOUT_MS_PROPERTY, String.valueOf(properties.getSendTimeout().toMillis()));
        if (properties.usesSasl()) {
            values.put(KafkaClientSettings.SASL_JAAS_CONFIG_PROPERTY, KafkaClientSettings.jaasConfig(properties));
        }
        values.values().removeIf(java.util.Objects::isNull);
        return values;
    }

    @Override
    public int getOrder() {
        // After the config files and the environment variables are in.
        return Ordered.LOWEST_PRECEDENCE;
    }
}
