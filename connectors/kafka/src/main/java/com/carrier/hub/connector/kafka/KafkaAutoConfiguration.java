package com.carrier.hub.connector.kafka;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Declares the {@code kafka} connector from {@code hub.connectors.kafka.*}. On by default; off with
 * {@code hub.connectors.kafka.enabled=false}.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "hub.connectors.kafka", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(KafkaProperties.class)
public class KafkaAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public KafkaConnector kafkaConnector(KafkaProperties properties) {
        return new KafkaConnector(properties);
    }
}
