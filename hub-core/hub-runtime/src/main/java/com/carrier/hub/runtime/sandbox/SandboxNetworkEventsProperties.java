package com.carrier.hub.runtime.sandbox;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The sandbox's simulated network and usage events ({@code hub.sandbox.events.*}, profile {@code sandbox} only): the
 * PEERS §11 events {@link SandboxNetworkEvents} publishes to the sandbox's Kafka broker about the customers of the
 * customer index, and the triggered campaign {@link SandboxTriggeredCampaign} they make contacts for.
 */
@ConfigurationProperties("hub.sandbox.events")
@Validated
public class SandboxNetworkEventsProperties {

    /**
     * Whether the sandbox publishes simulated network events and runs its triggered campaign SANDBOX-DATA-TOPUP on
     * them; off leaves the topic to events sent by hand and creates no campaign.
     */
    private boolean enabled = true;

    /** How many events a second the sandbox publishes (0.01 to 1000), spread evenly over the second. */
    @DecimalMin("0.01")
    @DecimalMax("1000")
    private double rate = 2;

    /** The Kafka topic the events go to: the one upstream systems publish to (PEERS §11). */
    @NotBlank
    private String topic = "hub.events.in";

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public double getRate() {
        return rate;
    }

    public void setRate(double rate) {
        this.rate = rate;
    }

    public String getTopic() {
        return topic;
    }

    public void setTopic(String topic) {
        this.topic = topic;
    }
}
