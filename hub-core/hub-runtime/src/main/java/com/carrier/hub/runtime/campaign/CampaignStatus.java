package com.carrier.hub.runtime.campaign;

import java.util.Map;
import java.util.Set;

/**
 * Lifecycle: DRAFT → SCHEDULED → RUNNING ⇄ PAUSED → COMPLETED, or CANCELLED from any state before the end. With approval
 * on ({@code hub.governance.approval.enabled}), DRAFT → SUBMITTED → APPROVED → SCHEDULED: a rejection or a content
 * change sends a SUBMITTED, APPROVED or SCHEDULED campaign back to DRAFT.
 */
public enum CampaignStatus {
    DRAFT, SUBMITTED, APPROVED, SCHEDULED, RUNNING, PAUSED, COMPLETED, CANCELLED;

    /** Operator actions and the states they lead from and to. */
    public enum Action {
        SCHEDULE(Set.of(DRAFT, APPROVED), SCHEDULED),
        START(Set.of(SCHEDULED), RUNNING),
        PAUSE(Set.of(RUNNING), PAUSED),
        RESUME(Set.of(PAUSED), RUNNING),
        COMPLETE(Set.of(RUNNING, PAUSED), COMPLETED),
        CANCEL(Set.of(DRAFT, SUBMITTED, APPROVED, SCHEDULED, RUNNING, PAUSED), CANCELLED);

        private final Set<CampaignStatus> from;
        private final CampaignStatus to;

        Action(Set<CampaignStatus> from, CampaignStatus to) {
            this.from = from;
            this.to = to;
        }

        public boolean allowedFrom(CampaignStatus status) {
            return from.contains(status);
        }

        public Set<CampaignStatus> from() {
            return from;
        }

        public CampaignStatus to() {
            return to;
        }

        /** Parses the path segment of {@code POST /api/campaigns/{id}/{action}}. */
        public static Action of(String pathSegment) {
            return ACTIONS.get(pathSegment.toLowerCase());
        }

        private static final Map<String, Action> ACTIONS = Map.of("schedule", SCHEDULE, "start", START, "pause", PAUSE,
                "resume", RESUME, "complete", COMPLETE, "cancel", CANCEL);
    }

    public boolean isTerminal() {
        return this == COMPLETED || this == CANCELLED;
    }

    /** The content of a campaign may change freely only before it runs. */
    public boolean isEditable() {
        return this == DRAFT || this == SUBMITTED || this == APPROVED || this == SCHEDULED;
    }
}
