package com.carrier.hub.connector.kafka;

import org.apache.camel.Exchange;
import org.apache.camel.spi.HeaderFilterStrategy;

/**
 * The header filter of {@code kafka-hub-sink}: no exchange header becomes a Kafka record header. The envelope is the
 * record's whole contract (its fields travel inside it), so the calling route's own headers — a file name, an
 * MSISDN taken from a row — stay in the hub, and each record is the envelope's size and no more.
 */
public class EnvelopeOnlyHeaderFilterStrategy implements HeaderFilterStrategy {

    @Override
    public boolean applyFilterToCamelHeaders(String headerName, Object headerValue, Exchange exchange) {
        return true;
    }

    @Override
    public boolean applyFilterToExternalHeaders(String headerName, Object headerValue, Exchange exchange) {
        return true;
    }
}
