package com.carrier.hub.connector.boss;

import org.apache.camel.spi.IdempotentRepository;
import java.time.Duration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import com.carrier.hub.batchfile.camel.LeasedClaims;

/**
 * Declares the {@code boss} connector from {@code hub.connectors.boss.*} once its SFTP server is named
 * ({@code hub.connectors.boss.host}): a hub without that peer simply has no such connector, while a named peer with an
 * incomplete login (no username) fails start-up naming the property. On by default; off with
 * {@code hub.connectors.boss.enabled=false}.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "hub.connectors.boss", name = "enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnProperty(prefix = "hub.connectors.boss", name = "host")
@EnableConfigurationProperties(BossProperties.class)
public class BossAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public BossConnector bossConnector(BossProperties properties) {
        return new BossConnector(properties);
    }

    /**
     * The file claims the source Kamelets use, in memory with a 10-minute lease on unconfirmed claims: a stand-in for a hub without a database. The hub runtime
     * declares a JDBC one under the same name so a restart or a second instance never takes a file twice.
     */
    @Bean(name = "hubFileIdempotentRepository")
    @ConditionalOnMissingBean(name = "hubFileIdempotentRepository")
    public IdempotentRepository hubFileIdempotentRepository() {
        return new LeasedClaims(Duration.ofMinutes(10));
    }
}
