package com.carrier.hub.runtime.campaign.dispatch;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import com.carrier.hub.api.touchpoint.ContactResult;
import com.carrier.hub.runtime.campaign.ContactPolicy;
import com.carrier.hub.runtime.campaign.ContactStatus;
import com.carrier.hub.runtime.events.HubEvents;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The contact rows' state machine, as the dispatcher drives it. A contact is CLAIMED by one instance
 * ({@code FOR UPDATE SKIP LOCKED}: instances never take the same rows), then SUBMITTING — written and committed before
 * the connector is called — then SENT, FAILED or OUTCOME_UNKNOWN; an idempotent touchpoint's contacts are claimed
 * straight into SUBMITTING, marked {@code resendable}, since a crash sends both back to PENDING alike. After a crash,
 * CLAIMED rows go back to PENDING (nothing was sent) and SUBMITTING rows become OUTCOME_UNKNOWN (something may have been
 * sent), unless they are resendable, the channel is idempotent or resending is configured. The response ledger
 * settles OUTCOME_UNKNOWN SMS contacts: SENT once their receipts arrive, back to PENDING (once, {@code resent}) when the
 * receipt window closes without one ({@link com.carrier.hub.runtime.ledger.ResponseCorrelator}).
 * <p>
 * A contact made — SENT or OUTCOME_UNKNOWN, by a touchpoint's answer or by a crash's recovery — is announced as a
 * {@code contact.made} hub event by the very statement that stores it ({@link HubEvents}).
 */
@Repository
public class ContactStore {

    private static final TypeReference<Map<String, String>> VARS = new TypeReference<>() { };

    /** Contacts of the campaign's channel to send, of lists decided whole; binds campaign and channel. */
    private static final String DUE = """
            SELECT campaign_id, msisdn, expires_at FROM campaign_contact
            WHERE campaign_id = ? AND channel = ? AND status IN ('PENDING', 'DEFERRED')
              AND NOT EXISTS (SELECT 1 FROM campaign_list l WHERE l.campaign_id = campaign_contact.campaign_id
                              AND l.list_id = campaign_contact.list_id AND l.state = 'DECIDING')""";

    /**
     * The contacts one claim takes, locked (see {@link #claim}); binds campaign, channel, limit, campaign, channel,
     * limit, limit. Both walks are ordered as the dispatch index is, so the planner takes that index whatever its
     * statistics say (without an order, a scan of the table that meets the campaign's rows last looked as cheap).
     * Public for the campaign-policy benchmark, which prints its plan.
     */
    public static final String CLAIMABLE = "SELECT campaign_id, msisdn, expires_at FROM (" + DUE + """

                  AND not_before <= now()
                ORDER BY status, not_before LIMIT ? FOR UPDATE SKIP LOCKED) waited
            UNION ALL
            SELECT campaign_id, msisdn, expires_at FROM (""" + DUE + """

                  AND not_before IS NULL
                ORDER BY status, not_before LIMIT ? FOR UPDATE SKIP LOCKED) fresh
            LIMIT ?""";

    /** Stores a slice's answers; binds retry delay, the seven arrays, campaign, instance. */
    private static final String COMPLETE = """
            UPDATE campaign_contact c SET status = CASE WHEN p.status = 'OUTCOME_UNKNOWN' AND c.delivered THEN 'SENT' ELSE p.status END,
                   reason = CASE WHEN p.status = 'OUTCOME_UNKNOWN' AND c.delivered THEN NULL ELSE p.reason END,
                   message_ids = p.ids::text[],
                   parts = CASE WHEN p.parts > 0 THEN p.parts ELSE c.parts END,
                   contacted_at = CASE WHEN p.contacted THEN now() ELSE c.contacted_at END,
                   not_before = CASE WHEN p.retry THEN now() + ? * interval '1 millisecond' ELSE c.not_before END,
                   sent_by = c.claimed_by, claimed_by = NULL, updated_at = now()
              FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::boolean[], ?::boolean[])
                   AS p (msisdn, status, reason, ids, parts, contacted, retry)
             WHERE c.campaign_id = ? AND c.msisdn = p.msisdn AND c.status = 'SUBMITTING' AND c.claimed_by = ?""";

    /** The columns a {@code contact.made} event is written from ({@link HubEvents#contactsMadeFrom}). */
    private static final String MADE = " RETURNING c.campaign_id, c.msisdn, c.channel, c.grp, c.status, c.reason,"
            + " c.contacted_at AS at";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final boolean announce;
    private final String complete;

    /** One claimed contact: the customer and the values its template is filled with. */
    public record Claimed(String msisdn, Map<String, String> vars) {
    }

    public ContactStore(JdbcTemplate jdbc, ObjectMapper json, HubEvents events) {
        this.jdbc = jdbc;
        this.json = json;
        // the contacts made are announced by the statement that stores them: one INSERT … SELECT of its RETURNING rows
        this.announce = events.enabled();
        this.complete = announce ? "WITH made AS (" + COMPLETE + MADE + ")\n" + HubEvents.contactsMadeFrom("made") : COMPLETE;
    }

    /**
     * Claims up to {@code limit} due contacts of the campaign's channel for this instance; none of a list still being
     * decided (DECIDING: a list is dispatched only once it is decided whole). Those blacklisted or opted out of the
     * channel after the policy ran are EXCLUDED in the same statement (BLACKLIST or CHANNEL_OPTOUT; an unsubscribe counts
     * at once, in every running campaign) and not returned; so are triggered contacts past their event's contactWithin
     * (EVENT_EXPIRED, PEERS §7.4: never sent late). Each contact returned comes with its template fields:
     * msisdn, name, brand and city from the customer index, segment and attr1-3 from its list row (found by line
     * number), plus what the policy stored in vars (the MM apps); a contact decided before V69 has them all in vars.
     */
    public List<Claimed> claim(String campaignId, String channel, String instance, int limit) {
        return claim(campaignId, channel, instance, limit, false);
    }

    /**
     * As {@link #claim(String, String, String, int)}; with {@code submitting} the contacts are claimed straight into
     * SUBMITTING (no part count, earlier message ids cleared) and marked {@code resendable}, with no
     * {@link #markSubmitting} of their own. Only for an idempotent touchpoint: a crash sends its SUBMITTING contacts back
     * to PENDING just as it does CLAIMED ones, and {@link #recover} knows such a claim by its mark whatever touchpoints
     * are registered then.
     */
    public List<Claimed> claim(String campaignId, String channel, String instance, int limit, boolean submitting) {
        // Two walks of the dispatch index, each on its own key range, so a claim reads about as many entries as it
        // takes however far the campaign has got: first contacts that waited (deferred, or a retry) and are due now,
        // oldest first, then fresh ones. One walk in MSISDN order re-read every contact sent before it (1.3 s a claim
        // half-way through a 5M-contact channel); the second walk is only read for what the first did not fill.
        // The opt-out check rides on the claim: as an UPDATE of the claimed rows and a SELECT of those left after it,
        // it was two more statements a claim, each finding the claimed rows again.
        List<Claimed> claimed = new ArrayList<>(limit);
        jdbc.query("""
                UPDATE campaign_contact c SET status = CASE WHEN due.excluded IS NOT NULL THEN 'EXCLUDED'
                                                            WHEN ? THEN 'SUBMITTING' ELSE 'CLAIMED' END,
                       reason = coalesce(due.excluded, c.reason), grp = CASE WHEN due.excluded IS NULL THEN c.grp END,
                       parts = CASE WHEN ? THEN NULL ELSE c.parts END,
                       message_ids = CASE WHEN ? THEN NULL ELSE c.message_ids END, resendable = ? AND due.excluded IS NULL,
                       claimed_by = ?, claimed_at = now(), updated_at = now()
                FROM (SELECT d.campaign_id, d.msisdn,
                             CASE WHEN EXISTS (SELECT 1 FROM blacklist b WHERE b.msisdn = d.msisdn) THEN 'BLACKLIST'
                                  WHEN EXISTS (SELECT 1 FROM channel_optout o WHERE o.msisdn = d.msisdn AND o.channel = ?)
                                  THEN 'CHANNEL_OPTOUT'
                                  WHEN d.expires_at < now() THEN 'EVENT_EXPIRED' END AS excluded
                        FROM (""" + CLAIMABLE + """
                              ) d) due
                WHERE c.campaign_id = due.campaign_id AND c.msisdn = due.msisdn
                RETURNING c.msisdn, c.status, CASE WHEN c.status = 'EXCLUDED' THEN NULL WHEN c.line_no IS NULL THEN c.vars ELSE (
                    SELECT jsonb_strip_nulls(jsonb_build_object('msisdn', c.msisdn, 'name', nullif(k.cust_name, ''),
                               'brand', nullif(k.brand, ''), 'city', nullif(k.city_code, ''), 'segment', nullif(t.segment, ''),
                               'attr1', nullif(t.attr1, ''), 'attr2', nullif(t.attr2, ''), 'attr3', nullif(t.attr3, '')))
                           || coalesce(c.vars, '{}'::jsonb)
                    FROM campaign_target t LEFT JOIN customer k ON k.msisdn = t.msisdn
                    WHERE t.campaign_id = c.campaign_id AND t.list_id = c.list_id AND t.line_no = c.line_no) END""",
                rs -> {
                    if (ContactStatus.valueOf(rs.getString(2)) != ContactStatus.EXCLUDED) {
                        claimed.add(new Claimed(rs.getString(1), vars(rs.getString(3))));
                    }
                },
                submitting, submitting, submitting, submitting, instance, channel, campaignId, channel, limit, campaignId,
                channel, limit, limit);
        return claimed;
    }

    /**
     * Marks the claimed contacts as being handed to the connector, each with the number of messages it takes; committed
     * before the first is sent, not {@code resendable}: a crash leaves them OUTCOME_UNKNOWN unless their channel is
     * idempotent. Message ids of an earlier send (a contact sent again after its receipt window) are cleared: only this
     * send's parts settle the contact.
     */
    public void markSubmitting(String campaignId, List<String> msisdns, List<Integer> parts, String instance) {
        jdbc.update("""
                UPDATE campaign_contact c SET status = 'SUBMITTING', parts = p.parts, message_ids = NULL, resendable = false,
                       updated_at = now()
                  FROM unnest(?::text[], ?::int[]) AS p (msisdn, parts)
                 WHERE c.campaign_id = ? AND c.msisdn = p.msisdn AND c.status = 'CLAIMED' AND c.claimed_by = ?""",
                msisdns.toArray(String[]::new), parts.toArray(Integer[]::new), campaignId, instance);
    }

    /**
     * Records the connector's answers. An unknown outcome for a contact whose delivery receipt was already attributed
     * (the receipt overtook a lost submit_sm_resp) is SENT: the receipt proves the SMSC accepted it. A result without a
     * part count keeps the one stored at SUBMITTING. One statement for the whole slice (the answers as one JSON array):
     * a statement per contact made storing the outcomes cost about as much as claiming and marking them together.
     */
    public void complete(String campaignId, List<ContactResult> results, String instance, Duration retryAfter) {
        if (results.isEmpty()) {
            return;
        }
        int n = results.size();
        String[] msisdns = new String[n];
        String[] statuses = new String[n];
        String[] reasons = new String[n];
        String[] ids = new String[n];
        Integer[] parts = new Integer[n];
        Boolean[] contacted = new Boolean[n];
        Boolean[] retry = new Boolean[n];
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < n; i++) {
            ContactResult r = results.get(i);
            retry[i] = r.status() == ContactResult.Status.RETRY;
            msisdns[i] = r.msisdn();
            statuses[i] = stored(r.status()).name();
            reasons[i] = r.reason();
            ids[i] = arrayLiteral(r.messageIds(), literal);
            parts[i] = r.parts();
            contacted[i] = r.status() == ContactResult.Status.SENT || r.status() == ContactResult.Status.OUTCOME_UNKNOWN;
        }
        // typed arrays, one element per contact (each contact's message ids as one text[] literal): cheaper on both
        // sides than a JSON array of objects, which the JVM built as a tree and PostgreSQL parsed again
        jdbc.update(complete, retryAfter.toMillis(), msisdns, statuses, reasons, ids, parts, contacted, retry, campaignId, instance);
    }

    /** The ids as a PostgreSQL text[] literal ({@code {"a","b"}}, every element quoted and escaped); {} when none. */
    static String arrayLiteral(List<String> ids, StringBuilder out) {
        if (ids.isEmpty()) {
            return "{}";
        }
        out.setLength(0);
        out.append('{');
        for (String id : ids) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append('"');
            for (int i = 0; i < id.length(); i++) {
                char ch = id.charAt(i);
                if (ch == '"' || ch == '\\') {
                    out.append('\\');
                }
                out.append(ch);
            }
            out.append('"');
        }
        return out.append('}').toString();
    }

    /** The channels that refused each of these contacts before ({@code refusals}), by MSISDN; absent when none. */
    public Map<String, Set<String>> refusedChannels(String campaignId, List<String> msisdns) {
        Map<String, Set<String>> out = new HashMap<>();
        jdbc.query("SELECT msisdn, refusals FROM campaign_contact WHERE campaign_id = ? AND msisdn = ANY (?::text[])"
                + " AND refusals IS NOT NULL", rs -> {
                    Set<String> channels = new HashSet<>();
                    for (Object r : (Object[]) rs.getArray(2).getArray()) {
                        String refusal = String.valueOf(r);
                        int colon = refusal.indexOf(':');
                        channels.add(colon < 0 ? refusal : refusal.substring(0, colon));
                    }
                    out.put(rs.getString(1), channels);
                }, campaignId, msisdns.toArray(String[]::new));
        return out;
    }

    /**
     * Passes contacts a touchpoint refused (PEERS §8) to their next channel: PENDING on that channel, or EXCLUDED with
     * the code when none is left (out of the treatment group, as an exclusion decided with the list is; the channel
     * stays the one that refused last); either way the refusal is appended to {@code refusals} as {@code CHANNEL:REASON}, so
     * the contact keeps it whichever channel finally serves it. A contact passed to the MM store gets the apps suited to
     * its handset in its vars, as a list decision gives them. Only contacts still SUBMITTING under this instance move.
     *
     * @param refusedBy the channel that refused them
     * @param reasons   the touchpoint's reason by MSISDN ({@code NO_DEVICE})
     */
    public void fallBack(String campaignId, String refusedBy, List<ContactPolicy.Fallback> next,
                         Map<String, String> reasons, String instance) {
        jdbc.batchUpdate("""
                UPDATE campaign_contact SET channel = coalesce(?, channel),
                       status = CASE WHEN ? IS NULL THEN 'PENDING' ELSE 'EXCLUDED' END, reason = ?,
                       grp = CASE WHEN ? IS NULL THEN grp END,
                       vars = CASE WHEN ?::text IS NULL THEN vars ELSE coalesce(vars, '{}'::jsonb) || jsonb_build_object('apps', ?::text) END,
                       refusals = coalesce(refusals, '{}') || ARRAY[?], not_before = NULL, message_ids = NULL,
                       parts = NULL, claimed_by = NULL, updated_at = now()
                WHERE campaign_id = ? AND msisdn = ? AND status = 'SUBMITTING' AND claimed_by = ?""",
                next, 500, (ps, f) -> {
                    ps.setString(1, f.channel());
                    ps.setString(2, f.exclusion());
                    ps.setString(3, f.exclusion());
                    ps.setString(4, f.exclusion());
                    ps.setString(5, f.apps());
                    ps.setString(6, f.apps());
                    ps.setString(7, refusedBy + ":" + reasons.getOrDefault(f.msisdn(), "REFUSED"));
                    ps.setString(8, campaignId);
                    ps.setString(9, f.msisdn());
                    ps.setString(10, instance);
                });
    }

    /**
     * Holds the campaign's due contacts of a touchpoint that quiet hours hold until they end: DEFERRED with reason
     * QUIET_HOURS. A triggered contact that the hold would take past its event's contactWithin is EXCLUDED as
     * EVENT_EXPIRED at once (PEERS §7.4: deferred past contactWithin means never).
     */
    public int deferQuietHours(String campaignId, String channel, Instant until) {
        return jdbc.update(HOLD.formatted("QUIET_HOURS") + " AND c.status = 'PENDING'",
                Timestamp.from(until), campaignId, channel);
    }

    /**
     * Defers the campaign's due contacts of a channel whose daily capacity is used up: CAPACITY, until {@code until};
     * triggered contacts the hold would take past their contactWithin are EVENT_EXPIRED, as with quiet hours.
     */
    public int deferCapacity(String campaignId, String channel, Instant until) {
        return jdbc.update(HOLD.formatted("CAPACITY") + " AND c.status IN ('PENDING', 'DEFERRED')"
                + " AND (c.not_before IS NULL OR c.not_before <= now())", Timestamp.from(until), campaignId, channel);
    }

    /** Holds due contacts until a time, for a reason (%s); binds the time, campaign, channel. */
    private static final String HOLD = """
            UPDATE campaign_contact c SET status = CASE WHEN c.expires_at < h.until THEN 'EXCLUDED' ELSE 'DEFERRED' END,
                   reason = CASE WHEN c.expires_at < h.until THEN 'EVENT_EXPIRED' ELSE '%s' END,
                   not_before = CASE WHEN c.expires_at < h.until THEN c.not_before ELSE h.until END, updated_at = now()
              FROM (SELECT ?::timestamptz AS until) h
             WHERE c.campaign_id = ? AND c.channel = ?""";

    /** Contacts on the channel, every campaign, since {@code since}: what counts against the daily capacity. */
    public long contactedSince(String channel, Instant since) {
        Long n = jdbc.queryForObject("SELECT count(*) FROM campaign_contact WHERE channel = ? AND contacted_at >= ?",
                Long.class, channel, Timestamp.from(since));
        return n == null ? 0 : n;
    }

    /**
     * Whether the campaign contacted anyone on the channel after {@code since} (a send or an unknown outcome): what a
     * touchpoint's send interval is measured from.
     */
    public boolean contactedAfter(String campaignId, String channel, Instant since) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM campaign_contact WHERE campaign_id = ?"
                + " AND channel = ? AND contacted_at > ?)", Boolean.class, campaignId, channel, Timestamp.from(since)));
    }

    /**
     * Recovers the claims of instances that are gone (this one just restarted with the same id, or another whose
     * heartbeat is older than the lease): CLAIMED back to PENDING; SUBMITTING to OUTCOME_UNKNOWN, or back to PENDING
     * when {@code resendable} (claimed straight into SUBMITTING, see {@link #claim(String, String, String, int, boolean)}),
     * for idempotent channels and when {@code resendUnknown} is set.
     */
    public int recover(String restartedInstance, Duration lease, List<String> idempotentChannels, boolean resendUnknown) {
        String gone = """
                (claimed_by = ? OR claimed_by NOT IN (SELECT id FROM hub_instance WHERE heartbeat_at >= now() - (? * interval '1 millisecond')))""";
        int back = jdbc.update("UPDATE campaign_contact SET status = 'PENDING', claimed_by = NULL, updated_at = now()"
                + " WHERE status = 'CLAIMED' AND " + gone, restartedInstance, lease.toMillis());
        String[] idempotent = idempotentChannels.toArray(String[]::new);
        int resent = jdbc.update("UPDATE campaign_contact SET status = 'PENDING', claimed_by = NULL, updated_at = now()"
                + " WHERE status = 'SUBMITTING' AND (resendable OR channel = ANY (?) OR ?) AND " + gone,
                idempotent, resendUnknown, restartedInstance, lease.toMillis());
        String interrupted = "UPDATE campaign_contact c SET status = 'OUTCOME_UNKNOWN', reason = 'INTERRUPTED',"
                + " contacted_at = coalesce(contacted_at, updated_at), claimed_by = NULL, updated_at = now()"
                + " WHERE status = 'SUBMITTING' AND " + gone;
        Integer unknown = announce
                ? jdbc.queryForObject("WITH made AS (" + interrupted + MADE + "),\nannounced AS ("
                        + HubEvents.contactsMadeFrom("made") + ")\nSELECT count(*)::int FROM made", Integer.class,
                        restartedInstance, lease.toMillis())
                : jdbc.update(interrupted, restartedInstance, lease.toMillis());
        return back + resent + unknown;
    }

    private Map<String, String> vars(String text) {
        try {
            return text == null ? Map.of() : json.readValue(text, VARS);
        } catch (Exception e) {
            throw new IllegalStateException("contact vars unreadable: " + e.getMessage(), e);
        }
    }

    /** The row's status for a touchpoint's answer; RETRY is due again, a REFUSED contact goes to {@link #fallBack}. */
    private static ContactStatus stored(ContactResult.Status answer) {
        return switch (answer) {
            case SENT -> ContactStatus.SENT;
            case FAILED -> ContactStatus.FAILED;
            case OUTCOME_UNKNOWN -> ContactStatus.OUTCOME_UNKNOWN;
            case RETRY -> ContactStatus.PENDING;
            case REFUSED -> throw new IllegalArgumentException("a refused contact goes on to its next channel, not to complete");
        };
    }
}
