package com.carrier.hub.runtime.ledger;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.carrier.hub.api.Msisdn;
import com.carrier.hub.connector.boss.order.BossOrderClient;
import com.carrier.hub.connector.boss.order.OrderOutcome;
import com.carrier.hub.connector.boss.order.OrderRequest;

/**
 * Accept → BOSS order (PEERS.md §1.5, §5.4, §9.2): every accept the ledger attributed within the response window — an
 * SMS reply with the campaign's accept keyword, or an {@code ACCEPTED} response of any touchpoint (a call centre's
 * result, a manager's work order) — for a campaign with {@code autoOrder}, becomes one order request with requestId
 * {@code campaignId:msisdn}; requests are sent to BOSS and their outcome recorded (ACCEPTED with the order id,
 * CONFLICT, INVALID with BOSS's reason). A request BOSS did not answer stays PENDING and is retried with back-off;
 * BOSS answers a repeated requestId with its first answer, so a retry after a lost answer orders nothing twice.
 * Run by the route {@code accepted-responses-to-boss-orders} every {@code hub.ledger.interval}.
 */
@Component
public class BossOrderRequests {

    private static final Logger log = LoggerFactory.getLogger(BossOrderRequests.class);
    private static final int BATCH = 100;

    private final JdbcTemplate jdbc;
    private final ObjectProvider<BossOrderClient> client;

    public BossOrderRequests(JdbcTemplate jdbc, ObjectProvider<BossOrderClient> client) {
        this.jdbc = jdbc;
        this.client = client;
    }

    /**
     * Sends the due requests to BOSS when its order API is configured (hub.connectors.boss.orders); returns how many
     * were answered.
     */
    public int sendDue() {
        BossOrderClient boss = client.getIfAvailable();
        return boss == null ? 0 : send(boss);
    }

    /** Turns new accepts of autoOrder campaigns into pending requests; returns how many were added. */
    public int enqueue() {
        return jdbc.update("""
                INSERT INTO boss_order_request (request_id, campaign_id, msisdn, product_id, event_id)
                SELECT a.campaign_id || ':' || a.msisdn, a.campaign_id, a.msisdn, c.product_id, min(a.event_id)
                  FROM response_attribution a JOIN campaign c ON c.id = a.campaign_id
                 WHERE a.accepted AND a.outcome = 'ATTRIBUTED' AND a.correlated_at > now() - interval '2 days'
                   AND coalesce((c.definition ->> 'autoOrder')::boolean, false) AND c.product_id IS NOT NULL
                 GROUP BY a.campaign_id, a.msisdn, c.product_id
                ON CONFLICT (request_id) DO NOTHING""");
    }

    /** Sends the due requests to BOSS and records each outcome; returns how many were answered. */
    public int send(BossOrderClient boss) {
        List<OrderRequest> due = jdbc.query("""
                SELECT request_id, msisdn, product_id, campaign_id FROM boss_order_request
                 WHERE status = 'PENDING' AND next_attempt_at <= now() ORDER BY next_attempt_at LIMIT ?""",
                (rs, i) -> new OrderRequest(rs.getString(1), rs.getString(2), rs.getString(3), boss.channelCode(),
                        rs.getString(4)), BATCH);
        int answered = 0;
        for (OrderRequest r : due) {
            OrderOutcome o = boss.place(r);
            if (o.status() == OrderOutcome.Status.FAILED) {
                jdbc.update("""
                        UPDATE boss_order_request SET attempts = attempts + 1, http_status = ?, reason = ?,
                               next_attempt_at = now() + least(interval '1 hour', interval '10 seconds' * power(2, attempts))
                         WHERE request_id = ?""", o.http() == 0 ? null : o.http(), o.reason(), r.requestId());
                log.warn("boss orders: request for campaign {} customer {} not answered, retried later: {}",
                        r.campaignId(), Msisdn.mask(r.msisdn()), o.reason());
                continue;
            }
            jdbc.update("""
                    UPDATE boss_order_request SET status = ?, http_status = ?, order_id = ?, reason = ?,
                           attempts = attempts + 1, answered_at = now() WHERE request_id = ?""",
                    o.status().name(), o.http(), o.orderId(), o.reason(), r.requestId());
            answered++;
        }
        return answered;
    }

}
