package com.carrier.hub.connector.portal;

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

/**
 * The portal connector: its {@link PortalClient} (Java API and Kamelet target, bean name {@code portalClient}),
 * the {@link PortalConnector}, and in a servlet web application the {@code /feedback/portal} callback endpoint.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "hub.connectors.portal", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(PortalProperties.class)
public class PortalAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public PortalClient portalClient(PortalProperties properties, ObjectProvider<MeterRegistry> meters) {
        return new PortalClient(properties, meters.getIfAvailable(() -> Metrics.globalRegistry));
    }

    @Bean
    @ConditionalOnMissingBean
    public PortalConnector portalConnector(PortalProperties properties, PortalClient portalClient) {
        return new PortalConnector(properties, portalClient);
    }

    @Bean
    @ConditionalOnMissingBean
    public PortalTouchpoint portalTouchpoint(PortalClient portalClient) {
        return new PortalTouchpoint(portalClient);
    }

    /** The callback endpoint, only where the hub serves HTTP with Spring MVC. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = "org.springframework.web.servlet.DispatcherServlet")
    static class Callbacks {

        @Bean
        @ConditionalOnMissingBean
        PortalFeedbackController portalFeedbackController(PortalProperties properties,
                                                          ObjectProvider<ResponseEventSink> sink,
                                                          ObjectProvider<MeterRegistry> meters) {
            return new PortalFeedbackController(properties, sink, meters.getIfAvailable(() -> Metrics.globalRegistry));
        }
    }
}
