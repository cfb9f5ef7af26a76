package com.carrier.hub.runtime.events;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The hub's events for downstream systems (PEERS §12), written to the outbox {@code hub_event_outbox} by the statement
 * or the transaction that makes the change, so that an event exists exactly when its change committed; the route
 * hub-events-to-kafka publishes them ({@link HubEventOutbox}). Each event's {@code messageId} is derived from what it
 * announces, so writing it again (a pass run twice) or publishing it again (a crash before the row was deleted) keeps
 * its id, and a consumer deduplicates by it. Ids are not unique in the outbox: a unique index made storing a dispatch
 * slice's outcomes markedly dearer, and an event written twice is only published twice, as at-least-once allows.
 * <ul>
 * <li>{@code campaign.status}: {@code campaign.status:<campaignId>:<status>:<version>}, key the campaign id;</li>
 * <li>{@code contact.made}: {@code contact.made:<campaignId>:<msisdn>:<status>}, key the MSISDN; made are the
 * statuses {@link #CONTACT_MADE} (handed to the touchpoint, and the control group when it is decided);</li>
 * <li>{@code response.attributed}: {@code response.attributed:event:<id>} or {@code response.attributed:order:<id>}
 * (the ledger's response event or BOSS order), key the MSISDN.</li>
 * </ul>
 * The set-based writers ({@link #contactsMadeFrom}, {@link #attributedFrom}) are SQL to append to the statement that
 * changes the rows, as a data-modifying {@code WITH}: one statement, whatever the number of rows. With
 * {@code hub.events.enabled=false} nothing is written ({@link #enabled()}).
 */
@Component
public class HubEvents {

    /** The contact statuses a {@code contact.made} event announces, as SQL: sent, handed over, control group. */
    public static final String CONTACT_MADE = "'SENT', 'OUTCOME_UNKNOWN', 'CONTROL'";

    private static final String INTO = "INSERT INTO hub_event_outbox (message_id, type, record_key, event_time, payload)\n";

    private final JdbcTemplate jdbc;
    private final boolean enabled;

    public HubEvents(JdbcTemplate jdbc, HubEventsProperties properties) {
        this.jdbc = jdbc;
        this.enabled = properties.isEnabled();
    }

    /** Whether events are written at all ({@code hub.events.enabled}). */
    public boolean enabled() {
        return enabled;
    }

    /**
     * An INSERT of the {@code contact.made} events of the contact rows {@code rows} (a CTE or subquery exposing
     * campaign_id, msisdn, channel, grp, status, reason and {@code at}, the time of the contact) whose status is one of
     * {@link #CONTACT_MADE}.
     */
    public static String contactsMadeFrom(String rows) {
        return INTO + """
                SELECT 'contact.made:' || r.campaign_id || ':' || r.msisdn || ':' || r.status, 'contact.made', r.msisdn,
                       r.at, jsonb_build_object('campaignId', r.campaign_id, 'msisdn', r.msisdn, 'channel', r.channel,
                           'group', r.grp, 'status', r.status, 'reason', r.reason, 'time', hub_event_time(r.at))
                  FROM %s r
                 WHERE r.status IN (%s)
                """.formatted(rows, CONTACT_MADE);
    }

    /**
     * An INSERT of the {@code response.attributed} events of the ledger rows {@code rows} (response_attribution's
     * columns, as a data-modifying CTE's {@code RETURNING} gives them) that are ATTRIBUTED; {@code detail} is the
     * response event's detail (an SMS reply's text, a receipt), or the order id of a BOSS order.
     */
    public static String attributedFrom(String rows) {
        return INTO + """
                SELECT 'response.attributed:' || coalesce('event:' || r.event_id, 'order:' || r.order_id),
                       'response.attributed', coalesce(r.msisdn, r.campaign_id), r.event_time,
                       jsonb_build_object('campaignId', r.campaign_id, 'msisdn', r.msisdn, 'channel', r.channel,
                           'responseType', r.type, 'time', hub_event_time(r.event_time),
                           'detail', CASE WHEN r.event_id IS NULL THEN r.order_id ELSE e.detail END)
                  FROM %s r LEFT JOIN response_event e ON e.id = r.event_id
                 WHERE r.outcome = 'ATTRIBUTED'
                """.formatted(rows);
    }

    /**
     * Writes the {@code campaign.status} event of the campaign as it stands (its status, version and last change);
     * called in the transaction that changed it.
     */
    public void campaignStatus(String campaignId) {
        if (!enabled) {
            return;
        }
        jdbc.update(INTO + """
                SELECT 'campaign.status:' || c.id || ':' || c.status || ':' || c.version, 'campaign.status', c.id,
                       c.updated_at, jsonb_build_object('campaignId', c.id, 'status', c.status,
                           'time', hub_event_time(c.updated_at))
                  FROM campaign c WHERE c.id = ?
                """, campaignId);
    }

    /**
     * Writes the {@code contact.made} events of the campaign's control-group contacts {@code msisdns}, decided on
     * {@code con} in its open transaction (one statement for them all); the time is their decision's.
     */
    public void controlContacts(Connection con, String campaignId, Collection<String> msisdns) throws SQLException {
        if (!enabled || msisdns.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = con.prepareStatement(contactsMadeFrom("""
                (SELECT campaign_id, msisdn, channel, grp, status, reason, decided_at AS at FROM campaign_contact
                  WHERE campaign_id = ? AND msisdn = ANY (?) AND status = 'CONTROL')"""))) {
            ps.setString(1, campaignId);
            ps.setArray(2, con.createArrayOf("text", msisdns.toArray()));
            ps.executeUpdate();
        }
    }
}
