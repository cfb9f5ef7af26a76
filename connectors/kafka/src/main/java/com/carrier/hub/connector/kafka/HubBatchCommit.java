package com.carrier.hub.connector.kafka;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last step of the {@code kafka-hub-batch-source} Kamelet, run only once the route has handled the whole batch
 * without an exception: commits the next offset of every partition the batch covered, asynchronously (one request for
 * the batch; Kafka keeps a consumer's commits in order and finishes pending ones when it closes). It runs on the
 * consumer's own poll thread, as the consumer requires. A commit that fails (the group rebalanced meanwhile) is covered
 * by the next one, or at worst the partition's new owner receives handled records again: at least once, never early.
 */
public class HubBatchCommit implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(HubBatchCommit.class);

    @Override
    public void process(Exchange exchange) {
        HubEnvelopeBatchReader.Positions positions =
                exchange.getProperty(HubEnvelopeBatchReader.POSITIONS, HubEnvelopeBatchReader.Positions.class);
        if (positions == null || positions.consumer() == null || positions.next().isEmpty()) {
            return;
        }
        positions.consumer().commitAsync(positions.next(), (offsets, e) -> {
            if (e != null) {
                LOG.warn("kafka: commit of {} partitions failed, their records may come again: {}", offsets.size(), e.toString());
            }
        });
    }
}
