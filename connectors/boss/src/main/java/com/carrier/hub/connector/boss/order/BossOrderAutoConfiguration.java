package com.carrier.hub.connector.boss.order;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** The BOSS order-request client, when {@code hub.connectors.boss.orders.url} names BOSS's HTTP address. */
@AutoConfiguration
@ConditionalOnProperty(prefix = "hub.connectors.boss.orders", name = "url")
@EnableConfigurationProperties(BossOrderProperties.class)
public class BossOrderAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public BossOrderClient bossOrderClient(BossOrderProperties props) {
        return new BossOrderClient(props);
    }
}
