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
 * The step the BOSS routes in routes/ take through the Kamelet {@code boss-feed-ingest-action} ({@link BossFeedIngest}):
 * each feed runs the batch-file engine as configured under {@code hub.connectors.boss.feeds.*} and publishes into the
 * hub's table its publication names. Present when the BOSS connector is (its SFTP host named and not disabled).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "hub.connectors.boss", name = "host")
@ConditionalOnProperty(prefix = "hub.connectors.boss", name = "enabled", havingValue = "true", matchIfMissing = true)
public class BossFeedsConfiguration {

    /** The step of the Kamelet {@code boss-feed-ingest-action}: each BOSS feed with its publication. */
    @Bean
    public Processor bossFeedIngest(BossConnector boss, BatchFileEngine engine, DataSource dataSource,
                                    @Qualifier("hubFileIdempotentRepository") IdempotentRepository claims,
                                    FilesProperties files, ObjectProvider<WarehouseConnector> warehouse) throws IOException {
        return new BossFeedIngest(
                new BossFeedIngest.Ingest("customer-delta", "customer-index",
                        customerDelta(boss, engine, dataSource, claims, files, warehouse)),
                new BossFeedIngest.Ingest("product", "product-catalog", feed(boss, "product", engine,
                        CopyStage.factory(dataSource, BossTablePublishers.productCatalog()), claims)),
                new BossFeedIngest.Ingest("subscription", "holdings", feed(boss, "subscription", engine,
                        CopyStage.factory(dataSource, BossTablePublishers.holdings()), claims)),
                new BossFeedIngest.Ingest("order", "orders", feed(boss, "order", engine,
                        CopyStage.factory(dataSource, BossTablePublishers.orders()), claims)));
    }

    private static Processor customerDelta(BossConnector boss, BatchFileEngine engine, DataSource dataSource,
                                           IdempotentRepository claims, FilesProperties files,
                                           ObjectProvider<WarehouseConnector> warehouse) throws IOException {
        BossProperties p = boss.properties();
        WarehouseConnector w = warehouse.getIfAvailable();
        FeedShipper customerFeed = w == null ? null : new SftpFeedShipper(w.folders(), w.properties().getInFolder());
        return new CustomerDeltaIngest(p.feed("customer-delta"), engine, dataSource, boss.folders(), claims, files.getExportDir(),
                customerFeed);
    }

    private static Processor feed(BossConnector boss, String feed, BatchFileEngine engine,
                                  com.carrier.hub.batchfile.FileStage.Factory stages, IdempotentRepository claims) {
        return new FeedIngestProcessor(boss.properties().feed(feed), engine, stages, boss.folders(), claims);
    }
}
