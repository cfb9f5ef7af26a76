package com.carrier.hub.connector.sms;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import java.util.function.Supplier;


import com.carrier.hub.api.Msisdn;
import com.carrier.hub.api.ResponseEventSink;

/**
 * Sends the hub's SMS through one SMPP account: {@code binds} bind_transceiver sessions, each with {@code window}
 * submitters (jSMPP's submit_sm blocks until its submit_sm_resp, so a window of W needs W concurrent submitters), all
 * drawing from one queue and one {@link SubmitRateLimiter}. Receipts and replies arriving on any session go to the
 * {@link ResponseEventSink}.
 *
 * <p>Per part: ESME_RTHROTTLED and ESME_RMSGQFUL back off and resubmit; other statuses fail the message with the
 * status as reason; no submit_sm_resp within the response timeout makes it OUTCOME_UNKNOWN (resubmitted only when
 * configured). A dropped or unbound session is re-bound with back-off; parts not yet written go out on another bind.
 *
 * <p>A bind whose submit_sm goes unanswered is <em>suspect</em>: its submitters take no new part at once (a part
 * already taken and not yet written goes back for the other binds), and its supervisor probes the SMSC with
 * enquire_link right away. An answer makes the bind healthy again; none within the response timeout closes the
 * session, which is re-bound with the re-bind back-off and probed again before it takes submits. So an SMSC that goes
 * silent costs at most what was in flight when it did (binds x window), however long it stays silent, and sending
 * resumes by itself once it answers; while every bind is suspect, the queue waits.
 *
 * <p>The roles, one class each: this class checks and encodes each message once (the parts counted against
 * {@code max-parts} are the parts sent) and queues its parts ({@link SubmitQueue}); {@link SmppBindPool} holds the
 * binds, each an {@link SmppBind} (session, supervisor, probe of a suspect bind); {@link PartSubmitter} writes the parts
 * under the licensed rate; {@link InboundHandler} stores receipts and replies; {@link SmsStatistics} counts.
 *
 * <p>The campaign engine calls {@link #sendAsync} in bulk through {@link SmsTouchpoint} (it waits when the queue is
 * full); no route sends an SMS by itself, so every campaign SMS goes out under the contact policy.
 */
public class SmsGateway implements AutoCloseable {

    private final SmsProperties props;
    private final SubmitRateLimiter limiter;
    private final ReceiptCorrelator correlator = new ReceiptCorrelator();
    private final SmsStatistics stats = new SmsStatistics();
    private final InboundHandler inbound;
    private final SubmitQueue queue;
    private final PartSubmitter submitter;
    private final SmppBindPool pool = new SmppBindPool();
    private final AtomicInteger reference = new AtomicInteger();
    private final ScheduledExecutorService housekeeping;
    private volatile boolean running;

    public SmsGateway(SmsProperties props, SubmitRateLimiter limiter, Supplier<ResponseEventSink> sink) {
        this.props = props;
        this.limiter = limiter;
        this.inbound = new InboundHandler(props, correlator, sink, stats);
        this.queue = new SubmitQueue(props.getQueueCapacity());
        this.submitter = new PartSubmitter(props, limiter, correlator, stats, queue, () -> running);
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sms-housekeeping");
            t.setDaemon(true);
            return t;
        });
    }

    /** Opens the binds in the background; sending waits for the first bound session. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        pool.open(props, stats, inbound, submitter);
        long sweep = Math.max(60_000, props.getReceiptRetention().toMillis() / 10);
        housekeeping.scheduleWithFixedDelay(() -> correlator.expire(props.getReceiptRetention()), sweep, sweep,
                TimeUnit.MILLISECONDS);
    }

    /** Sends one message and waits for every part's submit_sm_resp. Never throws for bad input: see the result. */
    public SmsSendResult send(SmsMessage message) {
        try {
            return sendAsync(message).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SmsSendResult(List.of(), 0, SmsSendResult.Status.OUTCOME_UNKNOWN, "sms: interrupted while sending");
        } catch (java.util.concurrent.ExecutionException e) {
            return new SmsSendResult(List.of(), 0, SmsSendResult.Status.OUTCOME_UNKNOWN, "sms: " + e.getCause());
        }
    }

    /**
     * Queues one message (waiting while the queue is full) and returns its result once every part is resolved. Bad
     * input completes at once with FAILED and a reason naming what is wrong.
     */
    public CompletableFuture<SmsSendResult> sendAsync(SmsMessage message) {
        String problem = check(message);
        // encoded once: the parts counted against max-parts are the parts sent
        SmsEncoder.Encoded encoded = problem != null ? null
                : SmsEncoder.encode(message.text(), reference.getAndIncrement() & 0xFF);
        if (problem == null) {
            problem = tooLong(message, encoded);
        }
        if (problem != null) {
            stats.messagesFailed.incrementAndGet();
            return CompletableFuture.completedFuture(SmsSendResult.rejected(problem));
        }
        OutgoingSms outgoing = new OutgoingSms(message, encoded.partCount());
        outgoing.result.thenAccept(r -> {
            switch (r.status()) {
                case SENT -> stats.messagesSent.incrementAndGet();
                case FAILED -> stats.messagesFailed.incrementAndGet();
                default -> stats.messagesOutcomeUnknown.incrementAndGet();
            }
        });
        String source = message.sourceAddress() == null || message.sourceAddress().isBlank()
                ? props.getSourceAddress() : message.sourceAddress();
        byte esm = encoded.concatenated() ? (byte) 0x40 : (byte) 0x00;
        for (int i = 0; i < encoded.partCount(); i++) {
            PartSubmit part = new PartSubmit(outgoing, i, source, message.msisdn(), esm, encoded.dataCoding(),
                    encoded.parts().get(i));
            try {
                if (!running) {
                    outgoing.failed(i, "sms: gateway is stopped; nothing was sent");
                    continue;
                }
                queue.put(part);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                outgoing.failed(i, "sms: interrupted before the part was queued; it was not sent");
            }
        }
        return outgoing.result;
    }

    private String check(SmsMessage m) {
        if (m == null) {
            return "sms: no message";
        }
        if (!Msisdn.isValid(m.msisdn())) {
            return "sms: BAD_MSISDN: destination '" + Msisdn.mask(m.msisdn())
                    + "' is not a mainland mobile number (11 digits starting with 1)";
        }
        if (m.text() == null || m.text().isBlank()) {
            return "sms: EMPTY_TEXT: the message to " + Msisdn.mask(m.msisdn()) + " has no text";
        }
        if (m.sourceAddress() != null && m.sourceAddress().length() > 20) {
            return "sms: BAD_SOURCE: source address '" + m.sourceAddress() + "' is longer than 20 characters";
        }
        return null;
    }

    private String tooLong(SmsMessage m, SmsEncoder.Encoded encoded) {
        int parts = encoded.partCount();
        if (parts > props.getMaxParts()) {
            return "sms: TOO_LONG: the text to " + Msisdn.mask(m.msisdn()) + " (" + m.text().length()
                    + " characters) needs " + parts + " parts, more than hub.connectors.sms.max-parts="
                    + props.getMaxParts();
        }
        return null;
    }

    /** Counters shown in health details and as meters. */
    public SmsStatistics statistics() {
        return stats;
    }

    /** How many binds the gateway opens (the configured number). */
    public int binds() {
        return props.getBinds();
    }

    /** How many of the configured binds are bound right now. */
    public int boundSessions() {
        return pool.boundSessions();
    }

    /**
     * How many binds are suspect: a submit_sm or probe went unanswered and no enquire_link has been answered since;
     * they take no submits while they are probed and re-bound.
     */
    public int suspectBinds() {
        return pool.suspectBinds();
    }

    /**
     * Each suspect bind, why and what it does now, e.g. {@code bind 1: no submit_sm_resp within 10000 ms; probing the
     * SMSC with enquire_link, no submits meanwhile}.
     */
    public List<String> suspects() {
        return pool.suspects();
    }

    /** How many bound sessions have their last enquire_link unanswered. */
    public int unresponsiveSessions() {
        return pool.unresponsiveSessions();
    }

    /** The last bind failure of each bind that is not bound, e.g. {@code bind 1: ESME_RINVPASWD (0x0000000e)}. */
    public List<String> bindFailures() {
        return pool.bindFailures();
    }

    /** Live state for health details. */
    public Map<String, Object> details() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("smsc", props.getHost() + ":" + props.getPort());
        d.put("systemId", props.getSystemId());
        d.put("binds", props.getBinds());
        d.put("boundSessions", boundSessions());
        d.put("unansweredEnquireLink", unresponsiveSessions());
        d.put("suspectBinds", suspectBinds());
        List<String> suspects = suspects();
        if (!suspects.isEmpty()) {
            d.put("suspect", suspects);
        }
        d.put("windowPerBind", props.getWindow());
        d.put("licensedRate", limiter.ratePerSecond());
        d.put("queued", queue.size());
        d.put("inFlight", correlator.inFlight());
        d.put("awaitingReceipt", correlator.remembered());
        List<String> failures = bindFailures();
        if (!failures.isEmpty()) {
            d.put("bindFailures", failures);
        }
        d.putAll(stats.asMap());
        return d;
    }

    /** For benchmarks and diagnostics: called with each submit_sm's round trip in nanoseconds. */
    public void onSubmitLatency(LongConsumer listener) {
        submitter.onLatency(listener);
    }

    /**
     * Binds once with the configured credentials and unbinds: what the health probe does when no session is bound.
     *
     * @throws IOException naming the SMSC, the account and the refusal
     */
    public void probeBind() throws IOException {
        HubSmppSession session = new HubSmppSession();
        String where = "bind_transceiver to " + props.getHost() + ":" + props.getPort() + " as " + props.getSystemId();
        try {
            session.connectAndBind(props.getHost(), props.getPort(), SmppBind.bindParameter(props),
                    props.getBindTimeout().toMillis());
        } catch (IOException e) {
            throw new IOException(where + " failed: " + SmppErrors.describe(e, props.getPassword()), e);
        } finally {
            session.unbindAndClose();
        }
    }

    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        running = false;
        housekeeping.shutdownNow();
        pool.close();
        queue.failUnsent();
    }
}
