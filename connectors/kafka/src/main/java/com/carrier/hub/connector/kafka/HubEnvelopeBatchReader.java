package com.carrier.hub.connector.kafka;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.DefaultKafkaManualCommit;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import com.carrier.hub.api.HubMessage;
import com.carrier.hub.api.HubMessageBatch;
import com.carrier.hub.api.PermanentFailure;

/**
 * Turns one poll of camel-kafka's batching consumer (the body: a list of one exchange per record) into a
 * {@link HubMessageBatch}: each record read as {@link HubEnvelopeReader} reads one, those that are not complete
 * envelopes kept as rejects with the reason. What the poll covered — the next offset of each partition and the
 * consumer — goes into the {@link #POSITIONS} property, for {@link HubBatchCommit} to commit once the route has handled
 * the batch.
 */
public class HubEnvelopeBatchReader implements Processor {

    /** Exchange property: the {@link Positions} of the batch. */
    public static final String POSITIONS = "HubKafkaBatchPositions";

    /** The offsets to commit once the batch is handled (the next record of each partition), and whose they are. */
    public record Positions(Consumer<?, ?> consumer, Map<TopicPartition, OffsetAndMetadata> next) {
    }

    @Override
    public void process(Exchange exchange) {
        List<?> records = exchange.getMessage().getBody(List.class);
        List<HubMessage> messages = new ArrayList<>(records == null ? 0 : records.size());
        List<HubMessageBatch.Rejected> rejected = new ArrayList<>();
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        Consumer<?, ?> consumer = null;
        for (Object o : records == null ? List.of() : records) {
            Message in = ((Exchange) o).getMessage();
            try {
                messages.add(HubEnvelopeReader.read(in));
            } catch (PermanentFailure e) {
                rejected.add(new HubMessageBatch.Rejected(HubEnvelopeReader.where(in), e.getMessage(), text(in.getBody())));
            }
            TopicPartition tp = new TopicPartition(in.getHeader(KafkaConstants.TOPIC, String.class),
                    in.getHeader(KafkaConstants.PARTITION, Integer.class));
            next.merge(tp, new OffsetAndMetadata(in.getHeader(KafkaConstants.OFFSET, Long.class) + 1),
                    (a, b) -> a.offset() >= b.offset() ? a : b);
            if (consumer == null && in.getHeader(KafkaConstants.MANUAL_COMMIT) instanceof KafkaManualCommit manual
                    && manual instanceof DefaultKafkaManualCommit known) {
                consumer = known.getConsumer();
            }
        }
        exchange.setProperty(POSITIONS, new Positions(consumer, next));
        exchange.getMessage().setBody(new HubMessageBatch(messages, rejected));
    }

    private static String text(Object body) {
        return body instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : body == null ? null : body.toString();
    }
}
