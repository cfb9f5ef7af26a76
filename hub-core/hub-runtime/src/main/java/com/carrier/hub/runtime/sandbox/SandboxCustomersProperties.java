package com.carrier.hub.runtime.sandbox;

import java.time.Duration;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The sandbox's simulated customers ({@code hub.sandbox.customers.*}, profile {@code sandbox} only): how the customers
 * behind the simulated peers answer what reaches them ({@link SandboxCustomers}) — SMS replies, portal and app clicks,
 * MM downloads and orders in BOSS's order files — and the demo campaign {@link SandboxDemoCampaign} that shows it.
 * Every choice a customer makes is drawn from a hash of {@link #getSeed() the seed} and the MSISDN, so the same
 * customers answer the same way at every run.
 */
// a misspelt setting is refused at start, not ignored
@ConfigurationProperties(prefix = "hub.sandbox.customers", ignoreUnknownFields = false)
@Validated
public class SandboxCustomersProperties {

    /**
     * Whether the simulated customers answer and the demo campaign SANDBOX-DEMO runs; off leaves the peers silent
     * (responses only by hand) and creates no campaign.
     */
    private boolean enabled = true;

    /** The seed of every customer's choices (reply or not, what, when, order or not). */
    private long seed = 19;

    /** The share (0 to 1) of customers who reply to an SMS (PEERS §5.4). */
    @DecimalMin("0")
    @DecimalMax("1")
    private double replyShare = 0.3;

    /** Of the replies, the share (0 to 1) that is the accept keyword {@link #getAcceptReply()}. */
    @DecimalMin("0")
    @DecimalMax("1")
    private double acceptShare = 0.5;

    /** Of the replies, the share (0 to 1) that is {@code TD}: the customer unsubscribes from SMS marketing. */
    @DecimalMin("0")
    @DecimalMax("1")
    private double unsubscribeShare = 0.1;

    /** The accept keyword customers reply (a campaign's default accepts {@code Y} or {@code 1}). */
    @NotBlank
    @Size(max = 20)
    private String acceptReply = "Y";

    /** What the other replies say (neither the accept keyword nor an unsubscribe). */
    @NotBlank
    @Size(max = 70)
    private String otherReply = "多少钱？";

    /** The share (0 to 1) of customers who click an offer on the portal or a push of the app. */
    @DecimalMin("0")
    @DecimalMax("1")
    private double clickShare = 0.25;

    /** The share (0 to 1) of customers who download an app MM recommended to them. */
    @DecimalMin("0")
    @DecimalMax("1")
    private double downloadShare = 0.2;

    /**
     * The share (0 to 1) of contacted customers who order the offered product (it appears in BOSS's next order file).
     */
    @DecimalMin("0")
    @DecimalMax("1")
    private double orderShareContacted = 0.2;

    /**
     * The share (0 to 1) of a campaign's target customers who order its product without being contacted (the control
     * group and the excluded): the base rate the campaign's lift is measured against.
     */
    @DecimalMin("0")
    @DecimalMax("1")
    private double orderShareNotContacted = 0.04;

    /** The shortest time a customer takes to answer or to order (at least a second). */
    @NotNull
    private Duration minDelay = Duration.ofSeconds(5);

    /** The longest time a customer takes to answer or to order; most answer soon, a few near this. */
    @NotNull
    private Duration maxDelay = Duration.ofMinutes(3);

    /** How often BOSS writes the orders placed meanwhile as one order file {@code ORDER_<day>_<seq>.dat}. */
    @NotNull
    private Duration orderFileEvery = Duration.ofSeconds(30);

    /** How many customers of the customer index the demo campaign's target list holds (its first start only). */
    @Min(10)
    @Max(100_000)
    private int demoTargets = 2000;

    /** The demo campaign's control group, in percent of its decided targets. */
    @DecimalMin("1")
    @DecimalMax("50")
    private double demoControlPercent = 10;

    @AssertTrue(message = "min-delay must be at least 1s and at most max-delay")
    public boolean isDelaysValid() {
        return minDelay == null || maxDelay == null
                || minDelay.compareTo(Duration.ofSeconds(1)) >= 0 && minDelay.compareTo(maxDelay) <= 0;
    }

    @AssertTrue(message = "accept-share and unsubscribe-share are shares of the same replies: together at most 1")
    public boolean isReplyMixValid() {
        return acceptShare + unsubscribeShare <= 1;
    }

    @AssertTrue(message = "order-file-every must be at least 1s")
    public boolean isOrderFileEveryValid() {
        return orderFileEvery == null || orderFileEvery.compareTo(Duration.ofSeconds(1)) >= 0;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public long getSeed() {
        return seed;
    }

    public void setSeed(long seed) {
        this.seed = seed;
    }

    public double getReplyShare() {
        return replyShare;
    }

    public void setReplyShare(double replyShare) {
        this.replyShare = replyShare;
    }

    public double getAcceptShare() {
        return acceptShare;
    }

    public void setAcceptShare(double acceptShare) {
        this.acceptShare = acceptShare;
    }

    public double getUnsubscribeShare() {
        return unsubscribeShare;
    }

    public void setUnsubscribeShare(double unsubscribeShare) {
        this.unsubscribeShare = unsubscribeShare;
    }

    public String getAcceptReply() {
        return acceptReply;
    }

    public void setAcceptReply(String acceptReply) {
        this.acceptReply = acceptReply;
    }

    public String getOtherReply() {
        return otherReply;
    }

    public void setOtherReply(String otherReply) {
        this.otherReply = otherReply;
    }

    public double getClickShare() {
        return clickShare;
    }

    public void setClickShare(double clickShare) {
        this.clickShare = clickShare;
    }

    public double getDownloadShare() {
        return downloadShare;
    }

    public void setDownloadShare(double downloadShare) {
        this.downloadShare = downloadShare;
    }

    public double getOrderShareContacted() {
        return orderShareContacted;
    }

    public void setOrderShareContacted(double orderShareContacted) {
        this.orderShareContacted = orderShareContacted;
    }

    public double getOrderShareNotContacted() {
        return orderShareNotContacted;
    }

    public void setOrderShareNotContacted(double orderShareNotContacted) {
        this.orderShareNotContacted = orderShareNotContacted;
    }

    public Duration getMinDelay() {
        return minDelay;
    }

    public void setMinDelay(Duration minDelay) {
        this.minDelay = minDelay;
    }

    public Duration getMaxDelay() {
        return maxDelay;
    }

    public void setMaxDelay(Duration maxDelay) {
        this.maxDelay = maxDelay;
    }

    public Duration getOrderFileEvery() {
        return orderFileEvery;
    }

    public void setOrderFileEvery(Duration orderFileEvery) {
        this.orderFileEvery = orderFileEvery;
    }

    public int getDemoTargets() {
        return demoTargets;
    }

    public void setDemoTargets(int demoTargets) {
        this.demoTargets = demoTargets;
    }

    public double getDemoControlPercent() {
        return demoControlPercent;
    }

    public void setDemoControlPercent(double demoControlPercent) {
        this.demoControlPercent = demoControlPercent;
    }
}
