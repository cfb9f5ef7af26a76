package com.carrier.hub.connector.mmstore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.carrier.hub.api.InputLimits;
import com.carrier.hub.api.touchpoint.ContactResult;
import com.carrier.hub.api.touchpoint.TemplateField;
import com.carrier.hub.api.touchpoint.Touchpoint;
import com.carrier.hub.api.touchpoint.TouchpointContact;
import com.carrier.hub.api.touchpoint.TouchpointSlice;

/**
 * App recommendations in the MM store (PEERS §4.2): the handset-suited apps the contact policy chose for each customer
 * (its {@code apps} value) out of the campaign's {@code appIds}, valid until the campaign's end.
 */
public class MmTouchpoint implements Touchpoint {

    private final MmStoreClient mm;

    public MmTouchpoint(MmStoreClient mm) {
        this.mm = mm;
    }

    @Override
    public String id() {
        return "MM";
    }

    @Override
    public String description() {
        return "App recommendations in the MM app store, suited to the customer's handset (PEERS §4.2)";
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
        return List.of(new TemplateField("appIds", "the app ids to recommend (from the MM catalog)", true, InputLimits.ID,
                TemplateField.Kind.LIST));
    }

    @Override
    public List<String> responseTypes() {
        return List.of("DOWNLOADED", "INSTALLED");
    }

    @Override
    public String connectorId() {
        return "mmstore";
    }

    @Override
    public List<ContactResult> send(TouchpointSlice slice) {
        List<ContactResult> results = new ArrayList<>();
        List<Recommendation> recs = new ArrayList<>();
        for (TouchpointContact c : slice.contacts()) {
            String apps = c.vars().get("apps");
            if (apps == null || apps.isBlank()) {
                results.add(ContactResult.failed(c.msisdn(), "NO_SUITABLE_APP"));
            } else {
                recs.add(Recommendation.of(slice.campaignId(), c.msisdn(), Arrays.asList(apps.split(",")), slice.validUntil()));
            }
        }
        Map<String, String> msisdnByKey = new HashMap<>();
        recs.forEach(r -> msisdnByKey.put(r.recKey(), r.msisdn()));
        if (!recs.isEmpty()) {
            for (var r : mm.pushRecommendations(recs)) {
                results.add(ContactResult.ofPush(msisdnByKey.get(r.key()), r.status().name(), r.reason()));
            }
        }
        return results;
    }
}
