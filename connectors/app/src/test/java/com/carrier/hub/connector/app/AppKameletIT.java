package com.carrier.hub.connector.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.camel.CamelExecutionException;
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

import com.carrier.hub.http.PeerUnavailableException;
import com.carrier.hub.http.PushResult;
import com.carrier.hub.testkit.SimulatorExtension;
import com.carrier.hub.testkit.app.AppPushSimulator;

/** Routes push to the app by Kamelet name: the Kamelet loads from this module's classpath and reaches the simulator. */
@SpringBootTest(classes = AppKameletIT.App.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
class AppKameletIT {

    @RegisterExtension
    static final SimulatorExtension<AppPushSimulator> APP =
            new SimulatorExtension<>(new AppPushSimulator("kamelet-token", "kamelet-secret", 1000));

    @DynamicPropertySource
    static void app(DynamicPropertyRegistry registry) {
        APP.simulator().connectorProperties().forEach((k, v) -> registry.add(k, () -> v));
        registry.add("hub.connectors.app.retry.max-attempts", () -> "2");
        registry.add("hub.connectors.app.retry.initial-backoff", () -> "10ms");
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
        @Bean
        RouteBuilder routes() {
            return new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:push").routeId("test-messages-to-app").to("kamelet:app-push-sink");
                }
            };
        }
    }

    @Autowired
    ProducerTemplate producer;

    @Test
    void pushSinkPushesJsonAndReturnsEachMessagesOutcome() {
        APP.simulator().clear();
        APP.simulator().normal().noDevice("13900000002");
        String json = """
                {"messages":[
                  {"pushId":"K2:13900000001","msisdn":"13900000001","title":"t","body":"b","expireAt":"2026-11-29T08:00:00+08:00"},
                  {"pushId":"K2:13900000002","msisdn":"13900000002","title":"t","body":"b","expireAt":"2026-11-29T08:00:00+08:00"}
                ]}""";

        List<Object> results = producer.requestBody("direct:push", json, List.class);

        assertThat(results).containsExactly(PushResult.accepted("K2:13900000001"),
                PushResult.refused("K2:13900000002", "NO_DEVICE"));
        assertThat(APP.simulator().item("K2:13900000001")).isPresent();
    }

    @Test
    void pushSinkFailsTheExchangeWhenThePlatformIsDownSoTheRouteRetries() {
        APP.simulator().normal().clear().failNext(10, 503);
        PushMessage message = PushMessage.of("K3", "13900000003", "t", "b", null, null);

        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(
                () -> producer.requestBody("direct:push", List.of(message)));

        assertThat(failure).isInstanceOf(CamelExecutionException.class)
                .hasRootCauseInstanceOf(PeerUnavailableException.class);
        assertThat(failure.getCause().getMessage()).contains("503");
        APP.simulator().normal();
    }
}
