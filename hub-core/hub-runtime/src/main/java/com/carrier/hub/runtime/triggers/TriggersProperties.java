package com.carrier.hub.runtime.triggers;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Network and usage events (PEERS.md §11) and the campaigns they trigger (§7.4): {@code hub.triggers.*}.
 */
@ConfigurationProperties("hub.triggers")
public class TriggersProperties {

    /** Topic upstream systems publish network and usage events to (PEERS §11), read by the route network-events-to-triggered-campaigns. */
    private String topic = "hub.events.in";

    /** Most events one batch (one Kafka poll, one transaction) holds. */
    private int batchSize = 2000;

    /**
     * Longest an event waits for its batch to fill: a batch goes on when it holds batch-size events or this long after
     * the last batch. Without it camel-kafka's batching consumer waits for a full batch or an empty poll, and a steady
     * stream of a few hundred events a second waited seconds before it was decided.
     */
    private Duration batchInterval = Duration.ofMillis(100);

    /** How far an event's time may lie ahead of the hub's clock before the event is refused as dated in the future. */
    private Duration futureTolerance = Duration.ofMinutes(1);

    /**
     * Event types and their payload fields, by type: field name → kind. Kinds: {@code msisdn} (11 digits from 1),
     * {@code text}, {@code number}, {@code integer}, {@code month} (yyyyMM), {@code time} (ISO-8601 with offset),
     * {@code one-of:A|B|C}; a trailing {@code ?} makes a field optional. Every type needs an {@code msisdn} field.
     * The seven types of PEERS §11 are built in; a province adds its own here, without code, e.g.
     * {@code hub.triggers.event-types[app.opened].msisdn=msisdn} and {@code hub.triggers.event-types[app.opened].page=text}
     * (a built-in type named again is replaced field by field).
     */
    private Map<String, Map<String, String>> eventTypes = builtIn();

    static Map<String, Map<String, String>> builtIn() {
        Map<String, Map<String, String>> types = new LinkedHashMap<>();
        types.put("usage.threshold", fields("msisdn", "msisdn", "metric", "one-of:DATA|VOICE|SMS", "usedPercent", "number",
                "packageId", "text?", "periodEnd", "time?"));
        types.put("roaming.entered", fields("msisdn", "msisdn", "region", "text"));
        types.put("recharge", fields("msisdn", "msisdn", "amountFen", "integer", "channel", "text?"));
        types.put("balance.low", fields("msisdn", "msisdn", "balanceFen", "integer"));
        types.put("zone.entered", fields("msisdn", "msisdn", "zoneId", "text"));
        types.put("handset.changed", fields("msisdn", "msisdn", "model", "text"));
        types.put("bill.issued", fields("msisdn", "msisdn", "month", "month", "amountFen", "integer"));
        return types;
    }

    private static Map<String, String> fields(String... nameKind) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < nameKind.length; i += 2) {
            fields.put(nameKind[i], nameKind[i + 1]);
        }
        return fields;
    }

    public String getTopic() {
        return topic;
    }

    public void setTopic(String topic) {
        this.topic = topic;
    }

    public int getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public Duration getBatchInterval() {
        return batchInterval;
    }

    public void setBatchInterval(Duration batchInterval) {
        this.batchInterval = batchInterval;
    }

    public Duration getFutureTolerance() {
        return futureTolerance;
    }

    public void setFutureTolerance(Duration futureTolerance) {
        this.futureTolerance = futureTolerance;
    }

    public Map<String, Map<String, String>> getEventTypes() {
        return eventTypes;
    }

    public void setEventTypes(Map<String, Map<String, String>> eventTypes) {
        this.eventTypes = eventTypes;
    }
}
