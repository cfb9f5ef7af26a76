package com.carrier.hub.runtime.campaign.dispatch;

import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
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

import com.carrier.hub.runtime.campaign.Campaign;
import com.carrier.hub.runtime.campaign.CampaignRepository;
import com.carrier.hub.runtime.campaign.CampaignStatus;
import com.carrier.hub.runtime.campaign.ChannelPreferences;
import com.carrier.hub.runtime.campaign.CampaignDefinition.Channel;
import com.carrier.hub.runtime.campaign.HubInstance;
import com.carrier.hub.runtime.campaign.QuietHoursClock;

/**
 * Sends the pending contacts of every RUNNING campaign, between its start and end, channel by channel: SMS held during
 * the quiet hours, each touchpoint's daily capacity respected (the rest deferred to the next day), opt-outs that
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
    private final Map<Channel, ChannelSender> senders = new EnumMap<>(Channel.class);
    private final ExecutorService loop = Executors.newSingleThreadExecutor(r -> new Thread(r, "campaign-dispatch"));
    private final AtomicBoolean running = new AtomicBoolean();

    public CampaignDispatcher(CampaignRepository campaigns, ContactStore contacts, HubInstance instance,
                              DispatchProperties properties, ChannelPreferences preferences,
                              ChannelSendersConfiguration.ChannelSenders senders) {
        this.campaigns = campaigns;
        this.contacts = contacts;
        this.instance = instance;
        this.properties = properties;
        this.preferences = preferences;
        senders.all().forEach(s -> this.senders.put(s.channel(), s));
    }

    /** Channels that have a connector to send through. */
    public Set<Channel> channels() {
        return senders.keySet();
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
            Channel channel = Channel.valueOf(name.toUpperCase());
            ChannelSender sender = senders.get(channel);
            if (sender == null) {
                continue; // no connector for this touchpoint in this hub: its contacts stay PENDING
            }
            if (channel == Channel.SMS && QuietHoursClock.isQuiet(now, campaign.definition().quietHours())) {
                contacts.deferQuietHours(campaign.id(), QuietHoursClock.nextAllowed(now, campaign.definition().quietHours()));
                continue;
            }
            int limit = properties.getBatchSize();
            Long capacity = preferences.getDailyCapacity().get(channel);
            if (capacity != null) {
                LocalDate today = now.atZone(QuietHoursClock.ZONE).toLocalDate();
                long left = capacity - contacts.contactedSince(channel, today.atStartOfDay(QuietHoursClock.ZONE).toInstant());
                if (left <= 0) {
                    contacts.deferCapacity(campaign.id(), channel, today.plusDays(1).atStartOfDay(QuietHoursClock.ZONE).toInstant());
                    continue;
                }
                limit = (int) Math.min(limit, left);
            }
            List<ChannelSender.Contact> claimed = contacts.claim(campaign.id(), channel, instance.id(), limit);
            if (claimed.isEmpty()) {
                continue;
            }
            List<String> still = contacts.dropOptedOut(campaign.id(), channel, instance.id());
            List<ChannelSender.Contact> toSend = claimed.stream().filter(c -> still.contains(c.msisdn())).toList();
            if (toSend.isEmpty()) {
                continue;
            }
            for (int from = 0; from < toSend.size() && running.get(); from += sender.sliceSize()) {
                List<ChannelSender.Contact> slice = toSend.subList(from, Math.min(toSend.size(), from + sender.sliceSize()));
                contacts.markSubmitting(campaign.id(), slice.stream().map(ChannelSender.Contact::msisdn).toList(),
                        slice.stream().map(c -> sender.parts(campaign, c)).toList(), instance.id());
                List<ChannelSender.Result> results = sender.send(campaign, slice);
                contacts.complete(campaign.id(), results, instance.id(), properties.getRetryAfter());
            }
            // contacts claimed but not reached (shutting down) stay CLAIMED: the next start hands them back
            busy = true;
        }
        return busy;
    }

    private void recover(String restarted) {
        List<Channel> idempotent = senders.values().stream().filter(ChannelSender::idempotent).map(ChannelSender::channel).toList();
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
