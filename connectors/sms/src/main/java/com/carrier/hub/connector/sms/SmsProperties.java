package com.carrier.hub.connector.sms;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import com.carrier.hub.api.Secret;

/**
 * The SMS gateway account (PEERS §5): where the SMSC is, how the hub binds, how fast it may send, and how it treats
 * answers that do not come.
 */
@Validated
@ConfigurationProperties("hub.connectors.sms")
public class SmsProperties {

    /** Whether the SMS connector starts. */
    private boolean enabled = true;

    /** SMSC host name or address. */
    @NotBlank
    private String host;

    /** SMSC SMPP port. */
    @Min(1)
    @Max(65535)
    private int port = 2775;

    /** The account's system_id used in bind_transceiver (at most 15 characters). */
    @NotBlank
    @Size(max = 15)
    private String systemId;

    /** The account's password used in bind_transceiver (SMPP 3.4 allows at most 8 characters). */
    @Secret
    @Size(max = 8)
    private String password = "";

    /** system_type sent in bind_transceiver (PEERS §5.1: empty). */
    @Size(max = 12)
    private String systemType = "";

    /** How many bind_transceiver sessions the account opens (the SMSC must allow that many). */
    @Min(1)
    @Max(32)
    private int binds = 2;

    /** Outstanding submit_sm (sent, not yet answered) allowed per bind. */
    @Min(1)
    @Max(100)
    private int window = 10;

    /** The account's licensed rate: submit_sm per second over all binds, every part counted; 0 for no limit. */
    @Min(0)
    private int licensedRate = 100;

    /**
     * Added to the one-second window of the rate limiter. The limiter is exact without it (a permit's window starts
     * when its submit_sm is answered); set a few milliseconds for an SMSC that counts differently.
     */
    @NotNull
    private Duration rateGuard = Duration.ZERO;

    /**
     * Split the licensed rate between the hub instances sharing the database (each sends at the rate divided by the
     * live instances); off, every instance may use the whole rate. Applies to the hub runtime, not to the connector
     * alone.
     */
    private boolean sharedLicence = true;

    /** How often an instance recounts the live instances it shares the licence with. */
    @NotNull
    private Duration sharedLicenceRefresh = Duration.ofSeconds(1);

    /** The service code messages are sent from when a message names none. */
    @NotBlank
    private String sourceAddress = "10658001";

    /** A text needing more parts than this is refused (FAILED) without sending anything. */
    @Min(1)
    @Max(255)
    private int maxParts = 6;

    /** How long a submit_sm may wait for its submit_sm_resp; after that it is OUTCOME_UNKNOWN. */
    @NotNull
    private Duration responseTimeout = Duration.ofSeconds(10);

    /**
     * Whether a submit_sm whose response did not come is sent again. Off by default: a duplicate SMS to a customer is
     * worse than a missing receipt.
     */
    private boolean resubmitOnTimeout = false;

    /** How long a bind (and the health probe's bind) may take. */
    @NotNull
    private Duration bindTimeout = Duration.ofSeconds(5);

    /** How often an idle-or-not session sends enquire_link (PEERS §5.1: 30 s). */
    @NotNull
    private Duration enquireLinkInterval = Duration.ofSeconds(30);

    /** A session that misses this many enquire_link answers in a row is dropped and re-bound (PEERS §5.1: 3). */
    @Min(1)
    private int enquireLinkMaxMissed = 3;

    /** First wait before re-binding a dropped or refused session; doubled on each failure. */
    @NotNull
    private Duration rebindBackoff = Duration.ofSeconds(1);

    /** Longest wait between two bind attempts. */
    @NotNull
    private Duration rebindMaxBackoff = Duration.ofSeconds(60);

    /** First wait before resubmitting after ESME_RTHROTTLED or ESME_RMSGQFUL; doubled while it repeats. */
    @NotNull
    private Duration throttleBackoff = Duration.ofMillis(100);

    /** Longest wait before resubmitting after ESME_RTHROTTLED or ESME_RMSGQFUL. */
    @NotNull
    private Duration throttleMaxBackoff = Duration.ofSeconds(5);

    /**
     * How long a receipt whose message id is not known yet waits for a submit_sm_resp still in flight before it is
     * stored as a receipt for an unknown message.
     */
    @NotNull
    private Duration receiptMatchWait = Duration.ofSeconds(5);

    /** How long a sent message is remembered for matching its receipt (campaign, contact, number). */
    @NotNull
    private Duration receiptRetention = Duration.ofHours(72);

    /** How this SMSC writes message ids in submit_sm_resp. */
    @NotNull
    private MessageIds.Format submitResponseIdFormat = MessageIds.Format.AUTO;

    /** How this SMSC writes message ids in the id: field of receipts. */
    @NotNull
    private MessageIds.Format receiptIdFormat = MessageIds.Format.AUTO;

    /** Messages accepted by send() and not yet submitted; a full queue makes callers wait. */
    @Min(1)
    private int queueCapacity = 10_000;

    /**
     * Campaign contacts the SMS touchpoint takes in one slice of the campaign dispatch: each slice is marked SUBMITTING
     * in one committed statement before any of it is submitted and its outcomes are stored in another, so a slice costs
     * two commits (a WAL flush each, about 3 ms on the benchmark machine's disk) however small it is, and slices the
     * size of the window (binds x window, 40) held dispatch to a fifth of what the gateway sends. A larger slice keeps
     * the gateway's queue full while other slices are being written. After a crash, the contacts of the slices in
     * flight that were not yet submitted wait as OUTCOME_UNKNOWN for the ledger (their receipt window) before they are
     * sent again: at most {@code hub.campaigns.dispatch.slices-in-flight} times this many.
     */
    @Min(1)
    @Max(10_000)
    private int sliceSize = 200;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public int getPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    public String getSystemId() {
        return systemId;
    }

    public void setSystemId(String systemId) {
        this.systemId = systemId;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public String getSystemType() {
        return systemType;
    }

    public void setSystemType(String systemType) {
        this.systemType = systemType;
    }

    public int getBinds() {
        return binds;
    }

    public void setBinds(int binds) {
        this.binds = binds;
    }

    public int getWindow() {
        return window;
    }

    public void setWindow(int window) {
        this.window = window;
    }

    public int getLicensedRate() {
        return licensedRate;
    }

    public void setLicensedRate(int licensedRate) {
        this.licensedRate = licensedRate;
    }

    public boolean isSharedLicence() {
        return sharedLicence;
    }

    public void setSharedLicence(boolean sharedLicence) {
        this.sharedLicence = sharedLicence;
    }

    public Duration getSharedLicenceRefresh() {
        return sharedLicenceRefresh;
    }

    public void setSharedLicenceRefresh(Duration sharedLicenceRefresh) {
        this.sharedLicenceRefresh = sharedLicenceRefresh;
    }

    public Duration getRateGuard() {
        return rateGuard;
    }

    public void setRateGuard(Duration rateGuard) {
        this.rateGuard = rateGuard;
    }

    public String getSourceAddress() {
        return sourceAddress;
    }

    public void setSourceAddress(String sourceAddress) {
        this.sourceAddress = sourceAddress;
    }

    public int getMaxParts() {
        return maxParts;
    }

    public void setMaxParts(int maxParts) {
        this.maxParts = maxParts;
    }

    public Duration getResponseTimeout() {
        return responseTimeout;
    }

    public void setResponseTimeout(Duration responseTimeout) {
        this.responseTimeout = responseTimeout;
    }

    public boolean isResubmitOnTimeout() {
        return resubmitOnTimeout;
    }

    public void setResubmitOnTimeout(boolean resubmitOnTimeout) {
        this.resubmitOnTimeout = resubmitOnTimeout;
    }

    public Duration getBindTimeout() {
        return bindTimeout;
    }

    public void setBindTimeout(Duration bindTimeout) {
        this.bindTimeout = bindTimeout;
    }

    public Duration getEnquireLinkInterval() {
        return enquireLinkInterval;
    }

    public void setEnquireLinkInterval(Duration enquireLinkInterval) {
        this.enquireLinkInterval = enquireLinkInterval;
    }

    public int getEnquireLinkMaxMissed() {
        return enquireLinkMaxMissed;
    }

    public void setEnquireLinkMaxMissed(int enquireLinkMaxMissed) {
        this.enquireLinkMaxMissed = enquireLinkMaxMissed;
    }

    public Duration getRebindBackoff() {
        return rebindBackoff;
    }

    public void setRebindBackoff(Duration rebindBackoff) {
        this.rebindBackoff = rebindBackoff;
    }

    public Duration getRebindMaxBackoff() {
        return rebindMaxBackoff;
    }

    public void setRebindMaxBackoff(Duration rebindMaxBackoff) {
        this.rebindMaxBackoff = rebindMaxBackoff;
    }

    public Duration getThrottleBackoff() {
        return throttleBackoff;
    }

    public void setThrottleBackoff(Duration throttleBackoff) {
        this.throttleBackoff = throttleBackoff;
    }

    public Duration getThrottleMaxBackoff() {
        return throttleMaxBackoff;
    }

    public void setThrottleMaxBackoff(Duration throttleMaxBackoff) {
        this.throttleMaxBackoff = throttleMaxBackoff;
    }

    public Duration getReceiptMatchWait() {
        return receiptMatchWait;
    }

    public void setReceiptMatchWait(Duration receiptMatchWait) {
        this.receiptMatchWait = receiptMatchWait;
    }

    public Duration getReceiptRetention() {
        return receiptRetention;
    }

    public void setReceiptRetention(Duration receiptRetention) {
        this.receiptRetention = receiptRetention;
    }

    public MessageIds.Format getSubmitResponseIdFormat() {
        return submitResponseIdFormat;
    }

    public void setSubmitResponseIdFormat(MessageIds.Format submitResponseIdFormat) {
        this.submitResponseIdFormat = submitResponseIdFormat;
    }

    public MessageIds.Format getReceiptIdFormat() {
        return receiptIdFormat;
    }

    public void setReceiptIdFormat(MessageIds.Format receiptIdFormat) {
        this.receiptIdFormat = receiptIdFormat;
    }

    public int getQueueCapacity() {
        return queueCapacity;
    }

    public void setQueueCapacity(int queueCapacity) {
        this.queueCapacity = queueCapacity;
    }

    public int getSliceSize() {
        return sliceSize;
    }

    public void setSliceSize(int sliceSize) {
        this.sliceSize = sliceSize;
    }
}
