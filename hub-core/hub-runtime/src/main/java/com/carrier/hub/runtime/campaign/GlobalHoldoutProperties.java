package com.carrier.hub.runtime.campaign;

import java.time.Duration;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The global control group ({@link GlobalHoldout}): a share of all customers that no campaign contacts, re-drawn on a
 * schedule, so the programme's lift is measured against customers who got no marketing at all.
 */
@ConfigurationProperties("hub.campaigns.global-holdout")
@Validated
public class GlobalHoldoutProperties {

    /** Share of all customers held out of every campaign, in percent (0 to 50); 0 turns the global holdout off. */
    @DecimalMin("0")
    @DecimalMax("50")
    private double percent = 0;

    /** How long one draw of the group stands before it is re-drawn with a new seed (an ADMIN can re-draw at once). */
    @NotNull
    private Duration reseedEvery = Duration.ofDays(365);

    /** How often the route {@code global-holdout-reseed} checks whether the draw is due. */
    @NotNull
    private Duration checkInterval = Duration.ofHours(1);

    public double getPercent() { return percent; }
    public void setPercent(double percent) { this.percent = percent; }
    public Duration getReseedEvery() { return reseedEvery; }
    public void setReseedEvery(Duration reseedEvery) { this.reseedEvery = reseedEvery; }
    public Duration getCheckInterval() { return checkInterval; }
    public void setCheckInterval(Duration checkInterval) { this.checkInterval = checkInterval; }
}
