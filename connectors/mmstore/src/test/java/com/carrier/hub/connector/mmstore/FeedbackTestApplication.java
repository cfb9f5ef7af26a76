package com.carrier.hub.connector.mmstore;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

import com.carrier.hub.testkit.InMemoryResponseEventSink;

/** The smallest hub that serves /feedback/mm: Spring MVC, the MM store auto-configuration and a test sink. */
@SpringBootConfiguration
@EnableAutoConfiguration(excludeName = "org.apache.camel.spring.boot.CamelAutoConfiguration")
public class FeedbackTestApplication {

    @Bean
    InMemoryResponseEventSink responseEventSink() {
        return new InMemoryResponseEventSink();
    }
}
