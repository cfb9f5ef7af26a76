package com.carrier.hub.connector.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.carrier.hub.api.HubMessage;
import com.carrier.hub.api.PermanentFailure;

/** The sink's envelope: JSON text is copied in as it is, checked first; other bodies go through Jackson. */
class HubEnvelopeWriterTest {

    private static final DefaultCamelContext CAMEL = new DefaultCamelContext();

    @AfterAll
    static void close() throws Exception {
        CAMEL.close();
    }

    @Test
    void jsonTextBecomesThePayloadOfTheSameEnvelopeAsAnyOtherBody() throws Exception {
        Exchange text = exchange("{ \"msisdn\" : \"13800000001\", \"n\": [1, 2.50, {\"a\": null}] }");
        Exchange bytes = exchange("{\"msisdn\":\"13800000001\",\"n\":[1,2.50,{\"a\":null}]}".getBytes(StandardCharsets.UTF_8));
        Exchange map = exchange(Map.of("msisdn", "13800000001"));
        for (Exchange e : new Exchange[] {text, bytes, map}) {
            new HubEnvelopeWriter().process(e);
            HubMessage m = HubEnvelopes.MAPPER.readValue(e.getMessage().getBody(String.class), HubMessage.class);
            assertThat(m.messageId()).isEqualTo("m-1");
            assertThat(m.type()).isEqualTo("campaign.contact");
            assertThat(m.sourceSystem()).isEqualTo("marketing-hub");
            assertThat(m.time()).isNotNull();
            assertThat(m.payload().get("msisdn").asText()).isEqualTo("13800000001");
            assertThat(e.getMessage().getHeader("kafka.KEY")).isEqualTo("m-1");
            assertThat(e.getMessage().getHeader(HubHeaders.MESSAGE_TIME)).isNotNull();
        }
        HubMessage fromText = HubEnvelopes.MAPPER.readValue(text.getMessage().getBody(String.class), HubMessage.class);
        HubMessage fromBytes = HubEnvelopes.MAPPER.readValue(bytes.getMessage().getBody(String.class), HubMessage.class);
        assertThat(fromText.payload()).isEqualTo(fromBytes.payload());
        assertThat(fromText.payload().get("n").get(1).decimalValue()).isEqualByComparingTo("2.50");
        // field order as HubMessage's own serialisation
        assertThat(text.getMessage().getBody(String.class)).startsWith("{\"messageId\":\"m-1\",\"type\":\"campaign.contact\","
                + "\"sourceSystem\":\"marketing-hub\",\"time\":\"");
    }

    @Test
    void aListBodyIsABatchOfRecordsEachWithItsOwnEnvelopeAndKeyInOrder() throws Exception {
        Exchange e = exchange(null);
        org.apache.camel.Message first = new org.apache.camel.support.DefaultMessage(e);
        first.setBody("{\"msisdn\":\"13800000001\"}");
        first.setHeader(HubHeaders.MESSAGE_ID, "a-1");
        first.setHeader("kafka.KEY", "13800000001");
        HubMessage second = new HubMessage("b-2", "contact.made", "marketing-hub", java.time.OffsetDateTime.now(),
                HubEnvelopes.MAPPER.readTree("{\"msisdn\":\"13800000002\"}"));
        e.getMessage().setBody(java.util.List.of(first, second));
        new HubEnvelopeWriter().process(e);
        java.util.List<?> records = e.getMessage().getBody(java.util.List.class);
        assertThat(records).hasSize(2).allSatisfy(r -> assertThat(r).isInstanceOf(org.apache.camel.Message.class));
        org.apache.camel.Message r1 = (org.apache.camel.Message) records.get(0);
        org.apache.camel.Message r2 = (org.apache.camel.Message) records.get(1);
        HubMessage m1 = HubEnvelopes.MAPPER.readValue(r1.getBody(String.class), HubMessage.class);
        assertThat(m1.messageId()).isEqualTo("a-1");
        assertThat(m1.type()).isEqualTo("campaign.contact");
        assertThat(r1.getHeader("kafka.KEY")).as("the route's key kept").isEqualTo("13800000001");
        assertThat(HubEnvelopes.MAPPER.readValue(r2.getBody(String.class), HubMessage.class)).isEqualTo(second);
        assertThat(r2.getHeader("kafka.KEY")).as("the messageId when no key was set").isEqualTo("b-2");
    }

    @Test
    void textThatIsNotExactlyOneJsonValueIsRefusedWithoutQuotingIt() {
        assertThatThrownBy(() -> new HubEnvelopeWriter().process(exchange("msisdn=13800000001")))
                .isInstanceOf(PermanentFailure.class)
                .hasMessageStartingWith("kafka: cannot send message m-1 to topic hub.downstream: the body is not JSON")
                .message().doesNotContain("13800000001");
        assertThatThrownBy(() -> new HubEnvelopeWriter().process(exchange("{\"a\":1} {\"b\":2}")))
                .isInstanceOf(PermanentFailure.class)
                .hasMessageEndingWith("the body is not JSON: more than one JSON value");
        assertThatThrownBy(() -> new HubEnvelopeWriter().process(exchange("{\"a\":")))
                .isInstanceOf(PermanentFailure.class)
                .hasMessageContaining("the body is not JSON");
        assertThatThrownBy(() -> new HubEnvelopeWriter().process(exchange("null")))
                .isInstanceOf(PermanentFailure.class)
                .hasMessage("kafka: cannot send to topic hub.downstream: the envelope lacks payload");
        assertThatThrownBy(() -> new HubEnvelopeWriter().process(exchange("  ")))
                .isInstanceOf(PermanentFailure.class)
                .hasMessage("kafka: cannot send to topic hub.downstream: the envelope lacks payload");
    }

    private static Exchange exchange(Object body) {
        Exchange e = new DefaultExchange(CAMEL);
        e.setProperty(HubEnvelopeWriter.DEFAULT_TYPE_PROPERTY, "campaign.contact");
        e.setProperty("HubSinkTopic", "hub.downstream");
        e.getMessage().setHeader(HubHeaders.MESSAGE_ID, "m-1");
        e.getMessage().setBody(body);
        return e;
    }
}
