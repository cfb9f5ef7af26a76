package com.carrier.hub.connector.app;

import java.time.OffsetDateTime;

import com.carrier.hub.http.IsoSecondsSerializer;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

/**
 * One push to one customer's app (PEERS §10.1). {@code pushId} is {@code campaignId:msisdn}, so pushing it again is
 * harmless. {@code deeplink} is left out of the request when the campaign has none.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PushMessage(String pushId, String msisdn, String title, String body, String deeplink,
                          @JsonSerialize(using = IsoSecondsSerializer.class) @JsonFormat(shape = JsonFormat.Shape.STRING, pattern = "yyyy-MM-dd'T'HH:mm:ssXXX") OffsetDateTime expireAt) {

    /** A push keyed {@code campaignId:msisdn}, as the contract requires. */
    public static PushMessage of(String campaignId, String msisdn, String title, String body, String deeplink,
                                 OffsetDateTime expireAt) {
        return new PushMessage(campaignId + ":" + msisdn, msisdn, title, body, deeplink, expireAt);
    }
}
