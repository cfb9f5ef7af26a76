package com.carrier.hub.runtime.triggers;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.carrier.hub.api.HubMessage;
import com.carrier.hub.api.HubMessageBatch;
import com.carrier.hub.runtime.campaign.Campaign;
import com.carrier.hub.runtime.campaign.CampaignDefinition;
import com.carrier.hub.runtime.campaign.CampaignRepository;
import com.carrier.hub.runtime.campaign.CampaignStatus;
import com.carrier.hub.runtime.campaign.ContactPolicy;
import com.carrier.hub.runtime.campaign.dispatch.DispatchWake;
import com.carrier.hub.runtime.deadletter.DeadLetterStore;
import com.carrier.hub.runtime.events.HubEvents;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The steps of the route {@code network-events-to-triggered-campaigns} (PEERS §11, §7.4). {@link #decide} takes one
 * batch of events (one Kafka poll) and, in one transaction: keeps the events of types the hub does not know in the
 * inbox (counted, never dropped silently); checks each known event's payload against its type, refusing a bad one
 * (missing field, wrong kind, dated in the future) for the route to dead-letter; tests the event against every RUNNING
 * triggered campaign of its type; and decides each match at once by the contact policy — one contact row per customer,
 * the same codes and control group as a list, COOLDOWN when this campaign reached the customer within its cooldown,
 * EVENT_EXPIRED when the event is already older than contactWithin. Each match is recorded by campaign and messageId
 * ({@code trigger_event}), so a redelivered or duplicated event never makes a second contact; the Kafka offsets are
 * committed only after this transaction (the batch Kamelet's last step). Once committed, the dispatch round is woken,
 * so the contacts go out within about a second of the event.
 */
@Component("networkEvents")
public class NetworkEvents {

    private static final Logger LOG = LoggerFactory.getLogger(NetworkEvents.class);
    /** Outcome of a match whose customer this campaign reached within its cooldown. */
    public static final String COOLDOWN = "COOLDOWN";
    /** Outcome of a match that can no longer be contacted within contactWithin (PEERS §7.4). */
    public static final String EVENT_EXPIRED = "EVENT_EXPIRED";
    /** Value of {@code campaign_contact.list_id} for a triggered campaign's contacts. */
    public static final String EVENT_LIST = "EVENT";

    private final EventTypes types;
    private final TriggersProperties properties;
    private final CampaignRepository campaigns;
    private final ContactPolicy policy;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final HubEvents hubEvents;
    private final DispatchWake wake;
    private final Map<String, Armed> conditions = new ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final MeterRegistry meters;
    private final DeadLetterStore deadLetters;

    /** A running triggered campaign with its compiled condition (kept while its definition is unchanged). */
    private record Armed(Campaign campaign, TriggerCondition condition) {
    }

    /** One event that met one campaign's condition. */
    private record Match(Armed armed, HubMessage event, String msisdn, Map<String, Object> values) {
    }

    public NetworkEvents(EventTypes types, TriggersProperties properties, CampaignRepository campaigns,
                         ContactPolicy policy, JdbcTemplate jdbc, TransactionTemplate tx, ObjectMapper json,
                         HubEvents hubEvents, DispatchWake wake, MeterRegistry meters, DeadLetterStore deadLetters) {
        this.deadLetters = deadLetters;
        this.types = types;
        this.properties = properties;
        this.campaigns = campaigns;
        this.policy = policy;
        this.jdbc = jdbc;
        this.tx = tx;
        this.json = json;
        this.hubEvents = hubEvents;
        this.wake = wake;
        this.meters = meters;
    }

    /**
     * Decides one batch of events (see the class comment). The batch's refused records (not envelopes, or events whose
     * payload does not fit their type) are dead-lettered, each with why (GET /api/dead-letters), in the same
     * transaction. Answers how many events met a campaign's condition.
     */
    public int decide(HubMessageBatch batch, Exchange exchange) {
        Instant now = Instant.now();
        List<HubMessageBatch.Rejected> refused = new ArrayList<>(batch.rejected());
        List<HubMessage> unknown = new ArrayList<>();
        List<Match> matches = new ArrayList<>();
        Map<String, List<Armed>> armed = armed(now);
        int decided = 0;
        for (HubMessage m : batch.messages()) {
            EventTypes.EventType type = types.get(m.type());
            if (type == null) {
                unknown.add(m);
                continue;
            }
            Map<String, Object> values;
            try {
                values = EventTypes.read(type, m.payload());
            } catch (IllegalArgumentException e) {
                refused.add(refusal(m, e.getMessage()));
                continue;
            }
            if (m.time().toInstant().isAfter(now.plus(properties.getFutureTolerance()))) {
                refused.add(refusal(m, "time " + m.time() + " lies in the future (more than "
                        + properties.getFutureTolerance() + " ahead of the hub's clock)"));
                continue;
            }
            decided++;
            for (Armed a : armed.getOrDefault(type.name(), List.of())) {
                if (a.condition().test(values)) {
                    matches.add(new Match(a, m, (String) values.get("msisdn"), values));
                }
            }
        }
        count("decided", decided);
        count("refused", refused.size() - batch.rejected().size());
        count("unknown-type", unknown.size());
        count("not-an-envelope", batch.rejected().size());
        if (!unknown.isEmpty() || !matches.isEmpty() || !refused.isEmpty()) {
            String routeId = exchange.getFromRouteId() == null ? "network-events-to-triggered-campaigns" : exchange.getFromRouteId();
            String from = exchange.getFromEndpoint() == null ? null : exchange.getFromEndpoint().getEndpointBaseUri();
            Set<String> touched = tx.execute(s -> {
                refused.forEach(r -> deadLetters.storeRefused(routeId, from, r.reason(), r.body()));
                keepUnknown(unknown);
                return decideMatches(matches, now);
            });
            if (touched != null && !touched.isEmpty()) {
                wake.wake();
            }
        }
        return matches.size();
    }

    private HubMessageBatch.Rejected refusal(HubMessage m, String why) {
        String body;
        try {
            body = json.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            body = null;
        }
        return new HubMessageBatch.Rejected(m.sourceSystem() + "/" + m.messageId(),
                "event " + m.messageId() + " (" + m.type() + " from " + m.sourceSystem() + "): " + why, body);
    }

    /** The running triggered campaigns between their start and end, by event type. */
    private Map<String, List<Armed>> armed(Instant now) {
        Map<String, List<Armed>> byType = new HashMap<>();
        Set<String> running = new HashSet<>();
        for (Campaign c : campaigns.list(CampaignStatus.RUNNING)) {
            CampaignDefinition d = c.definition();
            if (!d.triggered() || now.isBefore(d.start().toInstant()) || !now.isBefore(d.end().toInstant())) {
                continue;
            }
            running.add(c.id());
            Armed a = conditions.get(c.id());
            if (a == null || a.campaign().version() != c.version()) {
                EventTypes.EventType type = types.get(d.trigger().eventType());
                if (type == null) {
                    LOG.warn("campaign {}: its trigger's event type {} is no longer configured; it takes no events",
                            c.id(), d.trigger().eventType());
                    continue;
                }
                try {
                    a = new Armed(c, TriggerCondition.compile(d.trigger().condition(), type));
                } catch (TriggerCondition.Invalid e) {
                    LOG.warn("campaign {}: its trigger's condition no longer fits {}: {}", c.id(), type.name(), e.getMessage());
                    continue;
                }
                conditions.put(c.id(), a);
            }
            byType.computeIfAbsent(d.trigger().eventType(), t -> new ArrayList<>()).add(a);
        }
        conditions.keySet().retainAll(running);
        return byType;
    }

    /** Keeps events of unknown types in the inbox, once per (sourceSystem, messageId). */
    private void keepUnknown(List<HubMessage> unknown) {
        if (unknown.isEmpty()) {
            return;
        }
        List<String> systems = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        List<Timestamp> times = new ArrayList<>();
        List<String> payloads = new ArrayList<>();
        for (HubMessage m : unknown) {
            systems.add(m.sourceSystem());
            ids.add(m.messageId());
            kinds.add(m.type());
            times.add(Timestamp.from(m.time().toInstant()));
            payloads.add(m.payload().toString());
        }
        jdbc.execute((ConnectionCallback<Integer>) con -> {
            try (PreparedStatement ps = con.prepareStatement("""
                    INSERT INTO inbox_message (source_system, message_id, type, sent_at, payload)
                    SELECT s, i, t, w, p::jsonb FROM unnest(?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::text[])
                           AS u (s, i, t, w, p)
                    ON CONFLICT DO NOTHING""")) {
                ps.setArray(1, con.createArrayOf("text", systems.toArray()));
                ps.setArray(2, con.createArrayOf("text", ids.toArray()));
                ps.setArray(3, con.createArrayOf("text", kinds.toArray()));
                ps.setArray(4, con.createArrayOf("timestamptz", times.toArray()));
                ps.setArray(5, con.createArrayOf("text", payloads.toArray()));
                return ps.executeUpdate();
            }
        });
    }

    /** Decides the batch's matches, campaign by campaign; answers the campaigns that got contacts to send. */
    private Set<String> decideMatches(List<Match> matches, Instant now) {
        Map<String, List<Match>> byCampaign = new LinkedHashMap<>();
        matches.forEach(m -> byCampaign.computeIfAbsent(m.armed().campaign().id(), k -> new ArrayList<>()).add(m));
        Set<String> touched = new HashSet<>();
        for (List<Match> ofCampaign : byCampaign.values()) {
            if (decideCampaign(ofCampaign.get(0).armed().campaign(), ofCampaign, now)) {
                touched.add(ofCampaign.get(0).armed().campaign().id());
            }
        }
        return touched;
    }

    private boolean decideCampaign(Campaign campaign, List<Match> matches, Instant now) {
        CampaignDefinition.Trigger trigger = campaign.definition().trigger();
        // a redelivered or repeated event (same source and messageId) was decided before: nothing again
        Set<String> seen = seen(campaign.id(), matches);
        Map<String, String> outcome = new LinkedHashMap<>(); // key → outcome
        Map<String, Match> newest = new LinkedHashMap<>(); // msisdn → the customer's newest event of the batch
        Map<String, Match> byKey = new LinkedHashMap<>();
        for (Match m : matches) {
            String key = key(m.event());
            if (seen.contains(key) || byKey.putIfAbsent(key, m) != null) {
                continue;
            }
            Instant expires = m.event().time().toInstant().plus(trigger.contactWithin());
            if (!expires.isAfter(now)) {
                outcome.put(key, EVENT_EXPIRED);
                continue;
            }
            Match before = newest.get(m.msisdn());
            if (before == null || m.event().time().isAfter(before.event().time())) {
                if (before != null) {
                    outcome.put(key(before.event()), COOLDOWN);
                }
                newest.put(m.msisdn(), m);
            } else {
                outcome.put(key, COOLDOWN);
            }
        }
        // this campaign reached the customer within its cooldown (or has a contact still on its way): no new contact
        Set<String> cooling = cooling(campaign.id(), newest.keySet(), now.minus(trigger.cooldownDays(), ChronoUnit.DAYS));
        List<Match> toDecide = new ArrayList<>();
        for (Match m : newest.values()) {
            if (cooling.contains(m.msisdn())) {
                outcome.put(key(m.event()), COOLDOWN);
            } else {
                toDecide.add(m);
            }
        }
        boolean contacts = false;
        if (!toDecide.isEmpty()) {
            Map<String, Match> byMsisdn = new HashMap<>();
            toDecide.forEach(m -> byMsisdn.put(m.msisdn(), m));
            List<ContactPolicy.Decision> decisions = policy.decideCustomers(campaign, byMsisdn.keySet(), now);
            List<String> control = new ArrayList<>();
            for (ContactPolicy.Decision d : decisions) {
                Match m = byMsisdn.get(d.msisdn());
                outcome.put(key(m.event()), d.exclusion() != null ? d.exclusion() : d.control() ? "CONTROL" : "TREATMENT");
                if (d.exclusion() == null && d.control()) {
                    control.add(d.msisdn());
                }
                contacts |= d.exclusion() == null && !d.control();
            }
            store(campaign, decisions, byMsisdn, trigger.contactWithin());
            if (!control.isEmpty()) {
                jdbc.execute((ConnectionCallback<Void>) con -> {
                    hubEvents.controlContacts(con, campaign.id(), control);
                    return null;
                });
            }
        }
        record(campaign.id(), byKey, outcome);
        outcome.values().forEach(o -> count("outcome", o));
        return contacts;
    }

    private static String key(HubMessage m) {
        return m.sourceSystem() + "\u0000" + m.messageId();
    }

    /** The batch's events this campaign has decided before. */
    private Set<String> seen(String campaignId, List<Match> matches) {
        List<String> systems = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        matches.forEach(m -> {
            systems.add(m.event().sourceSystem());
            ids.add(m.event().messageId());
        });
        Set<String> seen = new HashSet<>();
        jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement("""
                    SELECT e.source_system, e.message_id FROM unnest(?::text[], ?::text[]) AS u (s, i)
                      JOIN trigger_event e ON e.campaign_id = ? AND e.source_system = u.s AND e.message_id = u.i""");
            ps.setArray(1, con.createArrayOf("text", systems.toArray()));
            ps.setArray(2, con.createArrayOf("text", ids.toArray()));
            ps.setString(3, campaignId);
            return ps;
        }, rs -> {
            seen.add(rs.getString(1) + "\u0000" + rs.getString(2));
        });
        return seen;
    }

    /**
     * The customers this campaign must not contact again yet: a contact still on its way, one made (or a control-group
     * decision) since {@code since}. An earlier exclusion does not hold a customer back: a later event decides again.
     */
    private Set<String> cooling(String campaignId, Set<String> msisdns, Instant since) {
        Set<String> cooling = new HashSet<>();
        if (msisdns.isEmpty()) {
            return cooling;
        }
        jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement("""
                    SELECT msisdn FROM campaign_contact
                     WHERE campaign_id = ? AND msisdn = ANY (?::text[])
                       AND (status IN ('PENDING', 'DEFERRED', 'CLAIMED', 'SUBMITTING')
                            OR contacted_at >= ? OR (status = 'CONTROL' AND decided_at >= ?))""");
            ps.setString(1, campaignId);
            ps.setArray(2, con.createArrayOf("text", msisdns.toArray()));
            ps.setTimestamp(3, Timestamp.from(since));
            ps.setTimestamp(4, Timestamp.from(since));
            return ps;
        }, rs -> {
            cooling.add(rs.getString(1));
        });
        return cooling;
    }

    /**
     * Writes one contact row per decided customer — replacing the campaign's earlier row of that customer, which the
     * cooldown no longer holds — with the event's time as its decision time (the control group's orders count from it,
     * PEERS §7.4), the contact's deadline, and the customer's and the event's fields for the templates.
     */
    private void store(Campaign campaign, List<ContactPolicy.Decision> decisions, Map<String, Match> byMsisdn,
                       Duration contactWithin) {
        int n = decisions.size();
        String[] msisdns = new String[n];
        String[] groups = new String[n];
        String[] channels = new String[n];
        String[] statuses = new String[n];
        String[] reasons = new String[n];
        String[] vars = new String[n];
        Timestamp[] times = new Timestamp[n];
        Timestamp[] expires = new Timestamp[n];
        for (int i = 0; i < n; i++) {
            ContactPolicy.Decision d = decisions.get(i);
            Match m = byMsisdn.get(d.msisdn());
            msisdns[i] = d.msisdn();
            boolean excluded = d.exclusion() != null;
            groups[i] = excluded ? null : d.control() ? "C" : "T";
            channels[i] = d.channel();
            statuses[i] = excluded ? "EXCLUDED" : d.control() ? "CONTROL" : "PENDING";
            reasons[i] = d.exclusion();
            vars[i] = vars(m, d.apps());
            Instant at = m.event().time().toInstant();
            times[i] = Timestamp.from(at);
            expires[i] = Timestamp.from(at.plus(contactWithin));
        }
        jdbc.execute((ConnectionCallback<Integer>) con -> {
            try (PreparedStatement ps = con.prepareStatement("""
                    INSERT INTO campaign_contact (campaign_id, msisdn, list_id, grp, channel, status, reason, vars,
                                                  decided_at, expires_at, updated_at)
                    SELECT ?, u.m, ?, u.g, u.c, u.s, u.r,
                           jsonb_strip_nulls(jsonb_build_object('msisdn', u.m, 'name', nullif(k.cust_name, ''),
                               'brand', nullif(k.brand, ''), 'city', nullif(k.city_code, ''))) || u.v::jsonb,
                           u.t, u.x, now()
                      FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[],
                                  ?::timestamptz[]) AS u (m, g, c, s, r, v, t, x)
                      LEFT JOIN customer k ON k.msisdn = u.m
                    ON CONFLICT (campaign_id, msisdn) DO UPDATE SET
                           list_id = excluded.list_id, segment = NULL, grp = excluded.grp, channel = excluded.channel,
                           status = excluded.status, reason = excluded.reason, vars = excluded.vars, not_before = NULL,
                           claimed_by = NULL, claimed_at = NULL, message_ids = NULL, parts = NULL,
                           decided_at = excluded.decided_at, contacted_at = NULL, updated_at = now(), sent_by = NULL,
                           exported_at = NULL, line_no = NULL, delivered = false, responded = false, resent = false,
                           refusals = NULL, resendable = false, expires_at = excluded.expires_at""")) {
                int i = 1;
                ps.setString(i++, campaign.id());
                ps.setString(i++, EVENT_LIST);
                ps.setArray(i++, con.createArrayOf("text", msisdns));
                ps.setArray(i++, con.createArrayOf("text", groups));
                ps.setArray(i++, con.createArrayOf("text", channels));
                ps.setArray(i++, con.createArrayOf("text", statuses));
                ps.setArray(i++, con.createArrayOf("text", reasons));
                ps.setArray(i++, con.createArrayOf("text", vars));
                ps.setArray(i++, con.createArrayOf("timestamptz", times));
                ps.setArray(i, con.createArrayOf("timestamptz", expires));
                return ps.executeUpdate();
            }
        });
    }

    /** The event's payload fields as template values (texts), and the MM apps where the policy chose some. */
    private String vars(Match m, String apps) {
        Map<String, String> vars = new LinkedHashMap<>();
        m.values().forEach((k, v) -> {
            if (v != null && !"msisdn".equals(k)) {
                vars.put(k, v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)
                        ? Long.toString(d.longValue()) : v.toString());
            }
        });
        if (apps != null) {
            vars.put("apps", apps);
        }
        try {
            return json.writeValueAsString(vars);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Records every match of the batch with its outcome, once per campaign and event. */
    private void record(String campaignId, Map<String, Match> byKey, Map<String, String> outcome) {
        if (outcome.isEmpty()) {
            return;
        }
        List<String> systems = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<String> msisdns = new ArrayList<>();
        List<Timestamp> times = new ArrayList<>();
        List<String> outcomes = new ArrayList<>();
        outcome.forEach((key, o) -> {
            Match m = byKey.get(key);
            systems.add(m.event().sourceSystem());
            ids.add(m.event().messageId());
            msisdns.add(m.msisdn());
            times.add(Timestamp.from(m.event().time().toInstant()));
            outcomes.add(o);
        });
        jdbc.execute((ConnectionCallback<Integer>) con -> {
            try (PreparedStatement ps = con.prepareStatement("""
                    INSERT INTO trigger_event (campaign_id, source_system, message_id, msisdn, event_time, outcome)
                    SELECT ?, s, i, m, t, o FROM unnest(?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::text[])
                           AS u (s, i, m, t, o)""")) {
                ps.setString(1, campaignId);
                ps.setArray(2, array(con, "text", systems));
                ps.setArray(3, array(con, "text", ids));
                ps.setArray(4, array(con, "text", msisdns));
                ps.setArray(5, array(con, "timestamptz", times));
                ps.setArray(6, array(con, "text", outcomes));
                return ps.executeUpdate();
            }
        });
    }

    private static Array array(Connection con, String type, List<?> values) throws SQLException {
        return con.createArrayOf(type, values.toArray());
    }

    private void count(String what) {
        count(what, 1);
    }

    private void count(String what, int n) {
        if (n > 0) {
            counters.computeIfAbsent(what, w -> Counter.builder("hub.triggers.events").tag("stage", w)
                    .description("Network events by what became of them (PEERS §11, §7.4)").register(meters)).increment(n);
        }
    }

    private void count(String what, String outcome) {
        counters.computeIfAbsent(what + ":" + outcome, w -> Counter.builder("hub.triggers.matches").tag("outcome", outcome)
                .description("Events that met a triggered campaign's condition, by outcome").register(meters)).increment();
    }
}
