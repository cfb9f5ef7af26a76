package com.carrier.hub.connector.warehouse;

import org.apache.camel.spi.IdempotentRepository;
import java.time.Duration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import com.carrier.hub.batchfile.camel.LeasedClaims;

/**
 * Declares the {@code warehouse} connector from {@code hub.connectors.warehouse.*} once its SFTP server is named
 * ({@code hub.connectors.warehouse.host}): a hub without that peer simply has no such connector, while a named peer with an
 * incomplete login (no username) fails start-up naming the property. On by default; off with
 * {@code hub.connectors.warehouse.enabled=false}.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "hub.connectors.warehouse", name = "enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnProperty(prefix = "hub.connectors.warehouse", name = "host")
@EnableConfigurationProperties(WarehouseProperties.class)
public class WarehouseAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public WarehouseConnector warehouseConnector(WarehouseProperties properties) {
        return new WarehouseConnector(properties);
    }

    /**
     * The file claims the source Kamelets use, in memory, for a hub without a database; the hub runtime declares a
     * JDBC one under the same name.
     */
    @Bean(name = "hubFileIdempotentRepository")
    @ConditionalOnMissingBean(name = "hubFileIdempotentRepository")
    public IdempotentRepository hubFileIdempotentRepository() {
        return new LeasedClaims(Duration.ofMinutes(10));
    }
}
