package com.carrier.hub.connector.sms;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.carrier.hub.api.Msisdn;
import com.carrier.hub.api.ResponseEvent;
import com.carrier.hub.api.ResponseEventSink;

/**
 * Turns every deliver_sm into a response event and answers it only once the {@link ResponseEventSink} has stored it
 * (jSMPP sends deliver_sm_resp when this listener returns). A store failure answers ESME_RX_T_APPN so the SMSC
 * delivers again; input that can never be stored (malformed receipt, MO from a source that is not an MSISDN) answers
 * ESME_RX_P_APPN, is counted, and its reason is kept for the connector's health details.
 */
final class InboundHandler implements MessageReceiverListener {

    private static final Logger log = LoggerFactory.getLogger(InboundHandler.class);
    private static final Set<String> OPT_OUT = Set.of("TD", "0000", "QXTD");
    static final String SOURCE = "sms";

    private final SmsProperties props;
    private final ReceiptCorrelator correlator;
    private final Supplier<ResponseEventSink> sink;
    private final SmsStatistics stats;

    InboundHandler(SmsProperties props, ReceiptCorrelator correlator, Supplier<ResponseEventSink> sink,
                   SmsStatistics stats) {
        this.props = props;
        this.correlator = correlator;
        this.sink = sink;
        this.stats = stats;
    }

    @Override
    public void onAcceptDeliverSm(DeliverSm deliverSm) throws ProcessRequestException {
        if ((deliverSm.getEsmClass() & 0x3C) == 0x04) {
            receipt(deliverSm);
        } else {
            reply(deliverSm);
        }
    }

    private void receipt(DeliverSm d) throws ProcessRequestException {
        byte dc = d.getDataCoding();
        byte[] body = d.getShortMessage() == null ? new byte[0] : d.getShortMessage();
        String text = (dc & 0xFF) == 0x08 ? new String(body, StandardCharsets.UTF_16BE)
                : new String(body, StandardCharsets.ISO_8859_1);
        String codingNote = SmsEncoder.knownDataCoding(dc) ? ""
                : String.format(" (receipt in unknown data_coding 0x%02x read as ISO-8859-1)", dc & 0xFF);
        DeliveryReceiptParser.Receipt receipt;
        try {
            receipt = DeliveryReceiptParser.parse(text);
        } catch (IllegalArgumentException e) {
            throw reject("receipt from " + Msisdn.mask(d.getSourceAddr()) + codingNote + ": " + e.getMessage());
        }
        String id = MessageIds.canonical(receipt.id(), props.getReceiptIdFormat());
        ReceiptCorrelator.Sent sent;
        try {
            sent = correlator.match(id, props.getReceiptMatchWait());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProcessRequestException("interrupted", SMPPConstant.STAT_ESME_RX_T_APPN);
        }
        String stat = receipt.stat().name();
        ResponseEvent.Type type = receipt.delivered() ? ResponseEvent.Type.DELIVERED : ResponseEvent.Type.UNDELIVERED;
        String eventId = "dlr:" + id + ":" + stat;
        if (sent == null) {
            // The receipt comes from the customer's MSISDN to the campaign's service code: both are stored, so the
            // ledger can match it to a contact whose submit outcome was not known (PEERS §5.3).
            String msisdn = normalise(d.getSourceAddr());
            String serviceCode = d.getDestAddress() == null ? "" : d.getDestAddress().trim();
            ResponseEvent event = new ResponseEvent(SOURCE, eventId, "SMS", type,
                    Msisdn.isValid(msisdn) ? msisdn : null, null, id, receipt.doneDate(),
                    "unmatched stat:" + stat + " err:" + receipt.err()
                            + (serviceCode.isEmpty() || serviceCode.contains(" ") ? "" : " to:" + serviceCode) + codingNote);
            if (store(event) > 0) {
                stats.receiptsUnmatched.incrementAndGet();
                stats.lastUnmatchedReceipt = id;
                log.warn("sms: receipt for unknown message id {} ({}) stored unmatched", id, stat);
            }
            return;
        }
        OutgoingSms message = sent.message();
        message.receipt(sent.part(), stat);
        try {
            // The event names the message by its first part's id: wait until every part has its answer.
            message.result.get(props.getReceiptMatchWait().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProcessRequestException("interrupted", SMPPConstant.STAT_ESME_RX_T_APPN);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // reference() below falls back to the first part answered so far
        }
        if (sent.part() < message.parts - 1) {
            // The last part's receipt decides a long message's outcome. An earlier part's is stored too (answered only
            // once durably stored, PEERS §5.3), marked as a part: should the hub die before the last part's receipt,
            // it is the only record that this part reached the SMSC, and the ledger settles a contact whose outcome
            // the crash left unknown only once every part is receipted.
            if (message.campaignId != null) {
                store(new ResponseEvent(SOURCE, eventId, "SMS", type, message.msisdn,
                        message.campaignId, id, receipt.doneDate(), "part:" + (sent.part() + 1) + "/" + message.parts
                        + " of:" + message.reference() + " stat:" + stat + " err:" + receipt.err() + codingNote));
            }
            stats.receiptsOfEarlierParts.incrementAndGet();
            correlator.forget(id);
            return;
        }
        String detail = "stat:" + stat + " err:" + receipt.err()
                + (message.contactId == null ? "" : " contact:" + message.contactId) + message.partSummary() + codingNote;
        ResponseEvent event = new ResponseEvent(SOURCE, eventId, "SMS", type, message.msisdn,
                message.campaignId, message.reference(), receipt.doneDate(), detail);
        store(event);
        stats.receiptsMatched.incrementAndGet();
        correlator.forget(id);
    }

    private void reply(DeliverSm d) throws ProcessRequestException {
        String from = normalise(d.getSourceAddr());
        String to = d.getDestAddress();
        if (!Msisdn.isValid(from)) {
            throw reject("reply to " + to + " from source '" + Msisdn.mask(d.getSourceAddr())
                    + "' is not an MSISDN (11 digits starting with 1)");
        }
        byte[] body = d.getShortMessage() == null ? new byte[0] : d.getShortMessage();
        if ((d.getEsmClass() & 0x40) != 0 && body.length > 0) {
            int udhLength = (body[0] & 0xFF) + 1;
            body = java.util.Arrays.copyOfRange(body, Math.min(udhLength, body.length), body.length);
        }
        String text = SmsEncoder.decode(d.getDataCoding(), body);
        String keyword = text.trim().toUpperCase(Locale.ROOT);
        ResponseEvent.Type type = OPT_OUT.contains(keyword) ? ResponseEvent.Type.UNSUBSCRIBED
                : ResponseEvent.Type.REPLIED;
        Instant now = Instant.now();
        // The SMSC gives an MO no id: the same number, service code and text within ten minutes is one reply, so a
        // deliver_sm the SMSC repeats after an error answer is stored once.
        String eventId = "mo:" + sha256(from + "|" + to + "|" + text + "|" + now.getEpochSecond() / 600);
        store(new ResponseEvent(SOURCE, eventId, "SMS", type, from, null, to, now, text));
        if (type == ResponseEvent.Type.UNSUBSCRIBED) {
            stats.optOuts.incrementAndGet();
        } else {
            stats.replies.incrementAndGet();
        }
    }

    private int store(ResponseEvent event) throws ProcessRequestException {
        ResponseEventSink target = sink.get();
        if (target == null) {
            stats.storeFailures.incrementAndGet();
            throw new ProcessRequestException("sms: no ResponseEventSink to store " + event.eventId()
                    + "; the SMSC will deliver it again", SMPPConstant.STAT_ESME_RX_T_APPN);
        }
        try {
            return target.append(List.of(event));
        } catch (RuntimeException e) {
            stats.storeFailures.incrementAndGet();
            log.warn("sms: storing {} failed, answering ESME_RX_T_APPN so the SMSC delivers it again: {}",
                    event.eventId(), e.toString());
            throw new ProcessRequestException("store failed: " + e.getMessage(), SMPPConstant.STAT_ESME_RX_T_APPN, e);
        }
    }

    private ProcessRequestException reject(String reason) {
        String full = "sms: " + reason;
        stats.rejected(full);
        log.warn("{}; answered ESME_RX_P_APPN", full);
        return new ProcessRequestException(full, SMPPConstant.STAT_ESME_RX_P_APPN);
    }

    /** {@code +8613800138000} and {@code 8613800138000} become {@code 13800138000}. */
    static String normalise(String address) {
        if (address == null) {
            return null;
        }
        String a = address.trim();
        if (a.startsWith("+")) {
            a = a.substring(1);
        }
        if (a.length() == 13 && a.startsWith("86")) {
            a = a.substring(2);
        }
        return a;
    }

    private static String sha256(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void onAcceptAlertNotification(AlertNotification alertNotification) {
    }

    @Override
    public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
        throw new ProcessRequestException("data_sm is not used by this ESME", SMPPConstant.STAT_ESME_RINVCMDID);
    }
}
