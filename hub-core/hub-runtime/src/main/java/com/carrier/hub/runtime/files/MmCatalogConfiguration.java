package com.carrier.hub.runtime.files;

import org.apache.camel.Processor;
import org.apache.camel.spi.IdempotentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.carrier.hub.batchfile.BatchFileEngine;
import com.carrier.hub.batchfile.camel.FeedIngestProcessor;
import com.carrier.hub.connector.mmstore.AppCatalog;
import com.carrier.hub.connector.mmstore.AppCatalogFileStage;
import com.carrier.hub.connector.mmstore.MmAppRowParser;
import com.carrier.hub.connector.mmstore.MmStoreConnector;
import com.carrier.hub.connector.mmstore.MmStoreProperties;

/**
 * The MM app catalog (PEERS §4.1) on the hub's database: the {@link AppCatalog} (bean {@code mmAppCatalog}, in place
 * of the connector's memory-only one) stores every accepted {@code MM_APPS_<yyyyMMdd>.dat} in table
 * {@code mm_app_catalog} before swapping it in and starts from that table, so a restart keeps handset adaptation
 * working; another instance's publication is picked up within {@code hub.files.mm-catalog-refresh} (30 s). With MM's
 * catalog server configured ({@code hub.connectors.mmstore.catalog.host}), the processor {@code mmCatalogIngest} of
 * route {@code mmstore-catalog-to-app-catalog} runs the batch-file engine on each file the
 * {@code mmstore-catalog-source} Kamelet brings.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "hub.connectors.mmstore", name = "enabled", havingValue = "true", matchIfMissing = true)
public class MmCatalogConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(MmCatalogConfiguration.class);

    @Bean
    public JdbcAppCatalogStore mmAppCatalogStore(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        return new JdbcAppCatalogStore(jdbc, new TransactionTemplate(transactions));
    }

    @Bean
    public AppCatalog mmAppCatalog(JdbcAppCatalogStore store) {
        AppCatalog catalog = new AppCatalog(store);
        if (catalog.isLoaded()) {
            LOG.info("mmstore: catalog {} ({} apps) loaded from the database", catalog.snapshot().source(), catalog.size());
        }
        return catalog;
    }

    /** Takes a catalog another hub instance published (that instance claimed the file). */
    // Component scanning also finds nested configuration classes on their own: each repeats the outer condition.
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "hub.connectors.mmstore", name = "enabled", havingValue = "true", matchIfMissing = true)
    static class Refresh {

        private final AppCatalog catalog;

        Refresh(AppCatalog catalog) {
            this.catalog = catalog;
        }

        @Scheduled(initialDelayString = "#{@filesProperties.mmCatalogRefresh.toMillis()}", fixedDelayString = "#{@filesProperties.mmCatalogRefresh.toMillis()}")
        void refresh() {
            try {
                if (catalog.refreshFromStore()) {
                    LOG.info("mmstore: catalog {} ({} apps) taken from the database", catalog.snapshot().source(),
                            catalog.size());
                }
            } catch (RuntimeException e) {
                LOG.warn("mmstore: could not check the stored catalog, keeping {}: {}", catalog.snapshot().source(),
                        e.toString());
            }
        }
    }

    /** The ingest of MM's catalog files, once MM's catalog server is named. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "hub.connectors.mmstore", name = "enabled", havingValue = "true", matchIfMissing = true)
    @ConditionalOnProperty(prefix = "hub.connectors.mmstore.catalog", name = "host")
    static class Ingest {

        @Bean
        Processor mmCatalogIngest(MmStoreConnector mmstore, BatchFileEngine engine, AppCatalog catalog,
                                  MmAppRowParser parser,
                                  @Qualifier("hubFileIdempotentRepository") IdempotentRepository claims) {
            MmStoreProperties p = (MmStoreProperties) mmstore.properties();
            return new FeedIngestProcessor(p.getCatalog().feed(), engine, AppCatalogFileStage.factory(catalog, parser),
                    mmstore.catalogFolders(), claims);
        }
    }
}
