package com.carrier.hub.connector.mmstore;

import java.time.Duration;

import org.apache.camel.spi.IdempotentRepository;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.carrier.hub.api.ResponseEventSink;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import com.carrier.hub.batchfile.FileStage;
import com.carrier.hub.batchfile.camel.LeasedClaims;

/**
 * The MM store connector: {@link MmStoreClient} (bean {@code mmStoreClient}, the Kamelet's target), the
 * {@link AppCatalog} with its {@link MmAppRowParser} for the catalog file feed, {@link HandsetAdaptation}, the
 * {@link MmStoreConnector}, and in a servlet web application the {@code /feedback/mm} callback endpoint. The
 * {@code mmstore-catalog-source} Kamelet fetches the catalog file from MM's SFTP server once
 * {@code hub.connectors.mmstore.catalog.host} is set.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "hub.connectors.mmstore", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(MmStoreProperties.class)
public class MmStoreAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public MmStoreClient mmStoreClient(MmStoreProperties properties, ObjectProvider<MeterRegistry> meters) {
        return new MmStoreClient(properties, meters.getIfAvailable(() -> Metrics.globalRegistry));
    }

    @Bean
    @ConditionalOnMissingBean
    public MmTouchpoint mmTouchpoint(MmStoreClient mmStoreClient) {
        return new MmTouchpoint(mmStoreClient);
    }

    @Bean
    @ConditionalOnMissingBean
    public AppCatalog mmAppCatalog() {
        return new AppCatalog();
    }

    @Bean
    @ConditionalOnMissingBean
    public MmAppRowParser mmAppRowParser() {
        return new MmAppRowParser();
    }

    /** Stages of the {@code mm-apps} feed for the batch-file engine: one catalog file each. */
    @Bean
    @ConditionalOnMissingBean(name = "mmAppCatalogStages")
    public FileStage.Factory mmAppCatalogStages(AppCatalog catalog, MmAppRowParser parser) {
        return AppCatalogFileStage.factory(catalog, parser);
    }

    @Bean
    @ConditionalOnMissingBean
    public HandsetAdaptation handsetAdaptation(AppCatalog catalog) {
        return new HandsetAdaptation(catalog);
    }

    @Bean
    @ConditionalOnMissingBean
    public MmStoreConnector mmStoreConnector(MmStoreProperties properties, MmStoreClient mmStoreClient,
                                             AppCatalog catalog) {
        return new MmStoreConnector(properties, mmStoreClient, catalog);
    }

    /**
     * With a catalog server named ({@code hub.connectors.mmstore.catalog.host}): the file claims the
     * {@code mmstore-catalog-source} Kamelet uses, in memory with a 10-minute lease — a stand-in for a hub without a
     * database; the hub runtime declares a JDBC one under the same name, shared by instances and kept over restarts.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "hub.connectors.mmstore.catalog", name = "host")
    static class CatalogSource {

        @Bean(name = "hubFileIdempotentRepository")
        @ConditionalOnMissingBean(name = "hubFileIdempotentRepository")
        IdempotentRepository hubFileIdempotentRepository() {
            return new LeasedClaims(Duration.ofMinutes(10));
        }
    }

    /** The callback endpoint, only where the hub serves HTTP with Spring MVC. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = "org.springframework.web.servlet.DispatcherServlet")
    static class Callbacks {

        @Bean
        @ConditionalOnMissingBean
        MmFeedbackController mmFeedbackController(MmStoreProperties properties,
                                                  ObjectProvider<ResponseEventSink> sink,
                                                  ObjectProvider<MeterRegistry> meters) {
            return new MmFeedbackController(properties, sink, meters.getIfAvailable(() -> Metrics.globalRegistry));
        }
    }
}
