package com.carrier.hub.connector.mmstore;

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

/**
 * The MM store connector: {@link MmStoreClient} (bean {@code mmStoreClient}, the Kamelet's target), the
 * {@link AppCatalog} with its {@link MmAppRowParser} for the catalog file feed, {@link HandsetAdaptation}, the
 * {@link MmStoreConnector}, and in a servlet web application the {@code /feedback/mm} callback endpoint.
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
