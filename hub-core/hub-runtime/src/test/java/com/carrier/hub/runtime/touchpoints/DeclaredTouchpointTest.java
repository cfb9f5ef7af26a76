package com.carrier.hub.runtime.touchpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.carrier.hub.api.touchpoint.ContactResult;
import com.carrier.hub.api.touchpoint.TouchpointContact;
import com.carrier.hub.api.touchpoint.Touchpoint;
import com.carrier.hub.api.touchpoint.TouchpointSlice;
import com.carrier.hub.runtime.connectors.ConnectorRegistry;
import com.carrier.hub.runtime.peers.SftpPeerConnector;
import com.carrier.hub.runtime.peers.SftpPeerProperties;

/**
 * A touchpoint declared in configuration: registered only with its connector in the hub, its slice handed to its
 * endpoint and the answer read back; an endpoint that fails leaves every contact RETRY, one the answer leaves out is
 * OUTCOME_UNKNOWN; a file layout naming an unknown placeholder stops the start naming the setting.
 */
class DeclaredTouchpointTest {

    private CamelContext camel;
    private ProducerTemplate producer;

    @BeforeEach
    void camel() throws Exception {
        camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:down").throwException(new IOException("peer not reached"));
                from("direct:first-only").process(e -> e.getMessage().setBody(List.of(ContactResult.sent(
                        e.getMessage().getBody(TouchpointSlice.class).contacts().get(0).msisdn()))));
            }
        });
        camel.start();
        producer = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    private static DeclaredTouchpointsProperties.Declared declared(String endpoint, String connector) {
        DeclaredTouchpointsProperties.Declared d = new DeclaredTouchpointsProperties.Declared();
        d.setEndpoint(endpoint);
        d.setConnector(connector);
        d.setSendInterval(Duration.ofHours(1));
        DeclaredTouchpointsProperties.Field script = new DeclaredTouchpointsProperties.Field();
        script.setName("script");
        script.setRequired(true);
        d.setTemplateFields(List.of(script));
        return d;
    }

    private static TouchpointSlice slice() {
        return new TouchpointSlice("C1", null, "P1", OffsetDateTime.now(ZoneOffset.ofHours(8)), List.of(
                new TouchpointContact("13900000001", Map.of("script", "hi"), Map.of()),
                new TouchpointContact("13900000002", Map.of("script", "hi"), Map.of())));
    }

    @Test
    void registeredOnlyWithItsConnectorInTheHub() {
        DeclaredTouchpointsProperties p = new DeclaredTouchpointsProperties();
        p.getDeclared().put("call", declared("direct:first-only", "call-centre"));
        p.getDeclared().put("NOTE", declared("direct:first-only", null));
        ConnectorRegistry none = new ConnectorRegistry(List.of(), Duration.ofSeconds(1));
        assertThat(new DeclaredTouchpoints(p, none, producer).touchpoints()).extracting(t -> t.id()).containsExactly("NOTE");

        ConnectorRegistry withPeer = new ConnectorRegistry(List.of(new SftpPeerConnector("call-centre", new SftpPeerProperties())),
                Duration.ofSeconds(1));
        List<Touchpoint> registered = new DeclaredTouchpoints(p, withPeer, producer).touchpoints();
        assertThat(registered).extracting(t -> t.id()).containsExactly("CALL", "NOTE");
        assertThat(registered.get(0)).satisfies(t -> {
            assertThat(t.id()).isEqualTo("CALL");
            assertThat(t.connectorId()).isEqualTo("call-centre");
            assertThat(t.sendInterval()).isEqualTo(Duration.ofHours(1));
            assertThat(t.idempotent()).isFalse();
            assertThat(t.templateFields()).singleElement().satisfies(f -> assertThat(f.required()).isTrue());
        });
    }

    @Test
    void anEndpointThatFailsLeavesEveryContactToBeTriedAgain() {
        List<ContactResult> results = new DeclaredTouchpoint("CALL", declared("direct:down", null), producer).send(slice());
        assertThat(results).extracting(ContactResult::status).containsExactly(ContactResult.Status.RETRY, ContactResult.Status.RETRY);
    }

    @Test
    void aContactTheRouteDoesNotAnswerForMayHaveBeenDelivered() {
        List<ContactResult> results = new DeclaredTouchpoint("CALL", declared("direct:first-only", null), producer).send(slice());
        assertThat(results).extracting(ContactResult::status)
                .containsExactly(ContactResult.Status.SENT, ContactResult.Status.OUTCOME_UNKNOWN);
    }

    @Test
    void aFileLayoutWithAnUnknownPlaceholderStopsTheStartNamingTheSetting() {
        DeclaredTouchpointsProperties.Declared d = declared("direct:first-only", null);
        DeclaredTouchpointsProperties.FileLayout file = new DeclaredTouchpointsProperties.FileLayout();
        file.setName("CALL_{campaignId}");
        DeclaredTouchpointsProperties.Column col = new DeclaredTouchpointsProperties.Column();
        col.setName("task_id");
        col.setValue("{campaign}:{msisdn}");
        file.setColumns(List.of(col));
        d.setFile(file);
        DeclaredTouchpointsProperties p = new DeclaredTouchpointsProperties();
        p.getDeclared().put("CALL", d);
        assertThatThrownBy(() -> new DeclaredTouchpoints(p, new ConnectorRegistry(List.of(), Duration.ofSeconds(1)), producer))
                .hasMessageContaining("hub.touchpoints.declared.CALL.file.columns[0].value: unknown placeholder {campaign}");
    }

    @Test
    void aColumnIsFilledFromTheSliceAndTheContactAndFallsBackWhenEmpty() {
        TouchpointSlice s = slice();
        TouchpointContact c = new TouchpointContact("13900000001", Map.of("script", "hi"), Map.of("name", "张三"));
        assertThat(TouchpointFiles.fill("{campaignId}:{msisdn}|{vars.name}|{fields.script}", s, c, "")).isEqualTo("C1:13900000001|张三|hi");
        assertThat(TouchpointFiles.fill("{fields.priority}", s, c, "5")).isEqualTo("5");
    }
}
