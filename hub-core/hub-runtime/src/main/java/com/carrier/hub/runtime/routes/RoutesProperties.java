package com.carrier.hub.runtime.routes;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** Where the hub finds its YAML routes and how every route handles errors. */
@ConfigurationProperties("hub.routes")
@Validated
public class RoutesProperties {

    /** Folder of Camel YAML DSL route files ({@code *.yaml}, {@code *.yml}), relative to the working directory. */
    @NotBlank
    private String dir = "routes";

    /** Retry policy for transient errors; permanent errors go to the dead-letter store at once. */
    @Valid
    private final Retry retry = new Retry();

    public String getDir() {
        return dir;
    }

    public void setDir(String dir) {
        this.dir = dir;
    }

    public Retry getRetry() {
        return retry;
    }

    /** Exponential back-off for transient errors. */
    public static class Retry {

        /** Redeliveries after the first attempt before the exchange goes to the dead-letter store. */
        @Min(0)
        private int maxRedeliveries = 5;

        /** Delay before the first redelivery. */
        @NotNull
        private Duration initialDelay = Duration.ofSeconds(1);

        /** Each further delay is the previous one times this. */
        @DecimalMin("1.0")
        private double multiplier = 2.0;

        /** Upper bound of a single delay. */
        @NotNull
        private Duration maxDelay = Duration.ofMinutes(1);

        public int getMaxRedeliveries() {
            return maxRedeliveries;
        }

        public void setMaxRedeliveries(int maxRedeliveries) {
            this.maxRedeliveries = maxRedeliveries;
        }

        public Duration getInitialDelay() {
            return initialDelay;
        }

        public void setInitialDelay(Duration initialDelay) {
            this.initialDelay = initialDelay;
        }

        public double getMultiplier() {
            return multiplier;
        }

        public void setMultiplier(double multiplier) {
            this.multiplier = multiplier;
        }

        public Duration getMaxDelay() {
            return maxDelay;
        }

        public void setMaxDelay(Duration maxDelay) {
            this.maxDelay = maxDelay;
        }
    }
}
