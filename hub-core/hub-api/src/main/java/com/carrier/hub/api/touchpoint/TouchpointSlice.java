package com.carrier.hub.api.touchpoint;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * The contacts of one campaign handed to a touchpoint at once, with what the campaign says about all of them.
 *
 * @param campaignId    the campaign
 * @param sourceAddress the SMS service code messages come from; may be null
 * @param productId     the offered product; may be null for publicity
 * @param validUntil    the campaign's end: an offer or recommendation is valid until then
 * @param contacts      the customers, at most the touchpoint's slice size
 */
public record TouchpointSlice(String campaignId, String sourceAddress, String productId, OffsetDateTime validUntil,
                              List<TouchpointContact> contacts) {

    /**
     * The Camel header naming the touchpoint of an exchange that carries a slice: set when the dispatch hands a slice to
     * a touchpoint declared by routes, read by those routes' beans, and what keeps the hub's error handling from
     * retrying or dead-lettering a slice (its failure goes back to the dispatcher that holds the contacts).
     */
    public static final String HEADER = "HubTouchpoint";
}
