package com.carrier.hub.runtime.ledger;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;

import com.carrier.hub.api.ResponseEvent;

/** SQL fixtures for ledger tests: campaigns, contacts and orders written as the campaign engine and BOSS feed would. */
public final class LedgerFixtures {

    public final JdbcTemplate jdbc;
    public final String prefix = "139" + String.format("%04d", Math.floorMod(UUID.randomUUID().hashCode(), 10000));

    public LedgerFixtures(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public String m(int n) {
        return prefix + String.format("%04d", n);
    }

    /** A campaign offering {@code product} that started {@code startedAgo} ago and ends {@code endsIn} from now. */
    public String campaign(String product, Duration startedAgo, Duration endsIn, int windowDays, String status, boolean autoOrder) {
        String id = "L-" + UUID.randomUUID().toString().substring(0, 8);
        Instant start = Instant.now().minus(startedAgo);
        Instant end = Instant.now().plus(endsIn);
        String definition = """
                {"id":"%s","name":"ledger test","type":"PROMOTION","productId":"%s","channels":["SMS","PORTAL"],
                 "start":"%s","end":"%s","controlPercent":5.0,"responseWindowDays":%d,"acceptKeywords":["Y","1"],
                 "autoOrder":%s,"targets":[{"metric":"ORDERED","value":4},{"metric":"SENT","value":1000}]}"""
                .formatted(id, product, start, end, windowDays, autoOrder);
        jdbc.update("""
                INSERT INTO campaign (id, name, type, product_id, status, start_at, end_at, control_percent,
                                      response_window_days, definition, created_by)
                VALUES (?, 'ledger test', 'PROMOTION', ?, ?, ?, ?, 5, ?, ?::jsonb, 'operator')""",
                id, product, status, Timestamp.from(start), Timestamp.from(end), windowDays, definition);
        return id;
    }

    /**
     * A closed campaign whose definition cannot be evaluated: a row written around the API and the campaign files,
     * without the end that places its response window.
     */
    public String brokenCampaign() {
        String id = "L-" + UUID.randomUUID().toString().substring(0, 8);
        jdbc.update("""
                INSERT INTO campaign (id, name, type, product_id, status, start_at, end_at, control_percent,
                                      response_window_days, definition, created_by)
                VALUES (?, 'broken', 'PROMOTION', 'P1', 'COMPLETED', now() - interval '30 days', now() - interval '20 days',
                        5, 7, '{"sourceAddress":"10658001"}'::jsonb, 'operator')""", id);
        return id;
    }

    /** A treatment contact sent {@code sentAgo} ago (null: not sent yet) with its SMS message ids. */
    public void sent(String campaign, String msisdn, String segment, String channel, Duration sentAgo, String... messageIds) {
        Timestamp at = sentAgo == null ? null : Timestamp.from(Instant.now().minus(sentAgo));
        jdbc.update("""
                INSERT INTO campaign_contact (campaign_id, msisdn, segment, grp, channel, status, message_ids, decided_at, contacted_at)
                VALUES (?, ?, ?, 'T', ?, ?, ?, ?, ?)""",
                campaign, msisdn, segment, channel, at == null ? "PENDING" : "SENT",
                messageIds.length == 0 ? null : messageIds, Timestamp.from(Instant.now().minus(Duration.ofDays(3))), at);
    }

    public void control(String campaign, String msisdn, String segment, Duration decidedAgo) {
        jdbc.update("""
                INSERT INTO campaign_contact (campaign_id, msisdn, segment, grp, status, decided_at)
                VALUES (?, ?, ?, 'C', 'CONTROL', ?)""", campaign, msisdn, segment, Timestamp.from(Instant.now().minus(decidedAgo)));
    }

    public void excluded(String campaign, String msisdn, String segment, String code) {
        jdbc.update("INSERT INTO campaign_contact (campaign_id, msisdn, segment, status, reason) VALUES (?, ?, ?, 'EXCLUDED', ?)",
                campaign, msisdn, segment, code);
    }

    /** A BOSS order as the order feed publishes it (upsert by order id). */
    public void order(String orderId, String msisdn, String product, Duration ago, int status) {
        jdbc.update("""
                INSERT INTO boss_order (order_id, msisdn, product_id, channel_code, order_time, status) VALUES (?, ?, ?, 'SMS', ?, ?)
                ON CONFLICT (order_id) DO UPDATE SET status = EXCLUDED.status""",
                orderId, msisdn, product, Timestamp.from(Instant.now().minus(ago)), status);
    }

    public static ResponseEvent receipt(String messageId, String msisdn, Duration ago) {
        return new ResponseEvent("sms", "dlr:" + messageId + ":DELIVRD", "SMS",
                ResponseEvent.Type.DELIVERED, msisdn, null, messageId, Instant.now().minus(ago), "unmatched stat:DELIVRD");
    }

    public static ResponseEvent reply(String msisdn, String text, Duration ago) {
        return new ResponseEvent("sms", "mo:" + UUID.randomUUID(), "SMS", ResponseEvent.Type.REPLIED,
                msisdn, null, "10658001", Instant.now().minus(ago), text);
    }

    public static ResponseEvent click(String campaign, String msisdn, Instant at) {
        return new ResponseEvent("portal", "p:" + UUID.randomUUID(), "PORTAL",
                ResponseEvent.Type.CLICKED, msisdn, campaign, "offer-1", at, null);
    }

    public String outcomeOfEvent(String source, String eventId) {
        return jdbc.queryForObject("""
                SELECT a.outcome FROM response_attribution a JOIN response_event e ON e.id = a.event_id
                 WHERE e.source = ? AND e.event_id = ?""", String.class, source, eventId);
    }

    public String outcomeOfOrder(String orderId) {
        return jdbc.queryForObject("SELECT outcome FROM response_attribution WHERE order_id = ?", String.class, orderId);
    }
}
