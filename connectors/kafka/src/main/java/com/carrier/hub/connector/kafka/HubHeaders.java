package com.carrier.hub.connector.kafka;

/**
 * Message headers of the hub's envelope. {@code kafka-hub-source} sets them from the envelope it parsed, so routes
 * can filter and route without looking into the body; {@code kafka-hub-sink} reads them to build an envelope around
 * a body that is not one yet.
 */
public final class HubHeaders {

    /** The envelope's {@code messageId}; unique per sending system. */
    public static final String MESSAGE_ID = "HubMessageId";
    /** The envelope's {@code type}, for example {@code customer.changed}. */
    public static final String MESSAGE_TYPE = "HubMessageType";
    /** The envelope's {@code sourceSystem}, for example {@code crm}. */
    public static final String SOURCE_SYSTEM = "HubSourceSystem";
    /** The envelope's {@code time} as ISO-8601 text. */
    public static final String MESSAGE_TIME = "HubMessageTime";

    private HubHeaders() {
    }
}
