package com.carrier.hub.connector.boss.order;

/**
 * One order request of PEERS.md §1.5. {@code requestId} makes it idempotent: the hub uses
 * {@code campaignId:msisdn}, so a customer's accept places at most one order per campaign.
 */
public record OrderRequest(String requestId, String msisdn, String productId, String channelCode, String campaignId) {
}
