package com.carrier.hub.connector.sms;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jsmpp.InvalidResponseException;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.ResponseTimeoutException;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.MessageReceiverListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bind_transceiver session of the gateway's account and its supervisor: binds, sends enquire_link every
 * {@code enquire-link-interval} (dropping the session after {@code enquire-link-max-missed} misses), probes a suspect
 * bind, re-binds with back-off. Its window of submitters ({@link PartSubmitter}) take parts only while it is bound and
 * not suspect.
 */
final class SmppBind {

    private static final Logger log = LoggerFactory.getLogger(SmppBind.class);

    final int number;
    private final SmsProperties props;
    private final SmsStatistics stats;
    private final MessageReceiverListener inbound;
    private final PartSubmitter submitter;
    private final Object monitor = new Object();
    private final List<Thread> threads = new ArrayList<>();
    private volatile HubSmppSession session;
    volatile String lastError;
    volatile int missedEnquireLinks;
    volatile boolean stopped;
    /** Why this bind takes no submits until an enquire_link is answered; null while it is healthy. */
    volatile String suspect;

    SmppBind(int number, SmsProperties props, SmsStatistics stats, MessageReceiverListener inbound,
             PartSubmitter submitter) {
        this.number = number;
        this.props = props;
        this.stats = stats;
        this.inbound = inbound;
        this.submitter = submitter;
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
            Thread t = new Thread(() -> submitter.run(this), "sms-bind-" + number + "-submit-" + w);
            t.setDaemon(true);
            threads.add(t);
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
    void markSuspect(String why) {
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
                    lastError = SmppErrors.describe(e, props.getPassword());
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
            failure = "enquire_link failed: " + SmppErrors.describe(e, props.getPassword());
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
        s.connectAndBind(props.getHost(), props.getPort(), SmppBind.bindParameter(props), props.getBindTimeout().toMillis());
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
    HubSmppSession awaitUsable() {
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
    HubSmppSession usable() {
        HubSmppSession s = session;
        return suspect == null && s != null && s.getSessionState().isBound() ? s : null;
    }

    /** The bind_transceiver parameters of the account. */
    static BindParameter bindParameter(SmsProperties props) {
        return new BindParameter(BindType.BIND_TRX, props.getSystemId(), props.getPassword(), props.getSystemType(),
                TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, null);
    }
}
