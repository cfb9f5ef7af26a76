package com.carrier.hub.api;

import java.time.Instant;

/**
 * Anything a customer (or a peer on the customer's behalf) did back: one row of the hub's single response-event store,
 * whatever the channel. Connectors hand these to the {@link ResponseEventSink}; the response ledger correlates them to
 * contacts.
 *
 * @param source     id of the connector that received it ({@code sms}, {@code portal}, {@code mmstore}, {@code boss})
 * @param eventId    unique within {@code source}; the same (source, eventId) twice is stored once
 * @param channel    the touchpoint id it came through (SMS, PORTAL, MM…), or BOSS for orders
 * @param type       what happened
 * @param msisdn     the customer, when the event names one
 * @param campaignId the campaign, when the event names one
 * @param ref        the channel's correlation key: SMS message id, portal offerKey, MM appId, BOSS order id
 * @param time       when it happened, as the peer reported it
 * @param detail     free text: receipt status and error, reply text, product id
 */
public record ResponseEvent(String source, String eventId, String channel, Type type, String msisdn,
                            String campaignId, String ref, Instant time, String detail) {

    /** The channel of orders BOSS reports, which answer whatever touchpoint reached the customer. */
    public static final String BOSS = "BOSS";

    /** Response types; the warehouse RESPONSE feed (PEERS §2.2) uses the names as they are. */
    public enum Type {
        DELIVERED, UNDELIVERED, REPLIED, UNSUBSCRIBED, IMPRESSION, CLICKED, ORDERED, DOWNLOADED, INSTALLED,
        /** The customer opened an app push (PEERS §10.2). */
        OPENED,
        /** The customer took the offer when a person asked (a 10086 call, PEERS §9.2, or an account manager). */
        ACCEPTED,
        /** The customer turned the offer down when a person asked; an answer all the same, so a response. */
        DECLINED
    }
}
