package com.carrier.hub.runtime.campaign.dispatch;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** How running campaigns are dispatched. */
@ConfigurationProperties("hub.campaigns.dispatch")
@Validated
public class DispatchProperties {

    /** Dispatch running campaigns at all (an instance may be kept for the API only). */
    private boolean enabled = true;

    /** Pause between dispatch rounds when there was nothing to do (after a round that sent something, the next starts at once). */
    @NotNull
    private Duration interval = Duration.ofSeconds(1);

    /**
     * Contacts one instance claims in a round per campaign and touchpoint, in two claims: the first slice's worth, then
     * the rest while that slice is already out. Unset (the default): {@code slices-in-flight} times the
     * touchpoint's slice size, so that a round fills every slice the route sends at once (the SMS touchpoint's 200: 800;
     * the app's 1,000: 4,000). A round ends when its last slice has, so a smaller one leaves slices idle.
     */
    @Min(1)
    private Integer batchSize;

    /**
     * Slices handed to their touchpoints at once by one instance (the dispatch route's split). More keeps a slow peer's
     * round trips overlapping and one slice's sending beside another's database writes; after a crash, at most this many
     * slices of a non-idempotent touchpoint end OUTCOME_UNKNOWN.
     */
    @Min(1)
    private int slicesInFlight = 4;

    /** When a peer could not be reached, how long before its contacts are tried again. */
    @NotNull
    private Duration retryAfter = Duration.ofMinutes(1);

    /**
     * Resend SMS whose submit outcome is unknown after a crash. Off by default: a duplicate SMS to a customer is worse
     * than a missing receipt.
     */
    private boolean resendOutcomeUnknown = false;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Duration getInterval() {
        return interval;
    }

    public void setInterval(Duration interval) {
        this.interval = interval;
    }

    public Integer getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(Integer batchSize) {
        this.batchSize = batchSize;
    }

    /** The contacts one claim takes for a touchpoint whose slices hold {@code sliceSize}: see {@link #getBatchSize()}. */
    public int batchSize(int sliceSize) {
        return batchSize != null ? batchSize : (int) Math.min(Integer.MAX_VALUE, (long) slicesInFlight * Math.max(1, sliceSize));
    }

    public int getSlicesInFlight() {
        return slicesInFlight;
    }

    public void setSlicesInFlight(int slicesInFlight) {
        this.slicesInFlight = slicesInFlight;
    }

    public Duration getRetryAfter() {
        return retryAfter;
    }

    public void setRetryAfter(Duration retryAfter) {
        this.retryAfter = retryAfter;
    }

    public boolean isResendOutcomeUnknown() {
        return resendOutcomeUnknown;
    }

    public void setResendOutcomeUnknown(boolean resendOutcomeUnknown) {
        this.resendOutcomeUnknown = resendOutcomeUnknown;
    }
}
