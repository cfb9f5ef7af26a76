package com.carrier.hub.runtime.campaign.dispatch;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.carrier.hub.connector.portal.Offer;
import com.carrier.hub.connector.portal.PortalClient;
import com.carrier.hub.http.PushResult;
import com.carrier.hub.runtime.campaign.Campaign;
import com.carrier.hub.runtime.campaign.CampaignDefinition;
import com.carrier.hub.runtime.campaign.CampaignDefinition.Channel;
import com.carrier.hub.runtime.campaign.QuietHoursClock;
import com.carrier.hub.runtime.campaign.TemplateRenderer;

/** Personalised offers on the portal (PEERS §3.1), valid from now to the campaign's end. */
public class PortalChannelSender implements ChannelSender {

    private final PortalClient portal;

    public PortalChannelSender(PortalClient portal) {
        this.portal = portal;
    }

    @Override
    public Channel channel() {
        return Channel.PORTAL;
    }

    @Override
    public boolean idempotent() {
        return true;
    }

    @Override
    public List<Result> send(Campaign campaign, List<Contact> contacts) {
        CampaignDefinition d = campaign.definition();
        CampaignDefinition.Template t = d.templates().get("PORTAL");
        OffsetDateTime from = OffsetDateTime.now(QuietHoursClock.ZONE);
        List<Result> results = new ArrayList<>();
        List<Offer> offers = new ArrayList<>();
        for (Contact c : contacts) {
            TemplateRenderer.Result title = TemplateRenderer.render(t.title(), c.vars());
            TemplateRenderer.Result body = TemplateRenderer.render(t.body(), c.vars());
            TemplateRenderer.Result url = TemplateRenderer.render(t.url(), c.vars());
            String failure = !title.ok() ? title.failure() : !body.ok() ? body.failure() : url.failure();
            if (failure != null) {
                results.add(new Result(c.msisdn(), Result.Status.FAILED, failure, List.of(), 0));
            } else {
                offers.add(Offer.of(campaign.id(), c.msisdn(), d.productId(), title.text(), body.text(), url.text(), from, d.end()));
            }
        }
        Map<String, String> msisdnByKey = new HashMap<>();
        offers.forEach(o -> msisdnByKey.put(o.offerKey(), o.msisdn()));
        if (!offers.isEmpty()) {
            for (PushResult r : portal.pushOffers(offers)) {
                results.add(HttpPushResults.toResult(msisdnByKey.get(r.key()), r.status().name(), r.reason()));
            }
        }
        return results;
    }
}
