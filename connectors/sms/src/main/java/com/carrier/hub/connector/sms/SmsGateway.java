package com.carrier.hub.connector.sms;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

import org.jsmpp.InvalidResponseException;
import org.jsmpp.PDUException;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ResponseTimeoutException;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.SubmitSmResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * <p>The campaign engine calls {@link #sendAsync} in bulk through {@link SmsTouchpoint} (it waits when the queue is
 * full); no route sends an SMS by itself, so every campaign SMS goes out under the contact policy.
 */
public class SmsGateway implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SmsGateway.class);

    private final SmsProperties props;
    private final SubmitRateLimiter limiter;
    private final ReceiptCorrelator correlator = new ReceiptCorrelator();
    private final SmsStatistics stats = new SmsStatistics();
    private final InboundHandler inbound;
    private final BlockingQueue<PartSubmit> queue;
    /** Parts a suspect bind took and did not write: the next submitter of a healthy bind takes them first. */
    private final ConcurrentLinkedQueue<PartSubmit> handedBack = new ConcurrentLinkedQueue<>();
    private final List<Bind> binds = new ArrayList<>();
    private final AtomicInteger reference = new AtomicInteger();
    private final ScheduledExecutorService housekeeping;
    private volatile LongConsumer submitLatencyListener = n -> { };
    private volatile boolean running;

    public SmsGateway(SmsProperties props, SubmitRateLimiter limiter, Supplier<ResponseEventSink> sink) {
        this.props = props;
        this.limiter = limiter;
        this.inbound = new InboundHandler(props, correlator, sink, stats);
        this.queue = new LinkedBlockingQueue<>(props.getQueueCapacity());
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
        for (int i = 1; i <= props.getBinds(); i++) {
            Bind bind = new Bind(i);
            binds.add(bind);
            bind.start();
        }
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
        if (problem != null) {
            stats.messagesFailed.incrementAndGet();
            return CompletableFuture.completedFuture(SmsSendResult.rejected(problem));
        }
        SmsEncoder.Encoded encoded = SmsEncoder.encode(message.text(), reference.getAndIncrement() & 0xFF);
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
        int parts = SmsEncoder.countParts(m.text());
        if (parts > props.getMaxParts()) {
            return "sms: TOO_LONG: the text to " + Msisdn.mask(m.msisdn()) + " (" + m.text().length()
                    + " characters) needs " + parts + " parts, more than hub.connectors.sms.max-parts="
                    + props.getMaxParts();
        }
        if (m.sourceAddress() != null && m.sourceAddress().length() > 20) {
            return "sms: BAD_SOURCE: source address '" + m.sourceAddress() + "' is longer than 20 characters";
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
        int n = 0;
        for (Bind b : binds) {
            if (b.isBound()) {
                n++;
            }
        }
        return n;
    }

    /**
     * How many binds are suspect: a submit_sm or probe went unanswered and no enquire_link has been answered since;
     * they take no submits while they are probed and re-bound.
     */
    public int suspectBinds() {
        int n = 0;
        for (Bind b : binds) {
            if (b.suspect != null) {
                n++;
            }
        }
        return n;
    }

    /**
     * Each suspect bind, why and what it does now, e.g. {@code bind 1: no submit_sm_resp within 10000 ms; probing the
     * SMSC with enquire_link, no submits meanwhile}.
     */
    public List<String> suspects() {
        List<String> out = new ArrayList<>();
        for (Bind b : binds) {
            String why = b.suspect;
            if (why != null) {
                out.add("bind " + b.number + ": " + why + "; " + (b.isBound()
                        ? "probing the SMSC with enquire_link, no submits meanwhile"
                        : "re-binding, then probing before it takes submits"));
            }
        }
        return out;
    }

    /** How many bound sessions have their last enquire_link unanswered. */
    public int unresponsiveSessions() {
        int n = 0;
        for (Bind b : binds) {
            if (b.isBound() && b.missedEnquireLinks > 0) {
                n++;
            }
        }
        return n;
    }

    /** The last bind failure of each bind that is not bound, e.g. {@code bind 1: ESME_RINVPASWD (0x0000000e)}. */
    public List<String> bindFailures() {
        List<String> out = new ArrayList<>();
        for (Bind b : binds) {
            String e = b.lastError;
            if (!b.isBound() && e != null) {
                out.add("bind " + b.number + ": " + e);
            }
        }
        return out;
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
        d.put("queued", queue.size() + handedBack.size());
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
        this.submitLatencyListener = listener == null ? n -> { } : listener;
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
            session.connectAndBind(props.getHost(), props.getPort(), bindParameter(), props.getBindTimeout().toMillis());
        } catch (IOException e) {
            throw new IOException(where + " failed: " + describe(e), e);
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
        for (Bind b : binds) {
            b.stop();
        }
        failUnsent();
    }

    private void failUnsent() {
        PartSubmit left;
        while ((left = handedBack.poll()) != null || (left = queue.poll()) != null) {
            left.message.failed(left.index, "sms: gateway stopped before this part was sent; nothing was sent");
        }
    }

    /** A part a suspect or unbound bind took and did not write goes to the other binds, ahead of the queue. */
    private void handBack(PartSubmit part) {
        handedBack.add(part);
        if (!running) {
            failUnsent();
        }
    }

    private BindParameter bindParameter() {
        return new BindParameter(BindType.BIND_TRX, props.getSystemId(), props.getPassword(), props.getSystemType(),
                TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, null);
    }

    /** Why a bind failed, never quoting the password (jSMPP's own messages may). */
    private String describe(Throwable e) {
        String text = describeRaw(e);
        String password = props.getPassword();
        return password == null || password.isEmpty() ? text : text.replace(password, "******");
    }

    private static String describeRaw(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof NegativeResponseException n) {
                return "refused: " + SmppStatus.describe(n.getCommandStatus());
            }
            if (c instanceof java.net.ConnectException) {
                return "connection refused";
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private record PartSubmit(OutgoingSms message, int index, String source, String destination, byte esmClass,
                              byte dataCoding, byte[] payload) {
    }

    /**
     * One bind_transceiver session, its supervisor (bind, enquire_link, probe of a suspect bind, re-bind) and its
     * window of submitters.
     */
    private final class Bind {

        final int number;
        final Object monitor = new Object();
        final List<Thread> threads = new ArrayList<>();
        volatile HubSmppSession session;
        volatile String lastError;
        volatile int missedEnquireLinks;
        volatile boolean stopped;
        /** Why this bind takes no submits until an enquire_link is answered; null while it is healthy. */
        volatile String suspect;

        Bind(int number) {
            this.number = number;
        }

        boolean isBound() {
            HubSmppSession s = session;
            return s != null && s.getSessionState().isBound();
        }

        void start() {
            Thread supervisor = new Thread(this::supervise, "sms-bind-" + number);
            supervisor.setDaemon(true);
            threads.add(supervisor);
            for (int w = 1; w <= props.getWindow(); w++) {
                Thread submitter = new Thread(this::submitLoop, "sms-bind-" + number + "-submit-" + w);
                submitter.setDaemon(true);
                threads.add(submitter);
            }
            threads.forEach(Thread::start);
        }

        void stop() {
            stopped = true;
            synchronized (monitor) {
                monitor.notifyAll();
            }
            threads.forEach(Thread::interrupt);
            HubSmppSession s = session;
            if (s != null) {
                s.unbindAndClose();
            }
        }

        /** Stops this bind's submitters taking parts and wakes the supervisor to probe the SMSC now. */
        private void markSuspect(String why) {
            synchronized (monitor) {
                if (suspect != null || stopped) {
                    return;
                }
                suspect = why;
                monitor.notifyAll();
            }
            log.warn("sms: bind {} to {}:{}: {}; it takes no new submit_sm (other binds take the queue) and probes the"
                    + " SMSC with enquire_link now", number, props.getHost(), props.getPort(), why);
        }

        private void supervise() {
            long backoff = props.getRebindBackoff().toMillis();
            int missed = 0;
            while (!stopped) {
                HubSmppSession s = session;
                if (s == null || !s.getSessionState().isBound()) {
                    if (s != null) {
                        s.close();
                        session = null;
                        log.info("sms: bind {} to {}:{} lost; re-binding", number, props.getHost(), props.getPort());
                    }
                    try {
                        session = bind();
                        lastError = null;
                        missedEnquireLinks = 0;
                        missed = 0;
                        if (suspect == null) {
                            // A suspect bind earns a fresh back-off by answering its probe, not by binding: a silent
                            // SMSC may still accept binds.
                            backoff = props.getRebindBackoff().toMillis();
                        }
                        synchronized (monitor) {
                            monitor.notifyAll();
                        }
                    } catch (IOException e) {
                        lastError = describe(e);
                        log.warn("sms: bind {} to {}:{} as {} failed: {}; next attempt in {} ms", number,
                                props.getHost(), props.getPort(), props.getSystemId(), lastError, backoff);
                        backOff(backoff);
                        backoff = Math.min(backoff * 2, props.getRebindMaxBackoff().toMillis());
                    }
                    continue;
                }
                if (suspect != null) {
                    if (probe(s, backoff)) {
                        backoff = props.getRebindBackoff().toMillis();
                        missed = 0;
                    } else {
                        s.close();
                        session = null;
                        backOff(backoff);
                        backoff = Math.min(backoff * 2, props.getRebindMaxBackoff().toMillis());
                    }
                    continue;
                }
                pause(props.getEnquireLinkInterval().toMillis());
                if (stopped || suspect != null || !s.getSessionState().isBound()) {
                    continue;
                }
                try {
                    s.enquireLink();
                    missed = 0;
                    missedEnquireLinks = 0;
                } catch (ResponseTimeoutException e) {
                    missed++;
                    missedEnquireLinks = missed;
                    log.warn("sms: bind {}: enquire_link unanswered ({} of {})", number, missed,
                            props.getEnquireLinkMaxMissed());
                    if (missed >= props.getEnquireLinkMaxMissed()) {
                        lastError = "dropped after " + missed + " unanswered enquire_link";
                        s.close();
                    }
                } catch (IOException | InvalidResponseException e) {
                    s.close();
                }
            }
        }

        /**
         * Asks the SMSC whether it still answers on a suspect bind: true (and the bind healthy again) when it answers
         * within the response timeout.
         */
        private boolean probe(HubSmppSession s, long backoff) {
            String why = suspect;
            String failure;
            try {
                s.enquireLink();
                missedEnquireLinks = 0;
                synchronized (monitor) {
                    suspect = null;
                    monitor.notifyAll();
                }
                log.info("sms: bind {} to {}:{} answered enquire_link after \"{}\"; it takes submits again", number,
                        props.getHost(), props.getPort(), why);
                return true;
            } catch (ResponseTimeoutException e) {
                missedEnquireLinks++;
                failure = "no enquire_link_resp within " + props.getResponseTimeout().toMillis() + " ms";
            } catch (IOException | InvalidResponseException e) {
                failure = "enquire_link failed: " + describe(e);
            }
            lastError = failure + " after " + why;
            log.warn("sms: bind {} to {}:{}: {} after \"{}\"; closing the session, re-binding in {} ms and probing"
                    + " again before it takes submits", number, props.getHost(), props.getPort(), failure, why,
                    backoff);
            return false;
        }

        private HubSmppSession bind() throws IOException {
            HubSmppSession s = new HubSmppSession();
            s.setTransactionTimer(props.getResponseTimeout().toMillis());
            // jSMPP sends its own enquire_link after this much silence and drops the session at the first miss;
            // keep it longer than our own count of missed answers so that PEERS §5.1's three misses decide.
            long idle = (props.getEnquireLinkInterval().toMillis() + props.getResponseTimeout().toMillis())
                    * (props.getEnquireLinkMaxMissed() + 1L);
            s.setEnquireLinkTimer((int) Math.min(Integer.MAX_VALUE, idle));
            // A receipt that arrives before its submit_sm_resp holds a PDU thread while it waits; the responses it
            // waits for need threads of their own. At most binds x window submits are in flight, so at most that many
            // receipts can wait on one session.
            s.setPduProcessorDegree(Math.min(props.getBinds() * props.getWindow() + 4, 64));
            s.setMessageReceiverListener(inbound);
            s.addSessionStateListener((newState, oldState, source) -> {
                if (!newState.isBound()) {
                    synchronized (monitor) {
                        monitor.notifyAll();
                    }
                }
            });
            s.connectAndBind(props.getHost(), props.getPort(), bindParameter(), props.getBindTimeout().toMillis());
            stats.binds.incrementAndGet();
            log.info("sms: bind {} to {}:{} as {} bound", number, props.getHost(), props.getPort(),
                    props.getSystemId());
            return s;
        }

        /** Waits up to {@code millis}; returns early when woken (a lost session, a suspect bind) or stopped. */
        private void pause(long millis) {
            synchronized (monitor) {
                if (stopped || suspect != null) {
                    return;
                }
                try {
                    monitor.wait(Math.max(1, millis));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** Waits the whole re-bind back-off, unless stopped. */
        private void backOff(long millis) {
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            synchronized (monitor) {
                long left;
                while (!stopped && (left = until - System.nanoTime()) > 0) {
                    try {
                        TimeUnit.NANOSECONDS.timedWait(monitor, left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }

        /** The bound session once this bind is bound and not suspect, waiting for that; null once stopped. */
        private HubSmppSession awaitUsable() {
            while (!stopped) {
                HubSmppSession s = usable();
                if (s != null) {
                    return s;
                }
                synchronized (monitor) {
                    try {
                        monitor.wait(100);
                    } catch (InterruptedException e) {
                        return null;
                    }
                }
            }
            return null;
        }

        /** The bound session when this bind may take submits, else null. */
        private HubSmppSession usable() {
            HubSmppSession s = session;
            return suspect == null && s != null && s.getSessionState().isBound() ? s : null;
        }

        private void submitLoop() {
            while (!stopped) {
                if (awaitUsable() == null) {
                    return;
                }
                PartSubmit part = handedBack.poll();
                if (part == null) {
                    try {
                        part = queue.poll(100, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (part != null) {
                    submit(part);
                }
            }
        }

        private void submit(PartSubmit part) {
            long backoff = props.getThrottleBackoff().toMillis();
            while (true) {
                if (stopped) {
                    part.message.failed(part.index, "sms: gateway stopped before this part was sent; nothing was sent");
                    return;
                }
                HubSmppSession s = usable();
                if (s == null) {
                    handBack(part);
                    return;
                }
                long permit;
                try {
                    permit = limiter.acquire();
                } catch (InterruptedException e) {
                    part.message.failed(part.index, "sms: gateway stopped before this part was sent; nothing was sent");
                    return;
                }
                if (suspect != null) {
                    // Went suspect while this part waited for its permit: it was not written.
                    limiter.release(permit);
                    handBack(part);
                    return;
                }
                long token = correlator.submitStarted();
                long t0 = System.nanoTime();
                try {
                    stats.submits.incrementAndGet();
                    SubmitSmResult r = s.submitShortMessage("", TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN,
                            part.source, TypeOfNumber.UNKNOWN, NumberingPlanIndicator.ISDN, part.destination,
                            new ESMClass(part.esmClass), (byte) 0, (byte) 0, null, null, new RegisteredDelivery(1),
                            (byte) 0, DataCodings.newInstance(part.dataCoding), (byte) 0, part.payload);
                    submitLatencyListener.accept(System.nanoTime() - t0);
                    String id = MessageIds.canonical(r.getMessageId(), props.getSubmitResponseIdFormat());
                    correlator.register(id, part.message, part.index);
                    part.message.sent(part.index, id);
                    return;
                } catch (NegativeResponseException e) {
                    int status = e.getCommandStatus();
                    if (status == SmppStatus.THROTTLED || status == SmppStatus.MSGQFUL) {
                        stats.throttled.incrementAndGet();
                        sleep(backoff);
                        backoff = Math.min(backoff * 2, props.getThrottleMaxBackoff().toMillis());
                        continue;
                    }
                    part.message.failed(part.index, "sms: SMSC " + props.getHost() + ":" + props.getPort()
                            + " refused submit_sm to " + Msisdn.mask(part.destination) + ": "
                            + SmppStatus.describe(status));
                    return;
                } catch (ResponseTimeoutException | InvalidResponseException e) {
                    markSuspect(e instanceof ResponseTimeoutException
                            ? "no submit_sm_resp within " + props.getResponseTimeout().toMillis() + " ms"
                            : "a submit_sm got an invalid response: " + e.getMessage());
                    if (props.isResubmitOnTimeout()) {
                        // Sent again on whichever bind is healthy first (this one is suspect now).
                        stats.resubmits.incrementAndGet();
                        continue;
                    }
                    part.message.outcomeUnknown(part.index, "sms: no submit_sm_resp within "
                            + props.getResponseTimeout().toMillis() + " ms on bind " + number + " to "
                            + props.getHost() + ":" + props.getPort() + "; not resubmitted (it may have been sent)");
                    return;
                } catch (IOException e) {
                    // jSMPP throws IOException only when the submit_sm could not be written: safe to send again.
                    sleep(10);
                } catch (PDUException e) {
                    part.message.failed(part.index, "sms: submit_sm to " + Msisdn.mask(part.destination)
                            + " cannot be encoded: " + e.getMessage());
                    return;
                } finally {
                    limiter.release(permit);
                    correlator.submitEnded(token);
                }
            }
        }

        private void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
