package com.carrier.hub.runtime.campaign;

/**
 * Where one campaign × customer row ({@code campaign_contact.status}) stands; the table's CHECK constraint allows exactly
 * these names (migration V81). The contact policy writes the first three, dispatch moves a treatment contact on:
 * PENDING → CLAIMED → SUBMITTING → SENT, FAILED or OUTCOME_UNKNOWN (DEFERRED while quiet hours or a capacity hold it).
 */
public enum ContactStatus {

    /** To send: due from {@code not_before} (or at once). */
    PENDING,
    /** Held by quiet hours or a touchpoint's daily capacity; due again at {@code not_before}. */
    DEFERRED,
    /** Taken by an instance and not yet handed to the touchpoint: safe to hand back to PENDING after a crash. */
    CLAIMED,
    /** Handed (or about to be) to the touchpoint, committed before the first send: its answer decides the outcome. */
    SUBMITTING,
    /** The touchpoint accepted it. */
    SENT,
    /** The touchpoint refused it for good ({@code reason} says why). */
    FAILED,
    /** Handed over with no answer: settled by receipts, never sent again blindly (PEERS §5.4). */
    OUTCOME_UNKNOWN,
    /** Excluded by the contact policy; {@code reason} holds the §7.2 code. */
    EXCLUDED,
    /** Control group (group C): never contacted, counted for the evaluation. */
    CONTROL;

    /** Whether the contact is still on its way (not yet sent, failed or unresolved). */
    public boolean open() {
        return this == PENDING || this == DEFERRED || this == CLAIMED || this == SUBMITTING;
    }
}
