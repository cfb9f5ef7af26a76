package com.carrier.hub.connector.sms;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.carrier.hub.api.InputLimits;
import com.carrier.hub.api.touchpoint.ContactResult;
import com.carrier.hub.api.touchpoint.TemplateField;
import com.carrier.hub.api.touchpoint.Touchpoint;
import com.carrier.hub.api.touchpoint.TouchpointContact;
import com.carrier.hub.api.touchpoint.TouchpointSlice;

/**
 * Campaign SMS through the SMS connector's gateway (its binds, window and licensed rate): every message submitted
 * asynchronously, the slice answered once all have their submit_sm_resp.
 */
public class SmsTouchpoint implements Touchpoint {

    /** The touchpoint's id. */
    public static final String ID = "SMS";

    private final SmsGateway gateway;
    private final int sliceSize;

    /** @param sliceSize contacts a slice ({@link SmsProperties#getSliceSize()}) */
    public SmsTouchpoint(SmsGateway gateway, int sliceSize) {
        this.gateway = gateway;
        this.sliceSize = sliceSize;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Campaign SMS from the campaign's service code through the SMSC (PEERS §5)";
    }

    /** A second SMS to a customer is worse than a missing receipt. */
    @Override
    public boolean idempotent() {
        return false;
    }

    @Override
    public int sliceSize() {
        return sliceSize;
    }

    @Override
    public boolean quietHours() {
        return true;
    }

    @Override
    public List<TemplateField> templateFields() {
        return List.of(TemplateField.text("text", "the message text", true, InputLimits.TEXT));
    }

    @Override
    public List<String> responseTypes() {
        return List.of("DELIVERED", "UNDELIVERED", "REPLIED", "UNSUBSCRIBED");
    }

    @Override
    public String connectorId() {
        return "sms";
    }

    @Override
    public int parts(TouchpointContact contact) {
        String text = contact.fields().get("text");
        return text == null ? 0 : SmsEncoder.countParts(text);
    }

    @Override
    public List<ContactResult> send(TouchpointSlice slice) {
        List<CompletableFuture<ContactResult>> futures = new ArrayList<>(slice.contacts().size());
        for (TouchpointContact c : slice.contacts()) {
            String text = c.fields().get("text");
            if (text == null) {
                futures.add(CompletableFuture.completedFuture(ContactResult.failed(c.msisdn(), "MISSING_VALUE:text")));
                continue;
            }
            SmsMessage message = new SmsMessage(c.msisdn(), text, slice.sourceAddress(), slice.campaignId(),
                    slice.campaignId() + ":" + c.msisdn());
            futures.add(gateway.sendAsync(message).thenApply(r -> toResult(c.msisdn(), r)));
        }
        return futures.stream().map(CompletableFuture::join).toList();
    }

    private static ContactResult toResult(String msisdn, SmsSendResult r) {
        ContactResult.Status status = switch (r.status()) {
            case SENT -> ContactResult.Status.SENT;
            case FAILED -> ContactResult.Status.FAILED;
            case OUTCOME_UNKNOWN -> ContactResult.Status.OUTCOME_UNKNOWN;
        };
        return new ContactResult(msisdn, status, r.reason(), r.messageIds(), r.parts());
    }
}
