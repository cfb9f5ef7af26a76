package com.carrier.hub.connector.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.carrier.hub.http.PeerUnavailableException;
import com.carrier.hub.http.PushResult;
import com.carrier.hub.testkit.SimulatorExtension;
import com.carrier.hub.testkit.portal.PortalSimulator;

/** Routes call the portal by Kamelet name: the Kamelets load from this module's classpath and reach the simulator. */
@SpringBootTest(classes = PortalKameletIT.App.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
class PortalKameletIT {

    @RegisterExtension
    static final SimulatorExtension<PortalSimulator> PORTAL = new SimulatorExtension<>(new PortalSimulator());

    @DynamicPropertySource
    static void portal(DynamicPropertyRegistry registry) {
        PORTAL.simulator().connectorProperties().forEach((k, v) -> registry.add(k, () -> v));
        registry.add("hub.connectors.portal.retry.max-attempts", () -> "2");
        registry.add("hub.connectors.portal.retry.initial-backoff", () -> "10ms");
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        RouteBuilder routes() {
            return new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:offers").routeId("test-offers-to-portal").to("kamelet:portal-offer-sink");
                    from("direct:withdraw").routeId("test-withdraw-on-portal").to("kamelet:portal-offer-withdraw-sink");
                }
            };
        }
    }

    @Autowired
    ProducerTemplate producer;

    @Test
    void offerSinkPushesJsonAndReturnsResults() {
        PORTAL.simulator().normal().clear().reject("K2:13900000002", "BLOCKED");
        String json = """
                {"offers":[
                  {"offerKey":"K2:13900000001","msisdn":"13900000001","campaignId":"K2","productId":"P1","title":"t","body":"b","url":"u","validFrom":"2026-11-22T08:00:00+08:00","validTo":"2026-11-29T08:00:00+08:00"},
                  {"offerKey":"K2:13900000002","msisdn":"13900000002","campaignId":"K2","productId":"P1","title":"t","body":"b","url":"u","validFrom":"2026-11-22T08:00:00+08:00","validTo":"2026-11-29T08:00:00+08:00"}
                ]}""";

        List<Object> results = producer.requestBody("direct:offers", json, List.class);

        assertThat(results).containsExactly(PushResult.accepted("K2:13900000001"),
                PushResult.failed("K2:13900000002", "BLOCKED"));
        assertThat(PORTAL.simulator().item("K2:13900000001")).isPresent();
    }

    @Test
    void offerSinkFailsTheExchangeWhenThePortalIsDownSoTheRouteRetries() {
        PORTAL.simulator().normal().clear().failNext(10, 503);
        Offer offer = Offer.of("K3", "13900000003", "P1", "t", "b", "u", null, null);

        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(
                () -> producer.requestBody("direct:offers", List.of(offer)));

        assertThat(failure).isInstanceOf(CamelExecutionException.class)
                .hasRootCauseInstanceOf(PeerUnavailableException.class);
        assertThat(failure.getCause().getMessage()).contains("503");
        PORTAL.simulator().normal();
    }

    @Test
    void withdrawSinkDeletesACampaign() {
        PORTAL.simulator().normal().clear();
        producer.requestBody("direct:offers", List.of(Offer.of("K4", "13900000004", "P1", "t", "b", "u", null, null)));

        Boolean withdrawn = producer.requestBody("direct:withdraw", "K4", Boolean.class);

        assertThat(withdrawn).isTrue();
        assertThat(PORTAL.simulator().itemsWhere("campaignId", "K4")).isEmpty();
    }
}
