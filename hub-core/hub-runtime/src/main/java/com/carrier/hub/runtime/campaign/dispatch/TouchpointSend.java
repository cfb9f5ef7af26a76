package com.carrier.hub.runtime.campaign.dispatch;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.carrier.hub.api.touchpoint.ContactResult;
import com.carrier.hub.api.touchpoint.Touchpoint;
import com.carrier.hub.api.touchpoint.TouchpointContact;
import com.carrier.hub.api.touchpoint.TouchpointSlice;
import com.carrier.hub.runtime.touchpoints.TouchpointRegistry;

/**
 * The {@code touchpoint-send-action} Kamelet's bean: hands a slice (the body, a {@link TouchpointSlice}) to its
 * touchpoint — the one the dispatch route's {@link CampaignDispatcher#SLICE} names, or the Kamelet's {@code touchpoint}
 * parameter — and answers for every contact in it, in the order given. A touchpoint answers for each contact and never
 * throws for one contact's trouble; if it throws all the same, or leaves contacts unanswered, nothing is lost and no one
 * is contacted twice: the unanswered are sent again later where a repeat is harmless ({@link Touchpoint#idempotent()}),
 * OUTCOME_UNKNOWN otherwise (the ledger settles those by their receipts). So an exception never leaves this step, and
 * the route's retries can never send a slice twice.
 */
@Component("touchpointSend")
public class TouchpointSend {

    private static final Logger LOG = LoggerFactory.getLogger(TouchpointSend.class);

    private final TouchpointRegistry touchpoints;

    public TouchpointSend(TouchpointRegistry touchpoints) {
        this.touchpoints = touchpoints;
    }

    public List<ContactResult> send(Exchange exchange) {
        TouchpointSlice slice = exchange.getMessage().getBody(TouchpointSlice.class);
        if (slice == null) {
            throw new IllegalArgumentException("touchpoint-send-action takes a TouchpointSlice, not "
                    + exchange.getMessage().getBody().getClass().getName());
        }
        Touchpoint touchpoint = touchpoint(exchange);
        List<ContactResult> answered;
        try {
            answered = touchpoint.send(slice);
        } catch (RuntimeException e) {
            LOG.error("touchpoint {} failed a slice of {} contacts of campaign {} ({}): they are {}", touchpoint.id(),
                    slice.contacts().size(), slice.campaignId(), e.toString(),
                    touchpoint.idempotent() ? "sent again later" : "OUTCOME_UNKNOWN");
            answered = List.of();
        }
        return complete(touchpoint, slice, answered);
    }

    private Touchpoint touchpoint(Exchange exchange) {
        CampaignDispatcher.Slice dispatched = exchange.getProperty(CampaignDispatcher.SLICE, CampaignDispatcher.Slice.class);
        if (dispatched != null) {
            return dispatched.touchpoint();
        }
        String id = exchange.getMessage().getHeader(TouchpointSlice.HEADER, String.class);
        Touchpoint touchpoint = touchpoints.get(id);
        if (touchpoint == null) {
            throw new IllegalArgumentException("touchpoint-send-action: no touchpoint '" + id + "' is registered; known: "
                    + touchpoints.ids());
        }
        return touchpoint;
    }

    /** The touchpoint's answers, plus one for every contact it did not answer for. */
    static List<ContactResult> complete(Touchpoint touchpoint, TouchpointSlice slice, List<ContactResult> answered) {
        if (answered.size() >= slice.contacts().size()) {
            return answered;
        }
        Set<String> named = new HashSet<>();
        for (ContactResult r : answered) {
            named.add(r.msisdn());
        }
        List<ContactResult> all = new ArrayList<>(answered);
        for (TouchpointContact c : slice.contacts()) {
            if (!named.contains(c.msisdn())) {
                all.add(touchpoint.idempotent() ? ContactResult.retry(c.msisdn(), "NO_ANSWER_FROM_TOUCHPOINT")
                        : ContactResult.unknown(c.msisdn(), "NO_ANSWER_FROM_TOUCHPOINT"));
            }
        }
        return all;
    }
}
