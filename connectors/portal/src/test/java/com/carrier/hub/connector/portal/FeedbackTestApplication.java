package com.carrier.hub.connector.portal;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

import com.carrier.hub.testkit.InMemoryResponseEventSink;

/** The smallest hub that serves /feedback/portal: Spring MVC, the portal auto-configuration and a test sink. */
@SpringBootConfiguration
@EnableAutoConfiguration(excludeName = "org.apache.camel.spring.boot.CamelAutoConfiguration")
public class FeedbackTestApplication {

    @Bean
    InMemoryResponseEventSink responseEventSink() {
        return new InMemoryResponseEventSink();
    }
}
