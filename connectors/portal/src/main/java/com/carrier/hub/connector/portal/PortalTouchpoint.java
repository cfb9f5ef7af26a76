package com.carrier.hub.connector.portal;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.carrier.hub.api.HubTime;
import com.carrier.hub.api.InputLimits;
import com.carrier.hub.api.touchpoint.ContactResult;
import com.carrier.hub.api.touchpoint.TemplateField;
import com.carrier.hub.api.touchpoint.Touchpoint;
import com.carrier.hub.api.touchpoint.TouchpointContact;
import com.carrier.hub.api.touchpoint.TouchpointSlice;
import com.carrier.hub.http.PushResult;

/**
 * Personalised offers on the portal (PEERS §3.1), valid from now to the campaign's end; an offer is an upsert keyed
 * campaignId:msisdn, so sending it again is harmless.
 */
public class PortalTouchpoint implements Touchpoint {

    private final PortalClient portal;

    public PortalTouchpoint(PortalClient portal) {
        this.portal = portal;
    }

    @Override
    public String id() {
        return "PORTAL";
    }

    @Override
    public String description() {
        return "A personalised offer banner on the customer's portal pages (PEERS §3.1)";
    }

    @Override
    public boolean idempotent() {
        return true;
    }

    @Override
    public boolean quietHours() {
        return false;
    }

    @Override
    public List<TemplateField> templateFields() {
        return List.of(TemplateField.text("title", "the offer's title", true, InputLimits.NAME),
                TemplateField.text("body", "the offer's text", true, InputLimits.TEXT),
                new TemplateField("url", "where the offer links to", false, InputLimits.TEXT, TemplateField.Kind.URL));
    }

    @Override
    public List<String> responseTypes() {
        return List.of("IMPRESSION", "CLICKED", "ORDERED");
    }

    @Override
    public String connectorId() {
        return "portal";
    }

    @Override
    public List<ContactResult> send(TouchpointSlice slice) {
        OffsetDateTime from = OffsetDateTime.now(HubTime.ZONE);
        List<ContactResult> results = new ArrayList<>();
        List<Offer> offers = new ArrayList<>();
        for (TouchpointContact c : slice.contacts()) {
            Map<String, String> f = c.fields();
            offers.add(Offer.of(slice.campaignId(), c.msisdn(), slice.productId(), f.get("title"), f.get("body"), f.get("url"),
                    from, slice.validUntil()));
        }
        Map<String, String> msisdnByKey = new HashMap<>();
        offers.forEach(o -> msisdnByKey.put(o.offerKey(), o.msisdn()));
        if (!offers.isEmpty()) {
            for (PushResult r : portal.pushOffers(offers)) {
                results.add(ContactResult.ofPush(msisdnByKey.get(r.key()), r.status().name(), r.reason()));
            }
        }
        return results;
    }
}
