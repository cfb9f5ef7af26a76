package com.carrier.hub.runtime.campaign.dispatch;

import java.util.concurrent.ExecutorService;

import org.apache.camel.CamelContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The thread pool the campaign dispatch route's split hands slices to its touchpoints on. */
@Configuration(proxyBeanMethods = false)
class DispatchConfiguration {

    /** Named in routes/campaign-dispatch.yaml; Camel's manager names its threads and shuts it down with the routes. */
    @Bean("campaignDispatchSlices")
    ExecutorService campaignDispatchSlices(CamelContext camel, DispatchProperties properties) {
        return camel.getExecutorServiceManager().newFixedThreadPool(this, "campaign-dispatch-slice",
                properties.getSlicesInFlight());
    }
}
