package com.carrier.hub.connector.kafka;

import java.time.OffsetDateTime;
import java.util.UUID;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;

import com.carrier.hub.api.HubMessage;
import com.carrier.hub.api.HubTime;
import com.carrier.hub.api.PermanentFailure;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns the body into the JSON text of a {@link HubMessage} for {@code kafka-hub-sink}.
 *
 * <p>A {@link HubMessage} body is written as it is. Any other body becomes the payload of a new envelope whose
 * fields come from the {@link HubHeaders}: {@code messageId} from {@value HubHeaders#MESSAGE_ID} (a random UUID when
 * absent), {@code type} from {@value HubHeaders#MESSAGE_TYPE} (else the Kamelet's {@code type}), {@code sourceSystem}
 * from {@value HubHeaders#SOURCE_SYSTEM} (else the Kamelet's {@code sourceSystem}, {@code marketing-hub} by default)
 * and {@code time} now. A String or byte[] body must be JSON; any other object is mapped by Jackson. The record key
 * is the messageId unless the route set {@code kafka.KEY}.
 */
public class HubEnvelopeWriter implements Processor {

    /** Exchange property the sink Kamelet sets to its {@code type} parameter. */
    public static final String DEFAULT_TYPE_PROPERTY = "HubDefaultMessageType";
    /** Exchange property the sink Kamelet sets to its {@code sourceSystem} parameter. */
    public static final String DEFAULT_SOURCE_PROPERTY = "HubDefaultSourceSystem";

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getMessage();
        Object body = in.getBody();
        HubMessage message = body instanceof HubMessage m ? m : build(exchange, in, body);
        if (!message.missingFields().isEmpty()) {
            throw new PermanentFailure("BAD_ENVELOPE", "kafka: cannot send to " + topic(exchange) + ": the envelope lacks "
                    + String.join(", ", message.missingFields()));
        }
        String json;
        try {
            json = HubEnvelopes.MAPPER.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new PermanentFailure("BAD_ENVELOPE", "kafka: cannot serialise envelope " + message.messageId() + ": "
                    + e.getOriginalMessage(), e);
        }
        in.setBody(json);
        in.setHeader(HubHeaders.MESSAGE_ID, message.messageId());
        in.setHeader(HubHeaders.MESSAGE_TYPE, message.type());
        in.setHeader(HubHeaders.SOURCE_SYSTEM, message.sourceSystem());
        in.setHeader(HubHeaders.MESSAGE_TIME, message.time().toString());
        if (in.getHeader(KafkaConstants.KEY) == null) {
            in.setHeader(KafkaConstants.KEY, message.messageId());
        }
    }

    private static HubMessage build(Exchange exchange, Message in, Object body) {
        String messageId = text(in.getHeader(HubHeaders.MESSAGE_ID, String.class));
        if (messageId == null) {
            messageId = UUID.randomUUID().toString();
        }
        String type = text(in.getHeader(HubHeaders.MESSAGE_TYPE, String.class));
        if (type == null) {
            type = text(exchange.getProperty(DEFAULT_TYPE_PROPERTY, String.class));
        }
        String source = text(in.getHeader(HubHeaders.SOURCE_SYSTEM, String.class));
        if (source == null) {
            source = text(exchange.getProperty(DEFAULT_SOURCE_PROPERTY, String.class));
        }
        if (source == null) {
            source = "marketing-hub";
        }
        if (type == null) {
            throw new PermanentFailure("BAD_ENVELOPE", "kafka: cannot send to " + topic(exchange) + ": no "
                    + HubHeaders.MESSAGE_TYPE + " header and no type parameter on the kafka-hub-sink Kamelet");
        }
        JsonNode payload;
        try {
            if (body instanceof JsonNode node) {
                payload = node;
            } else if (body instanceof byte[] bytes) {
                payload = HubEnvelopes.MAPPER.readTree(bytes);
            } else if (body instanceof CharSequence text) {
                payload = HubEnvelopes.MAPPER.readTree(text.toString());
            } else {
                payload = HubEnvelopes.MAPPER.valueToTree(body);
            }
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new PermanentFailure("BAD_ENVELOPE", "kafka: cannot send message " + messageId + " to " + topic(exchange)
                    + ": the body is not JSON: " + e.getMessage(), e);
        }
        return new HubMessage(messageId, type, source, OffsetDateTime.now(HubTime.ZONE), payload);
    }

    private static String topic(Exchange exchange) {
        Object topic = exchange.getProperty("HubSinkTopic");
        return topic == null ? "the sink topic" : "topic " + topic;
    }

    private static String text(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
