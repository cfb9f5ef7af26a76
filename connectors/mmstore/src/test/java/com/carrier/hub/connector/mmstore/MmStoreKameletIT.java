package com.carrier.hub.connector.mmstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.List;

import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.carrier.hub.http.PushResult;
import com.carrier.hub.testkit.SimulatorExtension;
import com.carrier.hub.testkit.mm.MmStoreSimulator;

/** A route calls MM by Kamelet name; the recommendation reaches the simulator. */
@SpringBootTest(classes = MmStoreKameletIT.App.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
class MmStoreKameletIT {

    @RegisterExtension
    static final SimulatorExtension<MmStoreSimulator> MM = new SimulatorExtension<>(new MmStoreSimulator());

    @DynamicPropertySource
    static void mm(DynamicPropertyRegistry registry) {
        MM.simulator().connectorProperties().forEach((k, v) -> registry.add(k, () -> v));
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        RouteBuilder routes() {
            return new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:recommend").routeId("test-recommendations-to-mm").to("kamelet:mmstore-recommendation-sink");
                }
            };
        }
    }

    @Autowired
    ProducerTemplate producer;

    @Test
    void recommendationSinkPushesAndReturnsResults() {
        Recommendation r = Recommendation.of("C5", "13700000005", List.of("A1", "A2"),
                OffsetDateTime.parse("2026-11-29T23:59:59+08:00"));

        List<Object> results = producer.requestBody("direct:recommend", List.of(r), List.class);

        assertThat(results).containsExactly(PushResult.accepted("C5:13700000005"));
        assertThat(MM.simulator().item("C5:13700000005")).hasValueSatisfying(
                item -> assertThat(item.path("appIds").toString()).isEqualTo("[\"A1\",\"A2\"]"));
    }
}
