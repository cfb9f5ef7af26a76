package com.carrier.hub.runtime.events;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** How the hub announces its events to downstream systems on Kafka (PEERS §12, route hub-events-to-kafka). */
@ConfigurationProperties("hub.events")
@Validated
public class HubEventsProperties {

    /**
     * Announce hub events at all. Off: no change writes an event to the outbox and the route hub-events-to-kafka does
     * not start — for a hub whose events no one consumes, so the outbox does not grow. Rows already in the outbox stay
     * until it is on again. Default {@code true}.
     */
    private boolean enabled = true;

    /** Topic the events are published to. Default {@code hub.events.out}. */
    @NotBlank
    private String topic = "hub.events.out";

    /** The envelope's {@code sourceSystem}. Default {@code marketing-hub}. */
    @NotBlank
    private String sourceSystem = "marketing-hub";

    /** Events one round of the route takes from the outbox and publishes. Default {@code 1000}. */
    @Min(1)
    private int batchSize = 1000;

    /**
     * Events of one round sent at once: the batch is cut into this many lanes by record key, the lanes are sent side by
     * side and each lane's events one after the other, so the events of one customer (or campaign) reach the topic in
     * the order they happened. Default {@code 8}.
     */
    @Min(1)
    private int lanes = 8;

    /**
     * Pause between rounds when the outbox was empty (after a round that published something, the next starts at
     * once). Default {@code 1s}.
     */
    @NotNull
    private Duration interval = Duration.ofSeconds(1);

    /**
     * How long a round holds the events it took: another instance takes them after that (the first one crashed or
     * hangs). Keep it well above the time a batch takes to publish. Default {@code 5m}.
     */
    @NotNull
    private Duration claimLease = Duration.ofMinutes(5);

    /**
     * How often a round reads the outbox from its start instead of from the last event this instance took: for events
     * whose transaction committed after later ones were taken, and events another instance took and never published
     * (after {@code claim-lease}). In between, rounds skip the rows published and deleted before, which PostgreSQL
     * keeps as dead rows until it vacuums the table and every read from the start would walk through again. Default
     * {@code 10s}.
     */
    @NotNull
    private Duration rescanInterval = Duration.ofSeconds(10);

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getTopic() {
        return topic;
    }

    public void setTopic(String topic) {
        this.topic = topic;
    }

    public String getSourceSystem() {
        return sourceSystem;
    }

    public void setSourceSystem(String sourceSystem) {
        this.sourceSystem = sourceSystem;
    }

    public int getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public int getLanes() {
        return lanes;
    }

    public void setLanes(int lanes) {
        this.lanes = lanes;
    }

    public Duration getInterval() {
        return interval;
    }

    public void setInterval(Duration interval) {
        this.interval = interval;
    }

    public Duration getClaimLease() {
        return claimLease;
    }

    public void setClaimLease(Duration claimLease) {
        this.claimLease = claimLease;
    }

    public Duration getRescanInterval() {
        return rescanInterval;
    }

    public void setRescanInterval(Duration rescanInterval) {
        this.rescanInterval = rescanInterval;
    }
}
