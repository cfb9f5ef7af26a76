package com.carrier.hub.connector.kafka;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Derives {@value KafkaClientSettings#SASL_JAAS_CONFIG_PROPERTY} from {@code hub.connectors.kafka.sasl-username},
 * {@code sasl-password} and {@code sasl-mechanism}, so the Kamelets can hand camel-kafka a JAAS line while the
 * configuration stays in plain user name / password form. An explicitly configured value wins.
 */
public class KafkaSaslEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String SOURCE_NAME = "hubKafkaDerived";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.containsProperty(KafkaClientSettings.SASL_JAAS_CONFIG_PROPERTY)) {
            return;
        }
        KafkaProperties properties = Binder.get(environment)
                .bind("hub.connectors.kafka", KafkaProperties.class)
                .orElse(null);
        if (properties == null || !properties.usesSasl()) {
            return;
        }
        String jaas = KafkaClientSettings.jaasConfig(properties);
        if (jaas != null) {
            environment.getPropertySources().addLast(
                    new MapPropertySource(SOURCE_NAME, Map.of(KafkaClientSettings.SASL_JAAS_CONFIG_PROPERTY, jaas)));
        }
    }

    @Override
    public int getOrder() {
        // After the config files and the environment variables are in.
        return Ordered.LOWEST_PRECEDENCE;
    }
}
