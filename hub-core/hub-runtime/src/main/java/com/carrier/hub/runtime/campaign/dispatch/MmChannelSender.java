package com.carrier.hub.runtime.campaign.dispatch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.carrier.hub.connector.mmstore.MmStoreClient;
import com.carrier.hub.connector.mmstore.Recommendation;
import com.carrier.hub.runtime.campaign.Campaign;
import com.carrier.hub.runtime.campaign.CampaignDefinition.Channel;

/** App recommendations in the MM store (PEERS §4.2): the handset-suited apps the policy chose for each customer. */
public class MmChannelSender implements ChannelSender {

    private final MmStoreClient mm;

    public MmChannelSender(MmStoreClient mm) {
        this.mm = mm;
    }

    @Override
    public Channel channel() {
        return Channel.MM;
    }

    @Override
    public boolean idempotent() {
        return true;
    }

    @Override
    public List<Result> send(Campaign campaign, List<Contact> contacts) {
        List<Result> results = new ArrayList<>();
        List<Recommendation> recs = new ArrayList<>();
        for (Contact c : contacts) {
            String apps = c.vars().get("apps");
            if (apps == null || apps.isBlank()) {
                results.add(new Result(c.msisdn(), Result.Status.FAILED, "NO_SUITABLE_APP", List.of(), 0));
            } else {
                recs.add(Recommendation.of(campaign.id(), c.msisdn(), Arrays.asList(apps.split(",")), campaign.definition().end()));
            }
        }
        Map<String, String> msisdnByKey = new HashMap<>();
        recs.forEach(r -> msisdnByKey.put(r.recKey(), r.msisdn()));
        if (!recs.isEmpty()) {
            for (var r : mm.pushRecommendations(recs)) {
                results.add(HttpPushResults.toResult(msisdnByKey.get(r.key()), r.status().name(), r.reason()));
            }
        }
        return results;
    }
}
