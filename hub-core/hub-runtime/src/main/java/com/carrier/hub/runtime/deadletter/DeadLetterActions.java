package com.carrier.hub.runtime.deadletter;

import org.springframework.stereotype.Component;

import com.carrier.hub.runtime.audit.AuditTrail;

/**
 * Replay and delete of a dead letter, with the state before and after attached to the request's audit record: the one
 * way both the admin API and the console act on dead letters.
 */
@Component
public class DeadLetterActions {

    /**
     * What the audit trail keeps of a dead letter before and after an action: its id, route, state
     * ({@code DEAD_LETTERED}, {@code REPLAYED} and removed, {@code DELETED}), attempts and reason.
     */
    record AuditState(long id, String routeId, String state, Integer attempts, String reason) {
        static AuditState of(DeadLetter letter) {
            return new AuditState(letter.id(), letter.routeId(), "DEAD_LETTERED", letter.attempts(), letter.reason());
        }
    }

    private final DeadLetterStore store;
    private final DeadLetterReplayer replayer;
    private final AuditTrail audit;

    public DeadLetterActions(DeadLetterStore store, DeadLetterReplayer replayer, AuditTrail audit) {
        this.store = store;
        this.replayer = replayer;
        this.audit = audit;
    }

    /** Sends the original message through its route again; the letter is removed when that succeeds. */
    public DeadLetterReplayer.Result replay(long id) {
        DeadLetter before = store.find(id).orElse(null);
        DeadLetterReplayer.Result result = replayer.replay(id);
        if (before != null) {
            audit.change(AuditState.of(before), result.outcome() == DeadLetterReplayer.Outcome.REPLAYED
                    ? new AuditState(id, before.routeId(), "REPLAYED", null, null)
                    : store.find(id).map(AuditState::of).orElse(null));
        }
        return result;
    }

    /** Deletes the letter for good; false when there is none with this id. */
    public boolean delete(long id) {
        DeadLetter before = store.find(id).orElse(null);
        if (before == null || !store.delete(id)) {
            return false;
        }
        audit.change(AuditState.of(before), new AuditState(id, before.routeId(), "DELETED", null, null));
        return true;
    }
}
