package com.carrier.hub.connector.mmstore;

import java.time.OffsetDateTime;
import java.util.List;

import com.carrier.hub.http.IsoSecondsSerializer;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

/**
 * One customer's app recommendation (PEERS §4.2). {@code recKey} is {@code campaignId:msisdn}, so pushing it again is
 * a harmless upsert.
 */
public record Recommendation(String recKey, String msisdn, String campaignId, List<String> appIds,
                             @JsonSerialize(using = IsoSecondsSerializer.class) @JsonFormat(shape = JsonFormat.Shape.STRING, pattern = "yyyy-MM-dd'T'HH:mm:ssXXX") OffsetDateTime validTo) {

    public Recommendation {
        appIds = List.copyOf(appIds);
    }

    /** A recommendation keyed {@code campaignId:msisdn}, as the contract requires. */
    public static Recommendation of(String campaignId, String msisdn, List<String> appIds, OffsetDateTime validTo) {
        return new Recommendation(campaignId + ":" + msisdn, msisdn, campaignId, appIds, validTo);
    }
}
