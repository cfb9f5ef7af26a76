package com.carrier.hub.runtime.campaign.dispatch;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import com.carrier.hub.api.HubTime;
import com.carrier.hub.api.touchpoint.ContactResult;
import com.carrier.hub.api.touchpoint.Touchpoint;
import com.carrier.hub.api.touchpoint.TouchpointContact;
import com.carrier.hub.api.touchpoint.TouchpointSlice;
import com.carrier.hub.runtime.campaign.Campaign;
import com.carrier.hub.runtime.campaign.CampaignDefinition;
import com.carrier.hub.runtime.campaign.CampaignRepository;
import com.carrier.hub.runtime.campaign.CampaignStatus;
import com.carrier.hub.runtime.touchpoints.ChannelPreferences;
import com.carrier.hub.runtime.campaign.ContactPolicy;
import com.carrier.hub.runtime.campaign.HubInstance;
import com.carrier.hub.runtime.campaign.QuietHoursClock;
import com.carrier.hub.runtime.campaign.TemplateRenderer;
import com.carrier.hub.runtime.touchpoints.TouchpointRegistry;

/**
 * The steps of the campaign dispatch route ({@code routes/campaign-dispatch.yaml}): {@link #claim} takes the due
 * contacts of every RUNNING campaign, between its start and end, touchpoint by touchpoint — those whose touchpoint
 * {@link Touchpoint#quietHours() keeps quiet hours} held during them, each touchpoint's daily capacity respected (the
 * rest deferred to the next day), opt-outs that arrived after the policy ran applied — and cuts them into the
 * touchpoints' slices; for each slice, one exchange, {@link #submitting} renders the template and marks it SUBMITTING,
 * the {@code touchpoint-send-action} Kamelet hands it to its touchpoint ({@link TouchpointSend}), and {@link #outcome}
 * records every answer. Several instances share the work through row claims; a crash loses nothing and sends nothing
 * twice (see {@link ContactStore}).
 */
@Component("campaignDispatch")
public class CampaignDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(CampaignDispatcher.class);

    /** The exchange property that carries a slice from {@link #submitting} to {@link #outcome}. */
    public static final String SLICE = "HubDispatchSlice";

    private final CampaignRepository campaigns;
    private final ContactStore contacts;
    private final HubInstance instance;
    private final DispatchProperties properties;
    private final ChannelPreferences preferences;
    private final TouchpointRegistry touchpoints;
    private final ContactPolicy policy;
    private final AtomicBoolean recovered = new AtomicBoolean();
    private volatile boolean stopping;

    /**
     * One slice of one campaign on its way to its touchpoint: the claimed contacts, and once {@link #submitting} has
     * run, the answers for those whose template did not render (they are never handed over).
     */
    public static final class Slice {
        private final Campaign campaign;
        private final Touchpoint touchpoint;
        private final Map<String, String> texts;
        private final List<ContactStore.Claimed> contacts;
        private final List<ContactResult> unrendered = new ArrayList<>();

        Slice(Campaign campaign, Touchpoint touchpoint, Map<String, String> texts, List<ContactStore.Claimed> contacts) {
            this.campaign = campaign;
            this.touchpoint = touchpoint;
            this.texts = texts;
            this.contacts = contacts;
        }

        public String campaignId() {
            return campaign.id();
        }

        public Touchpoint touchpoint() {
            return touchpoint;
        }

        public int size() {
            return contacts.size();
        }

        @Override
        public String toString() {
            return "slice of " + contacts.size() + " contacts of campaign " + campaign.id() + " for " + touchpoint.id();
        }
    }

    public CampaignDispatcher(CampaignRepository campaigns, ContactStore contacts, HubInstance instance,
                              DispatchProperties properties, ChannelPreferences preferences,
                              TouchpointRegistry touchpoints, ContactPolicy policy) {
        this.campaigns = campaigns;
        this.contacts = contacts;
        this.instance = instance;
        this.properties = properties;
        this.preferences = preferences;
        this.touchpoints = touchpoints;
        this.policy = policy;
    }

    /**
     * The route's first step: the slices of this round, across every running campaign and touchpoint, claimed as the
     * route's split asks for them (it streams them: a touchpoint's first slice goes out while the rest is claimed). Before the first round, the contacts this instance left claimed or submitting when it last stopped are
     * handed back; every round, those of instances whose lease ran out. A round that finds nothing to claim tells the
     * greedy scheduler to wait its delay.
     */
    public Iterator<Slice> claim(Exchange exchange) {
        List<Campaign> running = List.of();
        if (!stopping) {
            if (recovered.compareAndSet(false, true)) {
                recover(instance.id());
            }
            recover("");
            running = campaigns.list(CampaignStatus.RUNNING);
        }
        Round round = new Round(running, Instant.now());
        if (!round.hasNext()) {
            exchange.setProperty(Exchange.SCHEDULER_POLLED_MESSAGES, false);
        }
        return round;
    }

    /**
     * One round's slices, claimed lazily: campaign by campaign, touchpoint by touchpoint, the first slice's worth, then
     * the rest of the touchpoint's claim limit for the round ({@code batch-size}, or its daily capacity left) unless the
     * first claim came back short. One claim of the whole limit before any slice went out made the claim the round's one
     * serial step: half of a round's time with the app's slices, one backend busy and the other core idle. The split
     * takes the next slice as one of its threads comes free (the slices claimed and not yet taken wait CLAIMED); rounds
     * never overlap and a round claims no more than its limit, so a capacity holds.
     */
    private final class Round implements Iterator<Slice> {
        private final Instant now;
        private final Iterator<Campaign> campaigns;
        private Campaign campaign;
        private Iterator<String> channels = Collections.emptyIterator();
        private Claiming claiming;
        private Slice next;

        Round(List<Campaign> campaigns, Instant now) {
            this.campaigns = campaigns.iterator();
            this.now = now;
        }

        @Override
        public boolean hasNext() {
            if (next == null) {
                next = advance();
            }
            return next != null;
        }

        @Override
        public Slice next() {
            if (!hasNext()) {
                throw new NoSuchElementException("the dispatch round has no more slices");
            }
            Slice slice = next;
            next = null;
            return slice;
        }

        private Slice advance() {
            while (!stopping) {
                try {
                    if (claiming != null) {
                        Slice slice = claiming.next();
                        if (slice != null) {
                            return slice;
                        }
                        claiming = null;
                    } else if (channels.hasNext()) {
                        claiming = claiming(campaign, channels.next(), now);
                    } else if (campaigns.hasNext()) {
                        campaign = campaigns.next();
                        Instant start = campaign.definition().start().toInstant();
                        channels = now.isBefore(start) || !now.isBefore(campaign.definition().end().toInstant())
                                ? Collections.emptyIterator() : campaign.definition().channels().iterator();
                    } else {
                        return null;
                    }
                } catch (RuntimeException e) {
                    // one campaign's trouble must not hold up the others (its slices already claimed go out)
                    LOG.error("campaign {}: dispatch failed, retried next round: {}", campaign.id(), e.toString());
                    claiming = null;
                    channels = Collections.emptyIterator();
                }
            }
            return null; // stopping: nothing more is claimed
        }
    }

    /** What is left to claim this round of one campaign's contacts on one touchpoint. */
    private final class Claiming {
        private final Campaign campaign;
        private final Touchpoint touchpoint;
        private final Map<String, String> texts;
        private int left;
        /** Claimed and not yet handed out as a slice. */
        private List<ContactStore.Claimed> held = List.of();
        private int from;
        private boolean first = true;

        Claiming(Campaign campaign, Touchpoint touchpoint, int limit) {
            this.campaign = campaign;
            this.touchpoint = touchpoint;
            this.texts = TemplateRenderer.texts(touchpoint, campaign.definition().template(touchpoint.id()));
            this.left = limit;
        }

        /**
         * The next slice; null once the limit is taken or nothing more is due. Two claims a round: the first slice's
         * worth, so that slice goes out at once, then the rest of the limit while it is out (a claim a slice cost
         * PostgreSQL more with the SMS touchpoint's slices of 200: each claim re-reads the index entries the round's
         * earlier claims left). Opted out since the policy ran: excluded by the claim itself; an idempotent
         * touchpoint's contacts are claimed straight into SUBMITTING (a crash sends them again either way).
         */
        Slice next() {
            int slice = Math.max(1, touchpoint.sliceSize());
            if (from >= held.size()) {
                int n = first ? Math.min(left, slice) : left;
                first = false;
                if (n <= 0) {
                    return null;
                }
                held = contacts.claim(campaign.id(), touchpoint.id(), instance.id(), n, touchpoint.idempotent());
                from = 0;
                // a short claim means nothing more is due now (or some were excluded): the next round claims again
                left = held.size() < n ? 0 : left - n;
                if (held.isEmpty()) {
                    return null;
                }
            }
            List<ContactStore.Claimed> out = held.subList(from, Math.min(held.size(), from + slice));
            from += out.size();
            return new Slice(campaign, touchpoint, texts, out);
        }
    }

    /**
     * The touchpoint's share of one campaign's round: null when it sends nothing this round (not registered, its send
     * interval not over, quiet hours — its due contacts then held — or its daily capacity used up — the rest deferred).
     */
    private Claiming claiming(Campaign campaign, String name, Instant now) {
        Touchpoint touchpoint = touchpoints.get(name);
        if (touchpoint == null) {
            return null; // not registered in this hub (its connector is disabled): its contacts stay PENDING
        }
        String channel = touchpoint.id();
        if (!touchpoint.sendInterval().isZero()
                && contacts.contactedAfter(campaign.id(), channel, now.minus(touchpoint.sendInterval()))) {
            return null; // its last send is too recent (PEERS §9.1): the contacts wait for the next interval
        }
        if (touchpoint.quietHours() && QuietHoursClock.isQuiet(now, campaign.definition().quietHours())) {
            contacts.deferQuietHours(campaign.id(), channel, QuietHoursClock.nextAllowed(now, campaign.definition().quietHours()));
            return null;
        }
        // a touchpoint with a send interval gets one slice per interval, as large as it takes
        int limit = touchpoint.sendInterval().isZero() ? properties.batchSize(touchpoint.sliceSize()) : touchpoint.sliceSize();
        Long capacity = preferences.dailyCapacity(touchpoint);
        if (capacity != null) {
            LocalDate today = now.atZone(HubTime.ZONE).toLocalDate();
            long left = capacity - contacts.contactedSince(channel, today.atStartOfDay(HubTime.ZONE).toInstant());
            if (left <= 0) {
                contacts.deferCapacity(campaign.id(), channel, today.plusDays(1).atStartOfDay(HubTime.ZONE).toInstant());
                return null;
            }
            limit = (int) Math.min(limit, left);
        }
        return new Claiming(campaign, touchpoint, limit);
    }

    /**
     * A slice's second step: renders the template for every contact, marks the slice SUBMITTING and answers the
     * {@link TouchpointSlice} to hand to the touchpoint — those whose template rendered; the others fail with the
     * placeholder that had no value. Null when there is nothing to hand over, or when the hub is stopping: then the
     * contacts stay CLAIMED and the next start hands them back, unsent.
     */
    public TouchpointSlice submitting(Exchange exchange) {
        Slice slice = exchange.getMessage().getBody(Slice.class);
        exchange.setProperty(SLICE, slice);
        if (stopping) {
            return null;
        }
        List<TouchpointContact> rendered = new ArrayList<>(slice.contacts.size());
        List<Integer> parts = new ArrayList<>(slice.contacts.size());
        for (ContactStore.Claimed c : slice.contacts) {
            Map<String, String> fields = new HashMap<>(slice.texts.size() * 2);
            String failure = null;
            for (Map.Entry<String, String> t : slice.texts.entrySet()) {
                TemplateRenderer.Result r = TemplateRenderer.render(t.getValue(), c.vars());
                if (!r.ok()) {
                    failure = r.failure();
                    break;
                }
                fields.put(t.getKey(), r.text());
            }
            if (failure != null) {
                slice.unrendered.add(ContactResult.failed(c.msisdn(), failure));
                parts.add(0);
            } else {
                TouchpointContact contact = new TouchpointContact(c.msisdn(), fields, c.vars());
                rendered.add(contact);
                parts.add(slice.touchpoint.parts(contact));
            }
        }
        CampaignDefinition d = slice.campaign.definition();
        if (!slice.touchpoint.idempotent()) {
            contacts.markSubmitting(slice.campaign.id(), slice.contacts.stream().map(ContactStore.Claimed::msisdn).toList(),
                    parts, instance.id());
        }
        if (rendered.isEmpty()) {
            outcome(slice, List.of());
            return null;
        }
        return new TouchpointSlice(slice.campaign.id(), d.sourceAddress(), d.productId(), d.end(), rendered);
    }

    /**
     * A slice's last step: records the touchpoint's answer for every contact (the body) and those that did not render;
     * contacts the touchpoint refused go to their next channel.
     */
    @SuppressWarnings("unchecked")
    public void outcome(Exchange exchange) {
        Slice slice = exchange.getProperty(SLICE, Slice.class);
        outcome(slice, exchange.getMessage().getBody(List.class));
    }

    private void outcome(Slice slice, List<ContactResult> answered) {
        List<ContactResult> results = new ArrayList<>(slice.unrendered.size() + answered.size());
        results.addAll(slice.unrendered);
        results.addAll(answered);
        Campaign campaign = slice.campaign;
        List<ContactResult> refused = results.stream().filter(r -> r.status() == ContactResult.Status.REFUSED).toList();
        if (refused.isEmpty()) {
            contacts.complete(campaign.id(), results, instance.id(), properties.getRetryAfter());
        } else {
            contacts.complete(campaign.id(), results.stream().filter(r -> r.status() != ContactResult.Status.REFUSED)
                    .toList(), instance.id(), properties.getRetryAfter());
            fallBack(campaign, slice.touchpoint.id(), refused);
        }
    }

    /**
     * Contacts the touchpoint refused for a reason another channel could serve (PEERS §8: NO_DEVICE) go to the next
     * channel of the customer's class order that the campaign allows and the policy permits, leaving out every channel
     * that refused them so far; EXCLUDED NO_CHANNEL when none is left. The next dispatch round sends them there.
     */
    private void fallBack(Campaign campaign, String channel, List<ContactResult> refused) {
        List<String> msisdns = refused.stream().map(ContactResult::msisdn).toList();
        Map<String, Set<String>> tried = contacts.refusedChannels(campaign.id(), msisdns);
        Map<String, String> reasons = new HashMap<>();
        for (ContactResult r : refused) {
            tried.computeIfAbsent(r.msisdn(), m -> new HashSet<>()).add(channel);
            reasons.put(r.msisdn(), r.reason() == null || r.reason().isBlank() ? "REFUSED" : r.reason());
        }
        List<ContactPolicy.Fallback> next = policy.fallback(campaign, tried, Instant.now());
        contacts.fallBack(campaign.id(), channel, next, reasons, instance.id());
        LOG.info("campaign {}: {} contacts refused by {} passed to their next channel ({} excluded)", campaign.id(),
                next.size(), channel, next.stream().filter(f -> f.exclusion() != null).count());
    }

    private void recover(String restarted) {
        List<String> idempotent = touchpoints.all().stream().filter(Touchpoint::idempotent).map(Touchpoint::id).toList();
        int n = contacts.recover(restarted, instance.lease(), idempotent, properties.isResendOutcomeUnknown());
        if (n > 0) {
            LOG.warn("campaign dispatch: recovered {} contacts claimed by instances that stopped", n);
        }
    }

    /**
     * The hub is closing: slices not yet marked SUBMITTING are left CLAIMED (handed back, unsent, at the next start)
     * while those already with their touchpoint finish, so the route drains quickly without a forced stop.
     */
    @EventListener(ContextClosedEvent.class)
    public void stopping() {
        stopping = true;
    }
}
