package com.carrier.hub.api;

import java.util.List;

/**
 * The durable store every channel's response events go to. Implemented by the hub runtime; connectors call it.
 *
 * <p>{@link #append} returns only once the events are durably stored, so a connector may acknowledge its peer
 * (deliver_sm_resp, HTTP 202) right after it returns, and must not before. An {@code UNSUBSCRIBED} event also records
 * the customer's opt-out from its channel in the same transaction.
 */
public interface ResponseEventSink {

    /**
     * Stores the events; an event whose (source, eventId) is already stored is ignored.
     *
     * @return how many of the events were new
     * @throws RuntimeException when they could not be stored; nothing of the batch is stored then
     */
    int append(List<ResponseEvent> events);
}
