package com.carrier.hub.connector.kafka;

import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;

import com.carrier.hub.api.HubMessage;
import com.carrier.hub.api.PermanentFailure;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectReader;

/**
 * Parses a consumed Kafka record into a {@link HubMessage} body and sets the {@link HubHeaders}. A record that is
 * not JSON or lacks envelope fields fails with {@link PermanentFailure} naming the topic, partition and offset, so
 * the route's error handling dead-letters it (no retry can cure it) and the consumer moves on.
 */
public class HubEnvelopeReader implements Processor {

    /** Reason code of a record that is not a complete hub envelope. */
    public static final String BAD_ENVELOPE = "BAD_ENVELOPE";

    private static final ObjectReader ENVELOPE = HubEnvelopes.MAPPER.readerFor(HubMessage.class);

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getMessage();
        HubMessage message = read(in);
        in.setBody(message);
        in.setHeader(HubHeaders.MESSAGE_ID, message.messageId());
        in.setHeader(HubHeaders.MESSAGE_TYPE, message.type());
        in.setHeader(HubHeaders.SOURCE_SYSTEM, message.sourceSystem());
        in.setHeader(HubHeaders.MESSAGE_TIME, message.time().toString());
    }

    /**
     * The envelope of a consumed record (its body, bytes or text).
     *
     * @throws PermanentFailure naming the record's topic/partition/offset and what is wrong, when it is not a complete
     *                          hub envelope
     */
    static HubMessage read(Message in) {
        Object body = in.getBody();
        if (body == null) {
            throw new PermanentFailure(BAD_ENVELOPE, "kafka: message at " + where(in) + " is empty (tombstone?), expected a hub envelope");
        }
        HubMessage message;
        // One pass over the bytes straight into the record (no intermediate tree): the first token says whether it
        // is an object at all, the reader maps the rest.
        try (JsonParser parser = body instanceof byte[] bytes
                ? HubEnvelopes.MAPPER.createParser(bytes)
                : HubEnvelopes.MAPPER.createParser(in.getBody(String.class))) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new PermanentFailure(BAD_ENVELOPE, "kafka: message at " + where(in) + " is not a JSON object, expected a hub envelope");
            }
            message = ENVELOPE.readValue(parser);
        } catch (JsonParseException e) {
            throw new PermanentFailure(BAD_ENVELOPE, "kafka: message at " + where(in) + " is not valid JSON: "
                    + e.getOriginalMessage(), e);
        } catch (JsonMappingException e) {
            throw new PermanentFailure(BAD_ENVELOPE, "kafka: message at " + where(in) + " has a malformed envelope field '"
                    + field(e) + "': " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new PermanentFailure(BAD_ENVELOPE, "kafka: message at " + where(in) + " cannot be read: "
                    + e.getOriginalMessage(), e);
        } catch (java.io.IOException e) {
            throw new PermanentFailure(BAD_ENVELOPE, "kafka: message at " + where(in) + " cannot be read: " + e.getMessage(), e);
        }
        List<String> missing = message.missingFields();
        if (!missing.isEmpty()) {
            throw new PermanentFailure(BAD_ENVELOPE, "kafka: message at " + where(in) + " lacks " + String.join(", ", missing));
        }
        return message;
    }

    private static String field(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (!path.isEmpty()) {
                path.append('.');
            }
            path.append(ref.getFieldName() != null ? ref.getFieldName() : String.valueOf(ref.getIndex()));
        }
        return path.toString();
    }

    static String where(Message in) {
        return in.getHeader(KafkaConstants.TOPIC) + "/" + in.getHeader(KafkaConstants.PARTITION) + "/"
                + in.getHeader(KafkaConstants.OFFSET);
    }
}
