package com.carrier.hub.runtime.connectors;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** What holds for every connector; each connector's own settings are its properties class, {@code hub.connectors.<id>.*}. */
@ConfigurationProperties("hub.connectors")
@Validated
public class ConnectorsProperties {

    /** How long a connector's health probe may take; a probe still running then reports DOWN. */
    @NotNull
    private Duration healthTimeout = Duration.ofSeconds(5);

    public Duration getHealthTimeout() { return healthTimeout; }
    public void setHealthTimeout(Duration healthTimeout) { this.healthTimeout = healthTimeout; }
}
