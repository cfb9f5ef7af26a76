package com.carrier.hub.runtime.console;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** The operator console served at {@code /}: its browser sessions, how much each page lists and how fresh its figures are. */
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

    /** Campaigns the campaigns page lists at a time. */
    @Min(1)
    @Max(500)
    private int campaignsShown = 25;

    /**
     * How old a campaign's progress (counts by stage and exclusion code, rate, ETA) may be when a page or its live
     * update reads it: it is computed at most once in this time for all viewers, and an older one is shown while the
     * next is computed. A 10M-contact campaign's progress counts its contacts (seconds of database time).
     */
    @NotNull
    private Duration progressMaxAge = Duration.ofSeconds(5);

    /**
     * How old a campaign's evaluation may be when the evaluation page shows it; as {@code progress-max-age}, computed
     * at most once in this time, the older one shown meanwhile. A campaign's status change computes it afresh; a frozen
     * evaluation (response window closed) is read as stored. A 10M-contact evaluation takes several seconds.
     */
    @NotNull
    private Duration evaluationMaxAge = Duration.ofMinutes(1);

    /**
     * How long a page waits for figures that are not computed yet (the first view of a campaign) before it is
     * answered without them, saying they are being computed; the next view (or the live update) shows them.
     */
    @NotNull
    private Duration figuresWait = Duration.ofMillis(800);

    /** How often the campaign page's script asks for fresh progress. */
    @NotNull
    private Duration progressPoll = Duration.ofSeconds(3);

    public int getCampaignsShown() {
        return campaignsShown;
    }

    public void setCampaignsShown(int campaignsShown) {
        this.campaignsShown = campaignsShown;
    }

    public Duration getProgressMaxAge() {
        return progressMaxAge;
    }

    public void setProgressMaxAge(Duration progressMaxAge) {
        this.progressMaxAge = progressMaxAge;
    }

    public Duration getEvaluationMaxAge() {
        return evaluationMaxAge;
    }

    public void setEvaluationMaxAge(Duration evaluationMaxAge) {
        this.evaluationMaxAge = evaluationMaxAge;
    }

    public Duration getFiguresWait() {
        return figuresWait;
    }

    public void setFiguresWait(Duration figuresWait) {
        this.figuresWait = figuresWait;
    }

    public Duration getProgressPoll() {
        return progressPoll;
    }

    public void setProgressPoll(Duration progressPoll) {
        this.progressPoll = progressPoll;
    }

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
