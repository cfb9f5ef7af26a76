package com.carrier.hub.runtime.sandbox;

import java.time.Duration;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The sandbox's simulated call-centre agents ({@code hub.sandbox.call-centre.*}, profile {@code sandbox} only): how
 * often they look at the call tasks the hub wrote to the call centre's SFTP simulator and what share they answer.
 */
@ConfigurationProperties("hub.sandbox.call-centre")
@Validated
public class SandboxCallCentreProperties {

    /** Whether the simulated agents answer the tasks; off leaves the results to be dropped by hand. */
    private boolean enabled = true;

    /** The share of the tasks (0 to 1) the agents answer with a result; the others are never called. */
    @DecimalMin("0")
    @DecimalMax("1")
    private double answeredShare = 0.8;

    /** How often the agents look for new task files and write one result file for those they called. */
    @NotNull
    private Duration answerEvery = Duration.ofSeconds(30);

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public double getAnsweredShare() {
        return answeredShare;
    }

    public void setAnsweredShare(double answeredShare) {
        this.answeredShare = answeredShare;
    }

    public Duration getAnswerEvery() {
        return answerEvery;
    }

    public void setAnswerEvery(Duration answerEvery) {
        this.answerEvery = answerEvery;
    }
}
