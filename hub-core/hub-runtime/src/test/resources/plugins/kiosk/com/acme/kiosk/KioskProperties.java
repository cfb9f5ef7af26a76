package com.acme.kiosk;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** The kiosk connector's settings, {@code hub.connectors.kiosk.*}. */
@ConfigurationProperties("hub.connectors.kiosk")
@Validated
public class KioskProperties {

    /** Base URL of the shops' kiosk display service, for example {@code http://kiosk.province.local:8080}. */
    @NotNull
    private URI url;

    /** The longest wait for the display service's answer to one slice; after it the slice's outcome is unknown. */
    @NotNull
    private Duration timeout = Duration.ofSeconds(10);

    /** How often the customers' taps are read back from the display service. */
    @NotNull
    private Duration pollInterval = Duration.ofSeconds(5);

    /** Contacts handed to the display service in one request (and left OUTCOME_UNKNOWN at most by a crash). */
    @Min(1)
    @Max(1000)
    private int sliceSize = 100;

    public URI getUrl() { return url; }
    public void setUrl(URI url) { this.url = url; }
    public Duration getTimeout() { return timeout; }
    public void setTimeout(Duration timeout) { this.timeout = timeout; }
    public Duration getPollInterval() { return pollInterval; }
    public void setPollInterval(Duration pollInterval) { this.pollInterval = pollInterval; }
    public int getSliceSize() { return sliceSize; }
    public void setSliceSize(int sliceSize) { this.sliceSize = sliceSize; }
}
