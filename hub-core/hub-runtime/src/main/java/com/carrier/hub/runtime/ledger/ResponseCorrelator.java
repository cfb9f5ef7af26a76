package com.carrier.hub.runtime.ledger;

import java.sql.Timestamp;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.carrier.hub.runtime.events.HubEvents;

/**
 * The response ledger's correlator: links every response event and every BOSS order to the campaign contact it
 * answers (PEERS.md §1.4, §7.3), in set-based SQL, a batch per transaction, reading new rows past a watermark.
 * <ul>
 * <li>SMS receipts by message id (or by campaign and MSISDN when the SMS connector already named them);</li>
 * <li>SMS replies by MSISDN to the customer's latest SMS contact; portal and MM events by campaign and MSISDN;</li>
 * <li>BOSS orders of a campaign's product by MSISDN to the latest contact before the order — the contact time for
 * treatment, the list acceptance for the control group, so control customers' orders count too.</li>
 * </ul>
 * An attributed event is an accept ({@code response_attribution.accepted}, which places the BOSS order of an
 * {@code autoOrder} campaign) when it is an {@code ACCEPTED} response of any touchpoint (a call, a manager's work
 * order) or an SMS reply with the campaign's accept keyword.
 * Outside the response window an event is LATE, before its contact EARLY, ahead of the clock FUTURE (an event for a
 * contact still in its touchpoint's hands, SUBMITTING, counts from the moment it was handed over: a peer may answer
 * before the hub has stored its outcome); with no contact
 * UNMATCHED (an SMS receipt is tried again for {@link LedgerProperties#getRetryUnmatched()}, so a receipt stored
 * before its contact's message id is matched on a later pass; other events name their campaign or customer, whose
 * contact exists long before they can). SMS contacts of unknown outcome are settled here too: a receipt of an unknown
 * id is matched to one by MSISDN and service code, a contact with every part receipted becomes SENT, and one without a
 * receipt when its {@link LedgerProperties#getReceiptWindow() receipt window} closes is sent again, once. Nothing is dropped: every event and order has exactly one ledger row, and
 * running a pass again changes nothing (unique per event and per order). Event ids are taken at insert but visible at
 * commit, so an id skipped below the watermark is kept as a gap and looked for again on every pass.
 * <p>
 * Every response it attributes is announced as a {@code response.attributed} hub event by the statement that
 * attributes it ({@link HubEvents}).
 * <p>
 * Run by the route {@code responses-to-ledger} (routes/responses-to-ledger.yaml) every {@code hub.ledger.interval}.
 */
@Component
public class ResponseCorrelator {

    private static final Logger log = LoggerFactory.getLogger(ResponseCorrelator.class);
    private static final long LOCK = 0x4C45444745524CL; // "LEDGERL": one correlator at a time across instances

    /**
     * Event candidates: the inner query {@code e} yields response_event rows. An event that names its campaign and
     * customer has one contact by key, joined as such; the others (receipts by message id, replies by MSISDN) look
     * for theirs one event at a time. The two kinds are disjoint, so no event is looked up twice.
     */
    private static final String EVENTS = """
            WITH e AS MATERIALIZED (%s),
            m AS (
              SELECT e.id, e.campaign_id, e.msisdn, e.channel, e.type, e.event_time, e.received_at, e.detail,
                     cc.campaign_id AS contact_campaign, cc.msisdn AS contact_msisdn, cc.grp, e.channel = 'SMS' AS by_id,
                     CASE WHEN e.channel = 'SMS' THEN coalesce(cc.contacted_at, e.event_time)
                          WHEN cc.status = 'SUBMITTING' THEN coalesce(cc.contacted_at, cc.updated_at)
                          ELSE cc.contacted_at END AS anchor, c.response_window_days, c.definition
                FROM e LEFT JOIN (campaign_contact cc JOIN campaign c ON c.id = cc.campaign_id)
                       ON cc.campaign_id = e.campaign_id AND cc.msisdn = e.msisdn
               WHERE e.campaign_id IS NOT NULL AND e.msisdn IS NOT NULL
              UNION ALL
              SELECT e.id, e.campaign_id, e.msisdn, e.channel, e.type, e.event_time, e.received_at, e.detail,
                     x.campaign_id, x.msisdn, x.grp, x.by_id, x.anchor, x.response_window_days, x.definition
                FROM e LEFT JOIN LATERAL (
                  SELECT y.*, c.response_window_days, c.definition FROM (
                      SELECT 2 AS pri, true AS by_id, cc.campaign_id, cc.msisdn, cc.grp,
                             coalesce(cc.contacted_at, e.event_time) AS anchor
                        FROM campaign_contact cc
                       WHERE e.campaign_id IS NULL AND e.channel = 'SMS' AND e.type IN ('DELIVERED', 'UNDELIVERED')
                         AND e.ref IS NOT NULL AND cc.message_ids @> ARRAY[e.ref]
                      UNION ALL
                      (SELECT 3, false, cc.campaign_id, cc.msisdn, cc.grp, cc.contacted_at
                         FROM campaign_contact cc
                        WHERE e.campaign_id IS NULL AND e.channel = 'SMS' AND e.type IN ('REPLIED', 'UNSUBSCRIBED')
                          AND e.msisdn IS NOT NULL AND cc.msisdn = e.msisdn AND cc.channel = 'SMS'
                          AND cc.contacted_at IS NOT NULL AND cc.contacted_at <= e.event_time + ?::interval
                        ORDER BY cc.contacted_at DESC LIMIT 1)
                  ) y JOIN campaign c ON c.id = y.campaign_id
                  ORDER BY y.pri LIMIT 1
                ) x ON true
               WHERE e.campaign_id IS NULL OR e.msisdn IS NULL)
            """;
    /** The ledger rows of the candidates {@link #EVENTS} found (its CTE {@code m}). */
    private static final String EVENTS_INSERT = """
            INSERT INTO response_attribution AS a (event_id, campaign_id, msisdn, channel, type, event_time, grp,
                                                   contact_time, outcome, accepted)
            SELECT s.id, s.campaign_id, s.msisdn, s.channel, s.type, s.event_time, s.grp, s.anchor, s.outcome,
                   s.outcome = 'ATTRIBUTED' AND (s.type = 'ACCEPTED'
                       OR s.channel = 'SMS' AND s.type = 'REPLIED' AND upper(btrim(s.detail)) IN (
                           SELECT upper(btrim(k)) FROM jsonb_array_elements_text(
                               coalesce(s.definition -> 'acceptKeywords', '["Y","1"]'::jsonb)) k))
              FROM (
                SELECT m.id, coalesce(m.contact_campaign, m.campaign_id) AS campaign_id,
                       coalesce(m.msisdn, m.contact_msisdn) AS msisdn, m.channel, m.type, m.event_time, m.detail, m.grp,
                       m.anchor, m.definition,
                       CASE WHEN m.event_time > m.received_at + ?::interval THEN 'FUTURE'
                            WHEN m.contact_campaign IS NULL THEN 'UNMATCHED'
                            WHEN m.anchor IS NULL THEN 'EARLY'
                            WHEN m.event_time > m.anchor + make_interval(days => m.response_window_days) THEN 'LATE'
                            WHEN NOT m.by_id AND m.event_time < m.anchor - ?::interval THEN 'EARLY'
                            ELSE 'ATTRIBUTED' END AS outcome
                  FROM m
              ) s
            """;
    /**
     * Events read again (gaps, unmatched receipts) may have their ledger row already: an UNMATCHED one is replaced
     * once a contact is found. New events past the watermark are inserted without it: none of them can have a row
     * (passes run one at a time under the lock, and each moves the watermark in the transaction that writes its
     * rows), and a plain insert costs less than a speculative one.
     */
    private static final String RETRIED = """
            ON CONFLICT (event_id) DO UPDATE
               SET campaign_id = EXCLUDED.campaign_id, msisdn = EXCLUDED.msisdn, grp = EXCLUDED.grp,
                   contact_time = EXCLUDED.contact_time, outcome = EXCLUDED.outcome, accepted = EXCLUDED.accepted,
                   correlated_at = now()
             WHERE a.outcome = 'UNMATCHED' AND EXCLUDED.outcome <> 'UNMATCHED'""";

    private static final String NEW_EVENTS = "SELECT * FROM response_event WHERE id > %d AND id <= %d";
    /** Ids skipped below the watermark (their transaction had not committed yet), looked at again every pass. */
    private static final String GAP_EVENTS = "SELECT r.* FROM ledger_gap g JOIN response_event r ON r.id = g.id";
    private static final String UNMATCHED_EVENTS = """
            SELECT r.* FROM response_attribution u JOIN response_event r ON r.id = u.event_id
             WHERE u.outcome = 'UNMATCHED' AND u.correlated_at > now() - ?::interval
               AND r.channel = 'SMS' AND r.type IN ('DELIVERED', 'UNDELIVERED')""";

    /**
     * Receipts of unknown message ids (a submit_sm_resp lost to a timeout or a crash) matched to the customer's
     * unresolved contact: the receipt's MSISDN, the service code it was sent to (the campaign's source address), a
     * submit before the receipt (its done date has minutes only, hence a minute besides the clock skew) and the
     * receipt within the receipt window; the latest such contact when there are several. The contact keeps the ids,
     * so a later part's receipt is matched by id too. A contact already settled SENT with fewer ids than parts (its
     * last part's receipt, matched by the connector before a crash, settled it; an earlier part's came after) takes
     * the rest of its parts' receipts the same way. Binds the retry period, the skew and the receipt window.
     */
    private static final String LINK_BY_MSISDN = """
            WITH r AS (
              SELECT a.event_id, e.msisdn, e.ref, e.event_time, substring(e.detail FROM ' to:(\\S+)') AS service_code
                FROM response_attribution a JOIN response_event e ON e.id = a.event_id
               WHERE a.outcome = 'UNMATCHED' AND a.correlated_at > now() - ?::interval
                 AND e.channel = 'SMS' AND e.type IN ('DELIVERED', 'UNDELIVERED') AND e.campaign_id IS NULL
                 AND e.msisdn IS NOT NULL AND e.ref IS NOT NULL),
            m AS (
              SELECT DISTINCT ON (r.event_id) r.event_id, r.ref, cc.campaign_id, cc.msisdn, cc.grp, cc.contacted_at
                FROM r JOIN campaign_contact cc ON cc.msisdn = r.msisdn
                        AND (cc.status = 'OUTCOME_UNKNOWN' OR (cc.status = 'SENT'
                             AND coalesce(cardinality(cc.message_ids), 0) < coalesce(cc.parts, 1)))
                       JOIN campaign c ON c.id = cc.campaign_id AND c.definition ->> 'sourceAddress' = r.service_code
               WHERE cc.channel = 'SMS' AND NOT coalesce(cc.message_ids @> ARRAY[r.ref], false)
                 AND cc.contacted_at <= r.event_time + interval '1 minute' + ?::interval
                 AND r.event_time <= cc.contacted_at + ?::interval
               ORDER BY r.event_id, cc.contacted_at DESC),
            ids AS (
              UPDATE campaign_contact cc SET message_ids = coalesce(cc.message_ids, '{}') || g.refs
                FROM (SELECT campaign_id, msisdn, array_agg(DISTINCT ref) AS refs FROM m GROUP BY campaign_id, msisdn) g
               WHERE cc.campaign_id = g.campaign_id AND cc.msisdn = g.msisdn)
            """;
    /** The ledger rows {@link #LINK_BY_MSISDN} matched (its CTE {@code m}), attributed. */
    private static final String LINK_UPDATE = """
            UPDATE response_attribution a
               SET campaign_id = m.campaign_id, msisdn = m.msisdn, grp = m.grp, contact_time = m.contacted_at,
                   outcome = 'ATTRIBUTED', correlated_at = now()
              FROM m WHERE a.event_id = m.event_id AND a.outcome = 'UNMATCHED'""";

    /**
     * Unresolved SMS contacts whose every part has an attributed receipt — or one receipt the SMS connector matched to
     * the whole message (it names the campaign and is not an earlier part's, {@code part:…}) — were accepted by the
     * SMSC: SENT, delivered when every part was. Parts count by receipt id: ids of the contact's message, and earlier
     * parts' receipts the connector stored before a crash lost the message's outcome. A contact with only some parts
     * receipted stays unresolved: the customer has a fragment, and the resend gives the whole message.
     */
    private static final String SETTLE = """
            UPDATE campaign_contact cc SET status = 'SENT', reason = NULL, delivered = f.delivered, updated_at = now()
              FROM (SELECT u.campaign_id, u.msisdn, bool_and(a.type = 'DELIVERED') AS delivered
                      FROM campaign_contact u
                      JOIN response_attribution a ON a.campaign_id = u.campaign_id AND a.msisdn = u.msisdn
                                                 AND a.outcome = 'ATTRIBUTED'
                      JOIN response_event e ON e.id = a.event_id
                     WHERE u.status = 'OUTCOME_UNKNOWN' AND u.channel = 'SMS'
                       AND a.channel = 'SMS' AND a.type IN ('DELIVERED', 'UNDELIVERED')
                       AND (e.campaign_id IS NOT NULL OR e.ref = ANY (u.message_ids))
                     GROUP BY u.campaign_id, u.msisdn, u.parts
                    HAVING bool_or(e.campaign_id IS NOT NULL AND coalesce(e.detail, '') NOT LIKE 'part:%')
                        OR count(DISTINCT e.ref) >= greatest(coalesce(u.parts, 1), 1)) f
             WHERE cc.campaign_id = f.campaign_id AND cc.msisdn = f.msisdn AND cc.status = 'OUTCOME_UNKNOWN'""";

    /**
     * Unresolved SMS contacts whose receipt window closed without a receipt were not accepted by the SMSC: back to
     * PENDING, once ({@code resent}), for the dispatcher to send with a new message (quiet hours apply as to any
     * pending contact), if the campaign is still running and allows it; a second unknown outcome stands. The first
     * send did not contact the customer, so its contact time is cleared. Binds the receipt window.
     */
    private static final String RESEND = """
            UPDATE campaign_contact cc SET status = 'PENDING', resent = true, reason = NULL, contacted_at = NULL,
                   not_before = NULL, claimed_by = NULL, updated_at = now()
              FROM campaign c
             WHERE cc.status = 'OUTCOME_UNKNOWN' AND cc.channel = 'SMS' AND NOT cc.resent
               AND cc.contacted_at < now() - ?::interval
               AND c.id = cc.campaign_id AND c.status = 'RUNNING' AND c.end_at > now()
               AND coalesce((c.definition ->> 'resendUnresolved')::boolean, true)""";

    /** Order candidates: the inner query {@code o} yields boss_order rows. */
    private static final String ORDERS = """
            INSERT INTO response_attribution AS a (order_id, campaign_id, msisdn, channel, type, event_time, grp,
                                                   contact_time, outcome)
            SELECT o.order_id, coalesce(m.campaign_id, x.campaign_id), o.msisdn, 'BOSS', 'ORDERED', o.order_time,
                   m.grp, m.anchor,
                   CASE WHEN o.order_time > o.received_at + ?::interval THEN 'FUTURE'
                        WHEN m.campaign_id IS NOT NULL
                             AND o.order_time <= m.anchor + make_interval(days => m.response_window_days) THEN 'ATTRIBUTED'
                        WHEN m.campaign_id IS NOT NULL THEN 'LATE'
                        WHEN x.same_product THEN 'EARLY'
                        WHEN x.campaign_id IS NOT NULL THEN 'OTHER_PRODUCT'
                        ELSE 'UNMATCHED' END
              FROM (%s) o
              LEFT JOIN LATERAL (
                SELECT y.campaign_id, y.grp, y.anchor, c.response_window_days FROM (
                    SELECT cc.campaign_id, cc.grp, cc.contacted_at AS anchor FROM campaign_contact cc
                     WHERE cc.msisdn = o.msisdn AND cc.contacted_at IS NOT NULL AND cc.grp = 'T'
                       AND cc.status IN ('SENT', 'OUTCOME_UNKNOWN') AND cc.contacted_at <= o.order_time
                    UNION ALL
                    SELECT cc.campaign_id, cc.grp, cc.decided_at FROM campaign_contact cc
                     WHERE cc.msisdn = o.msisdn AND cc.status = 'CONTROL' AND cc.decided_at <= o.order_time
                ) y JOIN campaign c ON c.id = y.campaign_id AND c.product_id = o.product_id
                ORDER BY y.anchor DESC LIMIT 1
              ) m ON true
              LEFT JOIN LATERAL (
                SELECT min(cc.campaign_id) AS campaign_id, bool_or(c.product_id = o.product_id) AS same_product
                  FROM campaign_contact cc JOIN campaign c ON c.id = cc.campaign_id
                 WHERE cc.msisdn = o.msisdn AND (cc.contacted_at IS NOT NULL OR cc.status = 'CONTROL')
              ) x ON m.campaign_id IS NULL
            ON CONFLICT (order_id) WHERE order_id IS NOT NULL DO UPDATE
               SET campaign_id = EXCLUDED.campaign_id, grp = EXCLUDED.grp, contact_time = EXCLUDED.contact_time,
                   outcome = EXCLUDED.outcome, correlated_at = now()
             WHERE a.outcome IN ('UNMATCHED', 'EARLY') AND EXCLUDED.outcome NOT IN ('UNMATCHED', 'EARLY')""";

    private static final String NEW_ORDERS = """
            SELECT b.* FROM boss_order b
             WHERE b.received_at > ?::timestamptz AND b.received_at <= ?::timestamptz
               AND NOT EXISTS (SELECT 1 FROM response_attribution a WHERE a.order_id = b.order_id)""";
    private static final String UNMATCHED_ORDERS = """
            SELECT b.* FROM response_attribution u JOIN boss_order b ON b.order_id = u.order_id
             WHERE u.outcome IN ('UNMATCHED', 'EARLY') AND u.correlated_at > now() - ?::interval""";

    /** What one pass did. */
    public record Pass(long events, long orders, long retried) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final LedgerProperties props;
    private final boolean announce;

    public ResponseCorrelator(JdbcTemplate jdbc, TransactionTemplate tx, LedgerProperties props, HubEvents events) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.props = props;
        this.announce = events.enabled();
    }

    /**
     * Runs a statement that writes ledger rows ({@code dml}, aliasing response_attribution {@code a}, after the CTEs
     * {@code with} it reads, or none) and answers how many it wrote. The rows it made ATTRIBUTED are announced as
     * {@code response.attributed} hub events by the same statement, from its RETURNING rows.
     */
    private long attribute(String with, String dml, Object... args) {
        if (!announce) {
            return jdbc.update((with == null ? "" : with) + dml, args);
        }
        String sql = (with == null ? "WITH " : with + ",\n") + "attributed AS (" + dml + "\nRETURNING a.*),\n"
                + "announced AS (" + HubEvents.attributedFrom("attributed") + ")\nSELECT count(*) FROM attributed";
        Long n = jdbc.queryForObject(sql, Long.class, args);
        return n == null ? 0 : n;
    }

    /** Correlates everything new (and retries recent unmatched rows) until caught up; safe to call any time. */
    public Pass correlate() {
        long events = 0;
        long retried = 0;
        while (true) {
            Long n = tx.execute(s -> eventBatch());
            if (n == null || n < 0) {
                break;
            }
            events += n;
        }
        Long r = tx.execute(s -> {
            lock();
            long k = attribute(EVENTS.formatted(GAP_EVENTS), EVENTS_INSERT + RETRIED, skew(), skew(), skew());
            // A gap is closed once its event is in the ledger; one never filled (an id a duplicate insert consumed, a
            // rolled-back transaction) is given up after the retry period.
            jdbc.update("DELETE FROM ledger_gap g USING response_attribution a WHERE a.event_id = g.id");
            jdbc.update("DELETE FROM ledger_gap WHERE seen_at < now() - ?::interval", interval(props.getRetryUnmatched()));
            k += attribute(EVENTS.formatted(UNMATCHED_EVENTS), EVENTS_INSERT + RETRIED, interval(props.getRetryUnmatched()),
                    skew(), skew(), skew());
            k += attribute(LINK_BY_MSISDN, LINK_UPDATE, interval(props.getRetryUnmatched()), skew(),
                    interval(props.getReceiptWindow()));
            int settled = jdbc.update(SETTLE);
            int resent = jdbc.update(RESEND, interval(props.getReceiptWindow()));
            if (settled + resent > 0) {
                log.info("ledger: {} SMS contacts of unknown outcome settled SENT by their receipts, {} without a receipt"
                        + " within {} sent again", settled, resent, props.getReceiptWindow());
            }
            // when the last pass ran, new events or not (GET /api/ledger): a quiet day is not a stuck correlator
            jdbc.update("UPDATE ledger_watermark SET at = now() WHERE name = 'response_event'");
            return k;
        });
        retried += r == null ? 0 : r;
        Long o = tx.execute(s -> orders());
        return new Pass(events, o == null ? 0 : o, retried);
    }

    /** One batch of new events past the watermark; -1 when there was none. */
    private long eventBatch() {
        lock();
        long from = position("response_event");
        Long to = jdbc.queryForObject("SELECT max(id) FROM (SELECT id FROM response_event WHERE id > ? ORDER BY id LIMIT ?) s",
                Long.class, from, props.getBatchSize());
        if (to == null) {
            return -1;
        }
        // Ids of (from, to] not visible yet belong to transactions still running (or to ids never used): remembered as
        // gaps before the batch is read, so an event that commits in between is read now or found as a gap later.
        jdbc.update("""
                INSERT INTO ledger_gap (id) SELECT g FROM generate_series(?::bigint, ?::bigint) g
                 WHERE NOT EXISTS (SELECT 1 FROM response_event e WHERE e.id = g) ON CONFLICT DO NOTHING""", from + 1, to);
        long n = attribute(EVENTS.formatted(NEW_EVENTS.formatted(from, to)), EVENTS_INSERT, skew(), skew(), skew());
        jdbc.update("UPDATE ledger_watermark SET position = ? WHERE name = 'response_event'", to);
        return n;
    }

    private long orders() {
        lock();
        Timestamp since = jdbc.queryForObject("SELECT at - ?::interval FROM ledger_watermark WHERE name = 'boss_order'",
                Timestamp.class, interval(props.getOrderOverlap()));
        Timestamp until = Timestamp.from(Instant.now());
        long n = attribute(null, ORDERS.formatted(NEW_ORDERS), skew(), since, until);
        n += attribute(null, ORDERS.formatted(UNMATCHED_ORDERS), skew(), interval(props.getRetryUnmatched()));
        jdbc.update("""
                UPDATE ledger_watermark SET at = greatest(at, coalesce(
                    (SELECT max(received_at) FROM boss_order WHERE received_at > ?::timestamptz AND received_at <= ?::timestamptz), at))
                 WHERE name = 'boss_order'""", since, until);
        return n;
    }

    /**
     * Takes the correlator's lock for this transaction. Also turns off Memoize for it: the planner puts one in front
     * of the per-event contact lookup, but no two events share its cache key (event time included), so it only
     * cost time (a third of the lookup at 1M events).
     */
    private void lock() {
        jdbc.queryForObject("SELECT pg_advisory_xact_lock(?)::text", String.class, LOCK);
        jdbc.execute("SET LOCAL enable_memoize = off");
    }

    private long position(String name) {
        Long p = jdbc.queryForObject("SELECT position FROM ledger_watermark WHERE name = ?", Long.class, name);
        return p == null ? 0 : p;
    }

    private String skew() {
        return interval(props.getClockSkew());
    }

    private static String interval(java.time.Duration d) {
        return d.toMillis() + " milliseconds";
    }
}
