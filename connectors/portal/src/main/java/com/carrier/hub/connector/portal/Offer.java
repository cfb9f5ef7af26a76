package com.carrier.hub.connector.portal;

import java.time.OffsetDateTime;

import com.carrier.hub.http.IsoSecondsSerializer;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

/**
 * One offer shown to one customer on the portal (PEERS §3.1). {@code offerKey} is {@code campaignId:msisdn}, so
 * pushing the same offer again is a harmless upsert.
 */
public record Offer(String offerKey, String msisdn, String campaignId, String productId, String title, String body,
                    String url,
                    @JsonSerialize(using = IsoSecondsSerializer.class) @JsonFormat(shape = JsonFormat.Shape.STRING, pattern = "yyyy-MM-dd'T'HH:mm:ssXXX") OffsetDateTime validFrom,
                    @JsonSerialize(using = IsoSecondsSerializer.class) @JsonFormat(shape = JsonFormat.Shape.STRING, pattern = "yyyy-MM-dd'T'HH:mm:ssXXX") OffsetDateTime validTo) {

    /** An offer keyed {@code campaignId:msisdn}, as the contract requires. */
    public static Offer of(String campaignId, String msisdn, String productId, String title, String body, String url,
                           OffsetDateTime validFrom, OffsetDateTime validTo) {
        return new Offer(campaignId + ":" + msisdn, msisdn, campaignId, productId, title, body, url, validFrom, validTo);
    }
}
