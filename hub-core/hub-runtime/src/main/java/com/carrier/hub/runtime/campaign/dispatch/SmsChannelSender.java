package com.carrier.hub.runtime.campaign.dispatch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.carrier.hub.connector.sms.SmsEncoder;
import com.carrier.hub.connector.sms.SmsGateway;
import com.carrier.hub.connector.sms.SmsMessage;
import com.carrier.hub.connector.sms.SmsSendResult;
import com.carrier.hub.runtime.campaign.Campaign;
import com.carrier.hub.runtime.campaign.CampaignDefinition.Channel;
import com.carrier.hub.runtime.campaign.TemplateRenderer;

/** Campaign SMS through the SMS connector's gateway (its binds, window and licensed rate). */
public class SmsChannelSender implements ChannelSender {

    private final SmsGateway gateway;
    private final int sliceSize;

    /** @param sliceSize messages in flight at once from one dispatcher: the account's binds times their window */
    public SmsChannelSender(SmsGateway gateway, int sliceSize) {
        this.gateway = gateway;
        this.sliceSize = sliceSize;
    }

    @Override
    public Channel channel() {
        return Channel.SMS;
    }

    @Override
    public boolean idempotent() {
        return false;
    }

    @Override
    public int sliceSize() {
        return sliceSize;
    }

    @Override
    public int parts(Campaign campaign, Contact contact) {
        TemplateRenderer.Result text = TemplateRenderer.render(campaign.definition().templates().get("SMS").text(), contact.vars());
        return text.ok() ? SmsEncoder.countParts(text.text()) : 0;
    }

    @Override
    public List<Result> send(Campaign campaign, List<Contact> contacts) {
        String template = campaign.definition().templates().get("SMS").text();
        List<CompletableFuture<Result>> futures = new ArrayList<>(contacts.size());
        for (Contact c : contacts) {
            TemplateRenderer.Result text = TemplateRenderer.render(template, c.vars());
            if (!text.ok()) {
                futures.add(CompletableFuture.completedFuture(new Result(c.msisdn(), Result.Status.FAILED, text.failure(), List.of(), 0)));
                continue;
            }
            SmsMessage message = new SmsMessage(c.msisdn(), text.text(), campaign.definition().sourceAddress(),
                    campaign.id(), campaign.id() + ":" + c.msisdn());
            futures.add(gateway.sendAsync(message).thenApply(r -> toResult(c.msisdn(), r)));
        }
        return futures.stream().map(CompletableFuture::join).toList();
    }

    private static Result toResult(String msisdn, SmsSendResult r) {
        Result.Status status = switch (r.status()) {
            case SENT -> Result.Status.SENT;
            case FAILED -> Result.Status.FAILED;
            case OUTCOME_UNKNOWN -> Result.Status.OUTCOME_UNKNOWN;
        };
        return new Result(msisdn, status, r.reason(), r.messageIds(), r.parts());
    }
}
