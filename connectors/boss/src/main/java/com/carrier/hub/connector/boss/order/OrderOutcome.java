package com.carrier.hub.connector.boss.order;

/**
 * What BOSS answered an order request.
 *
 * @param status  ACCEPTED (201), CONFLICT (409: the customer holds the product or its exclusive group), INVALID
 *                (422: BOSS refused the request as bad), or FAILED (no answer or another status: try again later)
 * @param http    the HTTP status, 0 when there was no answer
 * @param orderId BOSS's order id when ACCEPTED
 * @param reason  what BOSS or the connection said otherwise
 */
public record OrderOutcome(Status status, int http, String orderId, String reason) {

    /** Outcome classes; only FAILED is worth retrying. */
    public enum Status { ACCEPTED, CONFLICT, INVALID, FAILED }
}
