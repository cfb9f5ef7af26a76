package com.carrier.hub.runtime.console;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** The operator console served at {@code /}: its browser sessions and how much each page lists. */
@ConfigurationProperties("hub.console")
@Validated
public class ConsoleProperties {

    /**
     * How long a console session lasts without a request; the next page after it asks to sign in again. The API's
     * HTTP Basic requests keep no session and are not affected.
     */
    @NotNull
    private Duration sessionTimeout = Duration.ofMinutes(30);

    /** Dead letters the routes page lists, newest first. */
    @Min(1)
    @Max(500)
    private int deadLettersShown = 50;

    public Duration getSessionTimeout() {
        return sessionTimeout;
    }

    public void setSessionTimeout(Duration sessionTimeout) {
        this.sessionTimeout = sessionTimeout;
    }

    public int getDeadLettersShown() {
        return deadLettersShown;
    }

    public void setDeadLettersShown(int deadLettersShown) {
        this.deadLettersShown = deadLettersShown;
    }
}
