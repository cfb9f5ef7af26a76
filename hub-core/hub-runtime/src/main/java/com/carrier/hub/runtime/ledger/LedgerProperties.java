package com.carrier.hub.runtime.ledger;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** How the response ledger correlates responses and orders to campaign contacts. */
@ConfigurationProperties("hub.ledger")
@Validated
public class LedgerProperties {

    /**
     * Run the ledger's rounds at all — the routes responses-to-ledger, accepted-responses-to-boss-orders and
     * closed-campaigns-to-evaluations start with this (an instance may be kept for the API only).
     */
    private boolean enabled = true;

    /** Pause between correlation passes; evaluations are as current as the last pass. */
    @NotNull
    private Duration interval = Duration.ofSeconds(10);

    /**
     * Pause between rounds that freeze the evaluation of campaigns whose response window has closed (and open their
     * cases in the case library).
     */
    @NotNull
    private Duration evaluationInterval = Duration.ofSeconds(60);

    /** Response events correlated per transaction. */
    @Min(1)
    private int batchSize = 50_000;

    /** An event time further than this ahead of the hub's clock is recorded as FUTURE and not attributed. */
    @NotNull
    private Duration clockSkew = Duration.ofMinutes(5);

    /**
     * How long an UNMATCHED SMS receipt or order is tried again on every pass (a receipt may arrive before its contact's
     * message ids are stored), and how long a skipped event id is looked for; afterwards an event stays UNMATCHED,
     * kept and counted.
     */
    @NotNull
    private Duration retryUnmatched = Duration.ofMinutes(10);

    /**
     * How long after an SMS submit its delivery receipt is waited for. The SMSC sends a receipt for every message it
     * accepted with registered_delivery=1 (PEERS §5.3), so a receipt from the customer's MSISDN to the campaign's
     * service code within this window settles a contact whose submit outcome was unknown (a timeout, a crash) as SENT;
     * a contact still unresolved when it closes was not accepted and is sent again, once, if its campaign allows
     * ({@code resendUnresolved}, default on). Default 48 hours: a message to a switched-off phone is receipted only
     * when it is delivered or expires, so the window must cover the SMSC's validity period (the hub sets none, and
     * 24–48 h is the usual SMSC default); a shorter window risks a second SMS to a customer whose first one was only
     * waiting, a longer one delays the resend.
     */
    @NotNull
    private Duration receiptWindow = Duration.ofHours(48);

    /** Orders are re-read this far behind the last one seen, so a long-running order import is not skipped. */
    @NotNull
    private Duration orderOverlap = Duration.ofMinutes(10);

    /** How often the RESPONSE and EVAL feeds to the warehouse are checked for a file due (routes/ledger-feeds-to-warehouse.yaml). */
    @NotNull
    private Duration feedsPeriod = Duration.ofMinutes(1);

    /** How long after start the first check of the warehouse feeds waits. */
    @NotNull
    private Duration feedsDelay = Duration.ofMinutes(1);

    /**
     * How long after a month, quarter or year ends its EVAL_PERIOD roll-up file is written and shipped (README
     * "Periodic evaluation"): a campaign whose response window closed just before the end is frozen by the next
     * evaluation round, and only frozen evaluations are rolled up. A day by default, so a hub that was down across the
     * period's end still freezes those campaigns first.
     */
    @NotNull
    private Duration periodFeedSettle = Duration.ofDays(1);

    public Duration getPeriodFeedSettle() { return periodFeedSettle; }
    public void setPeriodFeedSettle(Duration periodFeedSettle) { this.periodFeedSettle = periodFeedSettle; }
    public Duration getFeedsPeriod() { return feedsPeriod; }
    public void setFeedsPeriod(Duration feedsPeriod) { this.feedsPeriod = feedsPeriod; }
    public Duration getFeedsDelay() { return feedsDelay; }
    public void setFeedsDelay(Duration feedsDelay) { this.feedsDelay = feedsDelay; }

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public Duration getInterval() { return interval; }
    public void setInterval(Duration interval) { this.interval = interval; }
    public Duration getEvaluationInterval() { return evaluationInterval; }
    public void setEvaluationInterval(Duration evaluationInterval) { this.evaluationInterval = evaluationInterval; }
    public int getBatchSize() { return batchSize; }
    public void setBatchSize(int batchSize) { this.batchSize = batchSize; }
    public Duration getClockSkew() { return clockSkew; }
    public void setClockSkew(Duration clockSkew) { this.clockSkew = clockSkew; }
    public Duration getRetryUnmatched() { return retryUnmatched; }
    public void setRetryUnmatched(Duration retryUnmatched) { this.retryUnmatched = retryUnmatched; }
    public Duration getReceiptWindow() { return receiptWindow; }
    public void setReceiptWindow(Duration receiptWindow) { this.receiptWindow = receiptWindow; }
    public Duration getOrderOverlap() { return orderOverlap; }
    public void setOrderOverlap(Duration orderOverlap) { this.orderOverlap = orderOverlap; }
}
