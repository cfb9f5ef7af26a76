package com.carrier.hub.connector.kafka;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;

import com.carrier.hub.api.HubMessage;
import com.carrier.hub.api.HubTime;
import com.carrier.hub.api.PermanentFailure;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
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
 *
 * <p>A {@link List} body is a batch: each element (a {@link Message} with its own headers, or a body as above) becomes
 * one record, written as above, and the exchange — one for the whole batch — completes once the broker acknowledged
 * every record, in the list's order (the idempotent producer keeps it per partition). Camel's cost per message (an
 * exchange through the Kamelet's route) is then paid once per batch.
 */
public class HubEnvelopeWriter implements Processor {

    /** Exchange property the sink Kamelet sets to its {@code type} parameter. */
    public static final String DEFAULT_TYPE_PROPERTY = "HubDefaultMessageType";
    /** Exchange property the sink Kamelet sets to its {@code sourceSystem} parameter. */
    public static final String DEFAULT_SOURCE_PROPERTY = "HubDefaultSourceSystem";

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getMessage();
        if (in.getBody() instanceof List<?> batch) {
            // a batch: one record each, sent by one exchange that completes when every record is acknowledged
            List<Message> records = new ArrayList<>(batch.size());
            for (Object item : batch) {
                Message m;
                if (item instanceof Message message) {
                    m = message;
                } else {
                    m = new DefaultMessage(exchange);
                    m.setBody(item);
                }
                write(exchange, m);
                records.add(m);
            }
            in.setBody(records);
            return;
        }
        write(exchange, in);
    }

    /** Writes one message's envelope into its body and headers (and its record key, unless it has one). */
    private static void write(Exchange exchange, Message in) {
        Object body = in.getBody();
        String json;
        String messageId;
        String type;
        String source;
        OffsetDateTime time;
        String timeText;
        if (body instanceof HubMessage message) {
            requireComplete(exchange, message);
            json = serialise(message);
            messageId = message.messageId();
            type = message.type();
            source = message.sourceSystem();
            time = message.time();
            timeText = time.toString();
        } else {
            messageId = text(in.getHeader(HubHeaders.MESSAGE_ID, String.class));
            if (messageId == null) {
                messageId = UUID.randomUUID().toString();
            }
            type = text(in.getHeader(HubHeaders.MESSAGE_TYPE, String.class));
            if (type == null) {
                type = text(exchange.getProperty(DEFAULT_TYPE_PROPERTY, String.class));
            }
            source = text(in.getHeader(HubHeaders.SOURCE_SYSTEM, String.class));
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
            Now now = now();
            time = now.time();
            timeText = now.text();
            if (body instanceof CharSequence || body instanceof byte[]) {
                // JSON text is the payload as it is: checked to be one JSON value, then copied into the envelope
                // without building a tree and writing it back (the sink's hot path)
                json = envelope(exchange, messageId, type, source, timeText, body);
            } else {
                HubMessage message = new HubMessage(messageId, type, source, time, tree(exchange, messageId, body));
                requireComplete(exchange, message);
                json = serialise(message);
            }
        }
        in.setBody(json);
        in.setHeader(HubHeaders.MESSAGE_ID, messageId);
        in.setHeader(HubHeaders.MESSAGE_TYPE, type);
        in.setHeader(HubHeaders.SOURCE_SYSTEM, source);
        in.setHeader(HubHeaders.MESSAGE_TIME, timeText);
        if (in.getHeader(KafkaConstants.KEY) == null) {
            in.setHeader(KafkaConstants.KEY, messageId);
        }
    }

    /** The envelope time of a message made now: to the millisecond, formatted once per millisecond. */
    private record Now(long millis, OffsetDateTime time, String text) {
    }

    private static volatile Now current = new Now(Long.MIN_VALUE, null, null);

    private static Now now() {
        long millis = System.currentTimeMillis();
        Now now = current;
        if (now.millis() != millis) {
            OffsetDateTime time = OffsetDateTime.ofInstant(Instant.ofEpochMilli(millis), HubTime.ZONE);
            now = new Now(millis, time, DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time));
            current = now;
        }
        return now;
    }

    private static void requireComplete(Exchange exchange, HubMessage message) {
        if (!message.missingFields().isEmpty()) {
            throw new PermanentFailure("BAD_ENVELOPE", "kafka: cannot send to " + topic(exchange) + ": the envelope lacks "
                    + String.join(", ", message.missingFields()));
        }
    }

    private static String serialise(HubMessage message) {
        try {
            return HubEnvelopes.MAPPER.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new PermanentFailure("BAD_ENVELOPE", "kafka: cannot serialise envelope " + message.messageId() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    private static JsonNode tree(Exchange exchange, String messageId, Object body) {
        try {
            return body instanceof JsonNode node ? node : HubEnvelopes.MAPPER.valueToTree(body);
        } catch (IllegalArgumentException e) {
            throw new PermanentFailure("BAD_ENVELOPE", "kafka: cannot send message " + messageId + " to " + topic(exchange)
                    + ": the body is not JSON: " + e.getMessage(), e);
        }
    }

    /** The envelope's JSON text, the same fields in the same order as {@link HubMessage}'s, around JSON text. */
    private static String envelope(Exchange exchange, String messageId, String type, String source, String time,
                                   Object body) {
        String payload = body instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : body.toString();
        try (JsonParser parser = HubEnvelopes.MAPPER.createParser(payload)) {
            JsonToken first = parser.nextToken();
            if (first == null || first == JsonToken.VALUE_NULL) {
                throw new PermanentFailure("BAD_ENVELOPE", "kafka: cannot send to " + topic(exchange)
                        + ": the envelope lacks payload");
            }
            parser.skipChildren();
            if (parser.nextToken() != null) {
                throw new PermanentFailure("BAD_ENVELOPE", "kafka: cannot send message " + messageId + " to "
                        + topic(exchange) + ": the body is not JSON: more than one JSON value");
            }
        } catch (JsonProcessingException e) {
            // the original message, not getMessage(): that one quotes the body, which may hold personal data
            throw new PermanentFailure("BAD_ENVELOPE", "kafka: cannot send message " + messageId + " to " + topic(exchange)
                    + ": the body is not JSON: " + e.getOriginalMessage(), e);
        } catch (java.io.IOException e) {
            throw new PermanentFailure("BAD_ENVELOPE", "kafka: cannot send message " + messageId + " to " + topic(exchange)
                    + ": the body is not JSON: " + e.getMessage(), e);
        }
        StringWriter out = new StringWriter(payload.length() + 200);
        try (JsonGenerator g = HubEnvelopes.MAPPER.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("messageId", messageId);
            g.writeStringField("type", type);
            g.writeStringField("sourceSystem", source);
            g.writeStringField("time", time);
            g.writeFieldName("payload");
            g.writeRawValue(payload);
            g.writeEndObject();
        } catch (java.io.IOException e) {
            throw new PermanentFailure("BAD_ENVELOPE", "kafka: cannot serialise envelope " + messageId + ": " + e.getMessage(), e);
        }
        return out.toString();
    }

    private static String topic(Exchange exchange) {
        Object topic = exchange.getProperty("HubSinkTopic");
        return topic == null ? "the sink topic" : "topic " + topic;
    }

    private static String text(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
