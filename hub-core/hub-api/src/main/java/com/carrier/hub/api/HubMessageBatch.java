package com.carrier.hub.api;

import java.util.List;

/**
 * The hub envelopes of one poll of a batching source (the {@code kafka-hub-batch-source} Kamelet): one exchange per
 * poll, never per record, for flows that handle thousands of messages a second in one transaction. Records that are
 * not complete envelopes are not dropped: they come as {@link #rejected()}, each with where it came from and why, for
 * the route to dead-letter.
 *
 * @param messages the complete envelopes, in the order of their partitions' offsets
 * @param rejected the records that are not complete envelopes
 */
public record HubMessageBatch(List<HubMessage> messages, List<Rejected> rejected) {

    /**
     * A record that is not a hub envelope.
     *
     * @param where  topic/partition/offset
     * @param reason what is wrong with it, naming the field where one is
     * @param body   the record as received (text), for the dead letter
     */
    public record Rejected(String where, String reason, String body) {
    }
}
