package com.carrier.hub.connector.app;

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
 * The app push connector, when {@code hub.connectors.app.enabled=true}: its {@link AppPushClient} (Java API and
 * Kamelet target, bean name {@code appPushClient}), the {@link AppTouchpoint} {@code APP},
 * the {@link AppConnector}, and in a servlet web application the {@code /feedback/app} callback endpoint.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "hub.connectors.app", name = "enabled", havingValue = "true")
@EnableConfigurationProperties(AppProperties.class)
public class AppAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public AppPushClient appPushClient(AppProperties properties, ObjectProvider<MeterRegistry> meters) {
        return new AppPushClient(properties, meters.getIfAvailable(() -> Metrics.globalRegistry));
    }

    @Bean
    @ConditionalOnMissingBean
    public AppConnector appConnector(AppProperties properties, AppPushClient appPushClient) {
        return new AppConnector(properties, appPushClient);
    }

    @Bean
    @ConditionalOnMissingBean
    public AppTouchpoint appTouchpoint(AppPushClient appPushClient) {
        return new AppTouchpoint(appPushClient);
    }

    /** The callback endpoint, only where the hub serves HTTP with Spring MVC. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = "org.springframework.web.servlet.DispatcherServlet")
    static class Callbacks {

        @Bean
        @ConditionalOnMissingBean
        AppFeedbackController appFeedbackController(AppProperties properties,
                                                ObjectProvider<ResponseEventSink> sink,
                                                ObjectProvider<MeterRegistry> meters) {
            return new AppFeedbackController(properties, sink, meters.getIfAvailable(() -> Metrics.globalRegistry));
        }
    }
}
