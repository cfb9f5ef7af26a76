package com.carrier.hub.runtime.customer;

import java.io.IOException;
import java.nio.file.Path;

import javax.sql.DataSource;

import org.apache.camel.Processor;
import org.apache.camel.spi.IdempotentRepository;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.carrier.hub.runtime.files.FilesProperties;
import com.carrier.hub.batchfile.BatchFileEngine;
import com.carrier.hub.batchfile.FeedShipper;
import com.carrier.hub.batchfile.camel.FeedIngestProcessor;
import com.carrier.hub.batchfile.jdbc.CopyStage;
import com.carrier.hub.batchfile.sftp.SftpFeedShipper;
import com.carrier.hub.connector.boss.BossConnector;
import com.carrier.hub.connector.boss.BossProperties;
import com.carrier.hub.connector.warehouse.WarehouseConnector;

/**
 * The processors the BOSS routes in routes/ use ({@code process: ref: boss…Ingest}): each runs the batch-file
 * engine on one BOSS feed, as configured under {@code hub.connectors.boss.feeds.*}, and publishes into the hub's
 * tables. Present when the BOSS connector is (its SFTP host named and not disabled).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "hub.connectors.boss", name = "host")
@ConditionalOnProperty(prefix = "hub.connectors.boss", name = "enabled", havingValue = "true", matchIfMissing = true)
public class BossFeedsConfiguration {

    @Bean
    public Processor bossCustomerDeltaIngest(BossConnector boss, BatchFileEngine engine, DataSource dataSource,
                                             @Qualifier("hubFileIdempotentRepository") IdempotentRepository claims,
                                             FilesProperties files,
                                             ObjectProvider<WarehouseConnector> warehouse)
            throws IOException {
        BossProperties p = boss.properties();
        WarehouseConnector w = warehouse.getIfAvailable();
        FeedShipper customerFeed = w == null ? null : new SftpFeedShipper(w.folders(), w.properties().getInFolder());
        return new CustomerDeltaIngest(p.feed("customer-delta"), engine, dataSource, boss.folders(), claims, files.getExportDir(),
                customerFeed);
    }

    @Bean
    public Processor bossProductIngest(BossConnector boss, BatchFileEngine engine, DataSource dataSource,
                                       @Qualifier("hubFileIdempotentRepository") IdempotentRepository claims) {
        return new FeedIngestProcessor(boss.properties().feed("product"), engine,
                CopyStage.factory(dataSource, BossTablePublishers.productCatalog()), boss.folders(), claims);
    }

    @Bean
    public Processor bossSubscriptionIngest(BossConnector boss, BatchFileEngine engine, DataSource dataSource,
                                            @Qualifier("hubFileIdempotentRepository") IdempotentRepository claims) {
        return new FeedIngestProcessor(boss.properties().feed("subscription"), engine,
                CopyStage.factory(dataSource, BossTablePublishers.holdings()), boss.folders(), claims);
    }

    @Bean
    public Processor bossOrderIngest(BossConnector boss, BatchFileEngine engine, DataSource dataSource,
                                     @Qualifier("hubFileIdempotentRepository") IdempotentRepository claims) {
        return new FeedIngestProcessor(boss.properties().feed("order"), engine,
                CopyStage.factory(dataSource, BossTablePublishers.orders()), boss.folders(), claims);
    }
}
