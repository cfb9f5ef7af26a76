package com.carrier.hub.runtime.evaluation;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A campaign's evaluation (PEERS.md §7.3): the funnel, conversion of treatment and control and the lift, for the
 * whole campaign and per channel × segment; exclusions by code; what the ledger kept but did not attribute; progress
 * against each quantitative target.
 *
 * @param frozen          true once the response window closed: the figures no longer change
 * @param windowClosesAt  the campaign's end plus its response window
 * @param notAttributed   ledger rows of this campaign kept but not counted, by outcome (LATE, EARLY, FUTURE)
 */
public record Evaluation(String campaignId, String type, String productId, String status, Instant computedAt,
                         boolean frozen, Instant windowClosesAt, Funnel total, List<Funnel> breakdown,
                         Map<String, Long> excludedByCode, Map<String, Long> notAttributed, List<TargetProgress> targets) {

    /**
     * One row of the funnel: targeted = excluded + treatment + control. Sent counts contacts the peer accepted;
     * outcomeUnknown the SMS whose acceptance is not known yet (no submit answer, no receipt so far: the ledger settles
     * them as SENT by their receipt or sends them again), counted apart and never as sent or delivered. Conversion
     * counts customers with at least one completed order of the offered product attributed to them (duplicate orders
     * count once).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Funnel(String channel, String segment, long targeted, long excluded, long treatment, long control,
                         long sent, long outcomeUnknown, long delivered, long responded, long orderedTreatment,
                         long orderedControl, Double conversionTreatment, Double conversionControl, Lift lift) {

        static Funnel of(String channel, String segment, long targeted, long excluded, long treatment, long control,
                         long sent, long outcomeUnknown, long delivered, long responded, long orderedT, long orderedC) {
            return new Funnel(channel, segment, targeted, excluded, treatment, control, sent, outcomeUnknown, delivered,
                    responded, orderedT, orderedC, treatment == 0 ? null : (double) orderedT / treatment,
                    control == 0 ? null : (double) orderedC / control, Lift.of(orderedT, treatment, orderedC, control));
        }

        Funnel plus(Funnel o) {
            return of(channel, segment, targeted + o.targeted, excluded + o.excluded, treatment + o.treatment,
                    control + o.control, sent + o.sent, outcomeUnknown + o.outcomeUnknown, delivered + o.delivered,
                    responded + o.responded, orderedTreatment + o.orderedTreatment, orderedControl + o.orderedControl);
        }
    }

    /**
     * Progress against a target: the current value, its share of the target, and a linear projection to the
     * campaign's end (value per elapsed campaign time × the campaign's length; the value itself once it has ended).
     */
    public record TargetProgress(String metric, long target, long value, double progress, long projected,
                                 boolean onTrack) {
    }
}
