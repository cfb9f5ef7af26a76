package com.carrier.hub.connector.sms;

import java.io.IOException;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

import org.jsmpp.InvalidResponseException;
import org.jsmpp.PDUException;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ResponseTimeoutException;
import org.jsmpp.session.SubmitSmResult;

import com.carrier.hub.api.Msisdn;

/**
 * Writes parts as submit_sm on a bind, under the licensed rate ({@link SubmitRateLimiter}): every bind's window of
 * submitters runs {@link #run}. Per part: ESME_RTHROTTLED and ESME_RMSGQFUL back off and resubmit; other statuses fail
 * the part with the status as reason; no submit_sm_resp within the response timeout makes the bind suspect and the part
 * OUTCOME_UNKNOWN (resubmitted only when configured); a part a bind can no longer write goes back to the queue for the
 * other binds. An accepted part's message id is remembered for its receipt ({@link ReceiptCorrelator}).
 */
final class PartSubmitter {

    private final SmsProperties props;
    private final SubmitRateLimiter limiter;
    private final ReceiptCorrelator correlator;
    private final SmsStatistics stats;
    private final SubmitQueue queue;
    private final BooleanSupplier running;
    private volatile LongConsumer latency = n -> { };

    PartSubmitter(SmsProperties props, SubmitRateLimiter limiter, ReceiptCorrelator correlator, SmsStatistics stats,
                  SubmitQueue queue, BooleanSupplier running) {
        this.props = props;
        this.limiter = limiter;
        this.correlator = correlator;
        this.stats = stats;
        this.queue = queue;
        this.running = running;
    }

    /** Called with each submit_sm's round trip in nanoseconds (benchmarks, diagnostics). */
    void onLatency(LongConsumer listener) {
        this.latency = listener == null ? n -> { } : listener;
    }

    /** One submitter of the bind's window: takes parts while the bind is usable, until it stops. */
    void run(SmppBind bind) {
        while (!bind.stopped) {
            if (bind.awaitUsable() == null) {
                return;
            }
            PartSubmit part;
            try {
                part = queue.next(100);
            } catch (InterruptedException e) {
                return;
            }
            if (part != null) {
                submit(bind, part);
            }
        }
    }

    private void submit(SmppBind bind, PartSubmit part) {
        long backoff = props.getThrottleBackoff().toMillis();
        while (true) {
            if (bind.stopped) {
                part.message().failed(part.index(), "sms: gateway stopped before this part was sent; nothing was sent");
                return;
            }
            HubSmppSession s = bind.usable();
            if (s == null) {
                queue.handBack(part, running.getAsBoolean());
                return;
            }
            long permit;
            try {
                permit = limiter.acquire();
            } catch (InterruptedException e) {
                part.message().failed(part.index(), "sms: gateway stopped before this part was sent; nothing was sent");
                return;
            }
            if (bind.suspect != null) {
                // Went suspect while this part waited for its permit: it was not written.
                limiter.release(permit);
                queue.handBack(part, running.getAsBoolean());
                return;
            }
            long token = correlator.submitStarted();
            long t0 = System.nanoTime();
            try {
                stats.submits.incrementAndGet();
                SubmitSmResult r = s.submitShortMessage("", TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN,
                        part.source(), TypeOfNumber.UNKNOWN, NumberingPlanIndicator.ISDN, part.destination(),
                        new ESMClass(part.esmClass()), (byte) 0, (byte) 0, null, null, new RegisteredDelivery(1),
                        (byte) 0, DataCodings.newInstance(part.dataCoding()), (byte) 0, part.payload());
                latency.accept(System.nanoTime() - t0);
                String id = MessageIds.canonical(r.getMessageId(), props.getSubmitResponseIdFormat());
                correlator.register(id, part.message(), part.index());
                part.message().sent(part.index(), id);
                return;
            } catch (NegativeResponseException e) {
                int status = e.getCommandStatus();
                if (status == SmppStatus.THROTTLED || status == SmppStatus.MSGQFUL) {
                    stats.throttled.incrementAndGet();
                    sleep(backoff);
                    backoff = Math.min(backoff * 2, props.getThrottleMaxBackoff().toMillis());
                    continue;
                }
                part.message().failed(part.index(), "sms: SMSC " + props.getHost() + ":" + props.getPort()
                        + " refused submit_sm to " + Msisdn.mask(part.destination()) + ": "
                        + SmppStatus.describe(status));
                return;
            } catch (ResponseTimeoutException | InvalidResponseException e) {
                bind.markSuspect(e instanceof ResponseTimeoutException
                        ? "no submit_sm_resp within " + props.getResponseTimeout().toMillis() + " ms"
                        : "a submit_sm got an invalid response: " + e.getMessage());
                if (props.isResubmitOnTimeout()) {
                    // Sent again on whichever bind is healthy first (this one is suspect now).
                    stats.resubmits.incrementAndGet();
                    continue;
                }
                part.message().outcomeUnknown(part.index(), "sms: no submit_sm_resp within "
                        + props.getResponseTimeout().toMillis() + " ms on bind " + bind.number + " to "
                        + props.getHost() + ":" + props.getPort() + "; not resubmitted (it may have been sent)");
                return;
            } catch (IOException e) {
                // jSMPP throws IOException only when the submit_sm could not be written: safe to send again.
                sleep(10);
            } catch (PDUException e) {
                part.message().failed(part.index(), "sms: submit_sm to " + Msisdn.mask(part.destination())
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
