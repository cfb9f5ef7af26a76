package com.carrier.hub.api.touchpoint;

import java.time.Duration;
import java.util.List;

/**
 * A way a campaign reaches a customer (PEERS.md §8): SMS, a portal banner, an MM recommendation, a manager's call list,
 * and whatever a province adds. A connector module (or a jar in plugins/) registers its touchpoints as beans; the hub
 * collects them by {@link #id()}. The campaign engine knows a touchpoint only by these properties, never by its name:
 * it claims contacts, holds them in quiet hours when {@link #quietHours()} says so, keeps to the daily capacity, renders
 * the campaign's template fields for every contact and hands one slice at a time to {@link #send(TouchpointSlice)}.
 */
public interface Touchpoint {

    /** The upper-case id used wherever a channel is named: campaign definitions, channel orders, capacities, feeds. */
    String id();

    /** What this touchpoint does, in one sentence for the admin console. */
    String description();

    /**
     * Whether a repeated send is harmless (an upsert keyed campaignId:msisdn): then a contact a crash left SUBMITTING is
     * simply sent again; otherwise (an SMS, a call) it becomes OUTCOME_UNKNOWN.
     */
    boolean idempotent();

    /**
     * How many contacts are marked SUBMITTING and handed over at a time: after a crash at most this many of a
     * non-idempotent touchpoint end OUTCOME_UNKNOWN. Small for SMS (its window), a peer's batch for HTTP pushes.
     */
    default int sliceSize() {
        return 500;
    }

    /**
     * Whether the campaign's quiet hours hold this touchpoint's contacts (deferred until they end, never dropped): true
     * for touchpoints that interrupt the customer, such as an SMS or a call.
     */
    boolean quietHours();

    /**
     * Contacts a day across all campaigns, or {@code null} for unlimited (the default);
     * {@code hub.campaigns.daily-capacity.<ID>} overrides it.
     */
    default Long dailyCapacity() {
        return null;
    }

    /**
     * The least time between two sends of one campaign on this touchpoint, or {@link Duration#ZERO} (the default) for no
     * pause: a peer that takes batch files (the call centre's tasks, PEERS §9.1: at most one file an hour per campaign)
     * gets at most one slice per campaign per interval, so its slice size is the most one file carries. Measured from the
     * campaign's last contact on this touchpoint as stored, so restarts and several instances agree.
     */
    default Duration sendInterval() {
        return Duration.ZERO;
    }

    /** The fields a campaign's template for this touchpoint has; checked field by field when a campaign names it. */
    List<TemplateField> templateFields();

    /** The response types this touchpoint produces (PEERS.md §2.2 {@code response_type}, plus its own). */
    List<String> responseTypes();

    /** The id of the connector this touchpoint sends through, whose health is its health; {@code null} for none. */
    String connectorId();

    /**
     * How many messages the peer takes for this contact (an SMS split into parts is several submits); stored when the
     * contact is marked SUBMITTING, so a contact whose outcome a crash left unknown is settled only once every part is
     * accounted for.
     */
    default int parts(TouchpointContact contact) {
        return 1;
    }

    /** Sends the slice and answers for every contact in it; never throws for one contact's trouble. */
    List<ContactResult> send(TouchpointSlice slice);
}
