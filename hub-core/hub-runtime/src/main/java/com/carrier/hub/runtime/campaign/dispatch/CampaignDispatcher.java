package com.carrier.hub.runtime.campaign.dispatch;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import com.carrier.hub.api.touchpoint.ContactResult;
import com.carrier.hub.api.touchpoint.TemplateField;
import com.carrier.hub.api.touchpoint.Touchpoint;
import com.carrier.hub.api.touchpoint.TouchpointContact;
import com.carrier.hub.api.touchpoint.TouchpointSlice;
import com.carrier.hub.runtime.campaign.Campaign;
import com.carrier.hub.runtime.campaign.CampaignDefinition;
import com.carrier.hub.runtime.campaign.CampaignRepository;
import com.carrier.hub.runtime.campaign.CampaignStatus;
import com.carrier.hub.runtime.campaign.ChannelPreferences;
import com.carrier.hub.runtime.campaign.ContactPolicy;
import com.carrier.hub.runtime.campaign.HubInstance;
import com.carrier.hub.runtime.campaign.QuietHoursClock;
import com.carrier.hub.runtime.campaign.TemplateRenderer;

/**
 * Sends the pending contacts of every RUNNING campaign, between its start and end, touchpoint by touchpoint: those
 * whose touchpoint {@link Touchpoint#quietHours() keeps quiet hours} held during them, each touchpoint's daily capacity
 * respected (the rest deferred to the next day), opt-outs that
 * arrived after the policy ran applied at claim time. Several instances share the work through row claims; a crash
 * loses nothing and sends nothing twice (see {@link ContactStore}).
 */
@Component
public class CampaignDispatcher implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(CampaignDispatcher.class);

    private final CampaignRepository campaigns;
    private final ContactStore contacts;
    private final HubInstance instance;
    private final DispatchProperties properties;
    private final ChannelPreferences preferences;
    private final TouchpointRegistry touchpoints;
    private final ContactPolicy policy;
    private final ExecutorService loop = Executors.newSingleThreadExecutor(r -> new Thread(r, "campaign-dispatch"));
    private final AtomicBoolean running = new AtomicBoolean();

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

    @EventListener(ApplicationReadyEvent.class)
    public void start() {
        recover(instance.id());
        if (properties.isEnabled() && running.compareAndSet(false, true)) {
            loop.submit(this::run);
        }
    }

    private void run() {
        while (running.get()) {
            boolean busy = false;
            try {
                recover("");
                for (Campaign c : campaigns.list(CampaignStatus.RUNNING)) {
                    try {
                        busy |= dispatch(c, Instant.now());
                    } catch (RuntimeException e) {
                        // one campaign's trouble must not hold up the others
                        LOG.error("campaign {}: dispatch failed, retried next round: {}", c.id(), e.toString());
                    }
                }
            } catch (RuntimeException | LinkageError e) {
                // the loop must outlive any one round: a dead dispatcher would leave every campaign waiting silently
                LOG.error("campaign dispatch round failed, next round in {}", properties.getInterval(), e);
            }
            if (!busy) {
                sleep(properties.getInterval().toMillis());
            }
        }
    }

    /** One round for one campaign; true when it sent something. */
    boolean dispatch(Campaign campaign, Instant now) {
        if (now.isBefore(campaign.definition().start().toInstant()) || !now.isBefore(campaign.definition().end().toInstant())) {
            return false;
        }
        boolean busy = false;
        for (String name : campaign.definition().channels()) {
            Touchpoint touchpoint = touchpoints.get(name);
            if (touchpoint == null) {
                continue; // not registered in this hub (its connector is disabled): its contacts stay PENDING
            }
            String channel = touchpoint.id();
            if (touchpoint.quietHours() && QuietHoursClock.isQuiet(now, campaign.definition().quietHours())) {
                contacts.deferQuietHours(campaign.id(), channel, QuietHoursClock.nextAllowed(now, campaign.definition().quietHours()));
                continue;
            }
            int limit = properties.getBatchSize();
            Long capacity = preferences.dailyCapacity(touchpoint);
            if (capacity != null) {
                LocalDate today = now.atZone(QuietHoursClock.ZONE).toLocalDate();
                long left = capacity - contacts.contactedSince(channel, today.atStartOfDay(QuietHoursClock.ZONE).toInstant());
                if (left <= 0) {
                    contacts.deferCapacity(campaign.id(), channel, today.plusDays(1).atStartOfDay(QuietHoursClock.ZONE).toInstant());
                    continue;
                }
                limit = (int) Math.min(limit, left);
            }
            // opted out since the policy ran: excluded by the claim itself; an idempotent touchpoint's contacts are
            // claimed straight into SUBMITTING (a crash sends them again either way)
            List<ContactStore.Claimed> toSend = contacts.claim(campaign.id(), channel, instance.id(), limit,
                    touchpoint.idempotent());
            if (toSend.isEmpty()) {
                continue;
            }
            Map<String, String> texts = texts(touchpoint, campaign.definition().template(channel));
            for (int from = 0; from < toSend.size() && running.get(); from += touchpoint.sliceSize()) {
                sendSlice(campaign, touchpoint, texts, toSend.subList(from, Math.min(toSend.size(), from + touchpoint.sliceSize())));
            }
            // contacts claimed but not reached (shutting down) stay CLAIMED: the next start hands them back
            busy = true;
        }
        return busy;
    }

    /** The campaign's template fields of the touchpoint that are rendered for each contact: its text fields, by name. */
    private static Map<String, String> texts(Touchpoint touchpoint, Map<String, Object> template) {
        Map<String, String> texts = new LinkedHashMap<>();
        for (TemplateField f : touchpoint.templateFields()) {
            if (f.kind() != TemplateField.Kind.LIST && template.get(f.name()) instanceof String text) {
                texts.put(f.name(), text);
            }
        }
        return texts;
    }

    /**
     * Renders the template for every contact of the slice, marks it SUBMITTING, hands to the touchpoint those whose
     * template rendered (the others fail with the placeholder that had no value) and records every answer.
     */
    private void sendSlice(Campaign campaign, Touchpoint touchpoint, Map<String, String> texts, List<ContactStore.Claimed> slice) {
        List<TouchpointContact> rendered = new ArrayList<>(slice.size());
        List<ContactResult> results = new ArrayList<>(slice.size());
        List<Integer> parts = new ArrayList<>(slice.size());
        for (ContactStore.Claimed c : slice) {
            Map<String, String> fields = new HashMap<>(texts.size() * 2);
            String failure = null;
            for (Map.Entry<String, String> t : texts.entrySet()) {
                TemplateRenderer.Result r = TemplateRenderer.render(t.getValue(), c.vars());
                if (!r.ok()) {
                    failure = r.failure();
                    break;
                }
                fields.put(t.getKey(), r.text());
            }
            if (failure != null) {
                results.add(ContactResult.failed(c.msisdn(), failure));
                parts.add(0);
            } else {
                TouchpointContact contact = new TouchpointContact(c.msisdn(), fields, c.vars());
                rendered.add(contact);
                parts.add(touchpoint.parts(contact));
            }
        }
        CampaignDefinition d = campaign.definition();
        if (!touchpoint.idempotent()) {
            contacts.markSubmitting(campaign.id(), slice.stream().map(ContactStore.Claimed::msisdn).toList(), parts, instance.id());
        }
        if (!rendered.isEmpty()) {
            results.addAll(touchpoint.send(new TouchpointSlice(campaign.id(), d.sourceAddress(), d.productId(), d.end(), rendered)));
        }
        List<ContactResult> refused = results.stream().filter(r -> r.status() == ContactResult.Status.REFUSED).toList();
        if (refused.isEmpty()) {
            contacts.complete(campaign.id(), results, instance.id(), properties.getRetryAfter());
        } else {
            contacts.complete(campaign.id(), results.stream().filter(r -> r.status() != ContactResult.Status.REFUSED)
                    .toList(), instance.id(), properties.getRetryAfter());
            fallBack(campaign, touchpoint.id(), refused);
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

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        running.set(false);
        loop.shutdownNow();
        loop.awaitTermination(10, TimeUnit.SECONDS);
    }
}
