package com.carrier.hub.runtime.files;

import org.apache.camel.Processor;
import org.apache.camel.spi.IdempotentRepository;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.carrier.hub.batchfile.BatchFileEngine;
import com.carrier.hub.batchfile.FileStage;
import com.carrier.hub.batchfile.camel.FeedIngestProcessor;
import com.carrier.hub.connector.warehouse.WarehouseConnector;

/**
 * The processor of the warehouse target-list route: target lists are verified, validated and reconciled (GET
 * /api/files); handing the accepted rows to the campaign engine is that engine's stage to plug in here.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "hub.connectors.warehouse", name = "host")
@ConditionalOnProperty(prefix = "hub.connectors.warehouse", name = "enabled", havingValue = "true", matchIfMissing = true)
public class WarehouseFeedsConfiguration {

    @Bean
    public Processor warehouseTargetListIngest(WarehouseConnector warehouse, BatchFileEngine engine,
                                               @Qualifier("hubFileIdempotentRepository") IdempotentRepository claims) {
        FileStage.Factory reconcileOnly = (feed, fileName) -> new FileStage() {
            @Override
            public void accept(long lineNumber, String[] fields) {
                // counted by the engine; not stored until the campaign engine takes target lists
            }

            @Override
            public void publish() {
            }

            @Override
            public void discard() {
            }
        };
        return new FeedIngestProcessor(warehouse.properties().feed("target-list"), engine, reconcileOnly,
                warehouse.folders(), claims);
    }
}
