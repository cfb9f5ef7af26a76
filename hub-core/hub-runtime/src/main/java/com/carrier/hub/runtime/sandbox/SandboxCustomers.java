package com.carrier.hub.runtime.sandbox;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.carrier.hub.api.HubTime;
import com.carrier.hub.api.Msisdn;
import com.carrier.hub.runtime.campaign.CampaignRepository;
import com.carrier.hub.simulators.PeerSimulator;
import com.carrier.hub.simulators.app.AppPushSimulator;
import com.carrier.hub.simulators.files.FeedFiles;
import com.carrier.hub.simulators.files.GeneratedFile;
import com.carrier.hub.simulators.mm.MmStoreSimulator;
import com.carrier.hub.simulators.portal.HttpPeerSimulator;
import com.carrier.hub.simulators.portal.PortalSimulator;
import com.carrier.hub.simulators.sftp.SftpSimulator;
import com.carrier.hub.simulators.smsc.SmscSimulator;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Sandbox only: the customers behind the simulated peers answer what reaches them, as {@code hub.sandbox.customers.*}
 * says, each after a delay between {@code min-delay} and {@code max-delay} (most soon, a few near the longest):
 * <ul>
 * <li>of the customers an SMS reaches (every submit_sm the {@link SmscSimulator} accepts), {@code reply-share} reply
 * by MO from their MSISDN to the SMS's service code (PEERS §5.4): the accept keyword, {@code TD}, or other text;</li>
 * <li>of the offers the {@link PortalSimulator} and the pushes the {@link AppPushSimulator} accepted,
 * {@code click-share} are clicked (the portal's CLICK, the app's OPENED then CLICKED, signed callbacks at
 * {@code /feedback/portal} and {@code /feedback/app}; the app platform itself still says DELIVERED at once);</li>
 * <li>of the recommendations the {@link MmStoreSimulator} accepted, {@code download-share} are downloaded (DOWNLOAD at
 * {@code /feedback/mm});</li>
 * <li>{@code order-share-contacted} of the contacted customers order the product offered (the product of the
 * campaign that reached them), {@code order-share-not-contacted} of a campaign's target customers never contacted
 * order it all the same ({@link #mayOrderUncontacted}); BOSS writes the orders placed meanwhile every
 * {@code order-file-every} as one order file (PEERS §1.4) on its SFTP server, which route
 * {@code boss-order-to-orders} takes: the conversions campaign evaluation counts.</li>
 * </ul>
 * Every choice is drawn from a hash of {@code seed}, its purpose and the MSISDN: the same customer answers the same way
 * at every run, and a customer who orders without a contact also orders with one (the contact raises the propensity,
 * so the lift over the control group comes from "was contacted" alone). The log says how many answered, never who.
 */
@Component
@Profile("sandbox")
public class SandboxCustomers implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxCustomers.class);
    private static final Charset GBK = Charset.forName("GBK");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    /** The parts of one long SMS arrive within this time of each other: one message, one answer. */
    private static final Duration SAME_MESSAGE = Duration.ofSeconds(60);
    /** Order files of the sandbox's customers are numbered from here, clear of the BOSS day's {@code _0001}. */
    private static final int FIRST_SEQ = 1001;
    private static final String UNSUBSCRIBE = "TD";
    /** Where a customer who was not contacted orders: the business hall. */
    private static final String HALL = "HALL";
    private static final String LATEST_SMS_OFFER = """
            SELECT c.product_id FROM campaign_contact cc JOIN campaign c ON c.id = cc.campaign_id
             WHERE cc.msisdn = ? AND cc.channel = 'SMS' AND cc.contacted_at IS NOT NULL
             ORDER BY cc.contacted_at DESC LIMIT 1""";

    private final SandboxPeers peers;
    private final SandboxCustomersProperties properties;
    private final CampaignRepository campaigns;
    private final JdbcTemplate jdbc;
    private final Environment env;

    private final Set<String> contacted = ConcurrentHashMap.newKeySet();
    private final Set<String> offers = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> lastSms = new ConcurrentHashMap<>();
    private final Set<String> ordered = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<String> orderLines = new ConcurrentLinkedQueue<>();
    private final AtomicLong orderIds = new AtomicLong(System.currentTimeMillis());
    private final AtomicLong replies = new AtomicLong();
    private final AtomicLong clicks = new AtomicLong();
    private final AtomicLong downloads = new AtomicLong();
    private final AtomicLong orders = new AtomicLong();

    private volatile ScheduledExecutorService timer;
    private volatile URI hub;
    // Touched by the timer's thread only (order files are written one at a time).
    private String seqDay;
    private int seq;
    private volatile boolean failing;

    public SandboxCustomers(SandboxPeers peers, SandboxCustomersProperties properties, CampaignRepository campaigns,
                            JdbcTemplate jdbc, Environment env) {
        this.peers = peers;
        this.properties = properties;
        this.campaigns = campaigns;
        this.jdbc = jdbc;
        this.env = env;
    }

    @EventListener(ApplicationReadyEvent.class)
    public synchronized void start() {
        if (!properties.isEnabled()) {
            LOG.info("sandbox: the simulated customers do not answer (hub.sandbox.customers.enabled=false)");
            return;
        }
        if (timer != null) {
            return;
        }
        hub = URI.create("http://127.0.0.1:" + env.getProperty("local.server.port", "8080"));
        timer = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "sandbox-customers");
            t.setDaemon(true);
            return t;
        });
        peers.peer(SmscSimulator.class).ifPresent(smsc -> smsc.onAccepted(s -> smsSent(smsc, s)));
        peers.peer(PortalSimulator.class).ifPresent(portal -> portal.onAccepted(item -> offered("PORTAL", portal, item)));
        peers.peer(MmStoreSimulator.class).ifPresent(mm -> mm.onAccepted(item -> offered("MM", mm, item)));
        peers.peer(AppPushSimulator.class).ifPresent(app -> {
            // the platform says DELIVERED at once; opening and clicking is the customers' part, later
            app.callbacksTo(AppPushSimulator.feedbackUrl(hub), 0, 0);
            app.onAccepted(item -> offered("APP", app, item));
        });
        long every = properties.getOrderFileEvery().toMillis();
        timer.scheduleWithFixedDelay(this::writeOrderFile, every, every, TimeUnit.MILLISECONDS);
        LOG.info("sandbox: the simulated customers answer: {}% reply to an SMS, {}% click, {}% download, {}% of the"
                        + " contacted order (of the others {}%), after {} to {}; orders in a BOSS order file every {}",
                percent(properties.getReplyShare()), percent(properties.getClickShare()),
                percent(properties.getDownloadShare()), percent(properties.getOrderShareContacted()),
                percent(properties.getOrderShareNotContacted()), properties.getMinDelay(), properties.getMaxDelay(),
                properties.getOrderFileEvery());
    }

    /**
     * The customers of a campaign's target list who are not contacted by the time their turn comes order its
     * {@code productId} at the rate {@code order-share-not-contacted}, over the same spread of delays from now: call it
     * once the campaign has decided its list and sent its contacts, so that each such order comes after the decision
     * that put the customer in the control group. Answers how many will order if still not contacted then.
     */
    int mayOrderUncontacted(Collection<String> msisdns, String productId) {
        if (timer == null || productId == null || productId.isBlank()) {
            return 0;
        }
        int n = 0;
        for (String msisdn : msisdns) {
            if (!contacted.contains(msisdn) && chance("order:" + productId, msisdn) < properties.getOrderShareNotContacted()) {
                n++;
                later("order-anyway", msisdn, () -> {
                    if (!contacted.contains(msisdn)) {
                        order(msisdn, productId, HALL);
                    }
                });
            }
        }
        return n;
    }

    /** What the customers did so far: replies, clicks, downloads and orders. */
    Map<String, Long> counts() {
        return Map.of("replies", replies.get(), "clicks", clicks.get(), "downloads", downloads.get(), "orders", orders.get());
    }

    // ---- what reaches the customers ----------------------------------------------------------------------

    private void smsSent(SmscSimulator smsc, SmscSimulator.Submit submit) {
        String msisdn = submit.destination();
        if (!Msisdn.isValid(msisdn)) {
            return;
        }
        long now = System.nanoTime();
        Long before = lastSms.put(msisdn, now);
        if (before != null && now - before < SAME_MESSAGE.toNanos()) {
            return; // another part of the same message
        }
        contacted.add(msisdn);
        if (chance("reply", msisdn) < properties.getReplyShare()) {
            String text = replyText(msisdn);
            later("reply", msisdn, () -> {
                if (smsc.injectMo(msisdn, submit.source(), text) == 0) {
                    replies.incrementAndGet();
                }
            });
        }
        later("order", msisdn, () -> orderOffer(msisdn, "SMS", null));
    }

    private void offered(String channel, HttpPeerSimulator peer, JsonNode item) {
        String msisdn = item.path("msisdn").asText(null);
        String key = item.path(keyField(channel)).asText(null);
        String campaignId = item.path("campaignId").asText(null);
        if (campaignId == null && key != null && msisdn != null && key.endsWith(":" + msisdn)) {
            campaignId = key.substring(0, key.length() - msisdn.length() - 1); // the app's pushId
        }
        if (!Msisdn.isValid(msisdn) || campaignId == null || !offers.add(channel + ":" + campaignId + ":" + msisdn)) {
            return; // a repeated upsert of the same offer reaches no one twice
        }
        contacted.add(msisdn);
        String campaign = campaignId;
        switch (channel) {
            case "PORTAL" -> {
                if (chance("click", msisdn) < properties.getClickShare()) {
                    later("click", msisdn, () -> callback(peer, PortalSimulator.feedbackUrl(hub),
                            List.of(PortalSimulator.event(key + ":CLICK", "CLICK", msisdn, campaign)), clicks));
                }
            }
            case "APP" -> {
                if (chance("click", msisdn) < properties.getClickShare()) {
                    later("click", msisdn, () -> callback(peer, AppPushSimulator.feedbackUrl(hub), List.of(
                            AppPushSimulator.event(key + ":OPENED", "OPENED", msisdn, campaign),
                            AppPushSimulator.event(key + ":CLICKED", "CLICKED", msisdn, campaign)), clicks));
                }
            }
            case "MM" -> {
                JsonNode apps = item.path("appIds");
                if (apps.size() > 0 && chance("download", msisdn) < properties.getDownloadShare()) {
                    String app = apps.get(0).asText();
                    later("download", msisdn, () -> callback(peer, MmStoreSimulator.feedbackUrl(hub),
                            List.of(MmStoreSimulator.event(key + ":DOWNLOAD", "DOWNLOAD", msisdn, campaign, app)), downloads));
                }
            }
            default -> {
            }
        }
        later("order", msisdn, () -> orderOffer(msisdn, channel, campaign));
    }

    private static String keyField(String channel) {
        return switch (channel) {
            case "APP" -> "pushId";
            case "MM" -> "recKey";
            default -> "offerKey";
        };
    }

    private String replyText(String msisdn) {
        double r = chance("reply-text", msisdn);
        if (r < properties.getAcceptShare()) {
            return properties.getAcceptReply();
        }
        return r < properties.getAcceptShare() + properties.getUnsubscribeShare() ? UNSUBSCRIBE : properties.getOtherReply();
    }

    private void callback(HttpPeerSimulator peer, URI url, List<Map<String, Object>> events, AtomicLong counter) {
        try {
            int status = peer.sendEvents(url, events).status();
            if (status == 202) {
                counter.incrementAndGet();
            } else {
                LOG.warn("sandbox: the hub answered {} to a simulated customer's {} callback", status, peer.connectorId());
            }
        } catch (IOException e) {
            LOG.warn("sandbox: a simulated customer's {} callback failed: {}", peer.connectorId(), Msisdn.maskAll(e.toString()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- orders ------------------------------------------------------------------------------------------

    /** A contacted customer orders the offer (the product of the campaign that reached them) at the contacted rate. */
    private void orderOffer(String msisdn, String channel, String campaignId) {
        String product = campaignId != null
                ? campaigns.find(campaignId).map(c -> c.definition().productId()).orElse(null)
                : jdbc.query(LATEST_SMS_OFFER, rs -> rs.next() ? rs.getString(1) : null, msisdn);
        if (product != null && !product.isBlank()
                && chance("order:" + product, msisdn) < properties.getOrderShareContacted()) {
            order(msisdn, product, channel);
        }
    }

    /** One completed order, placed now, for BOSS's next order file; a customer orders a product once. */
    private void order(String msisdn, String productId, String channel) {
        if (!ordered.add(msisdn + ":" + productId)) {
            return;
        }
        String time = LocalDateTime.now(HubTime.ZONE).format(TIME);
        orderLines.add("SBX" + orderIds.incrementAndGet() + "|" + msisdn + "|" + productId + "|" + channel + "|" + time + "|1");
        orders.incrementAndGet();
    }

    /** Writes the orders placed since the last file as one order file pair on the BOSS SFTP server, if any. */
    private void writeOrderFile() {
        try {
            long now = System.nanoTime();
            lastSms.values().removeIf(t -> now - t > SAME_MESSAGE.toNanos());
            if (orderLines.isEmpty()) {
                return;
            }
            SftpSimulator boss = peers.simulators().stream()
                    .filter(p -> p instanceof SftpSimulator s && "boss".equals(s.connectorId()) && s.isRunning())
                    .map(SftpSimulator.class::cast).findFirst().orElse(null);
            if (boss == null) {
                return;
            }
            List<String> lines = new ArrayList<>();
            for (String line; (line = orderLines.poll()) != null; ) {
                lines.add(line);
            }
            String day = LocalDate.now(HubTime.ZONE).format(DateTimeFormatter.BASIC_ISO_DATE);
            String name = "ORDER_" + day + "_" + String.format("%04d", nextSeq(day)) + ".dat";
            // Written aside, then moved in data first and control last, as BOSS does.
            Path aside = Files.createTempDirectory("sandbox-orders-");
            GeneratedFile f = FeedFiles.write(aside, name, GBK, lines);
            Path to = boss.local("/boss/out/order");
            Files.move(f.data(), to.resolve(f.data().getFileName()));
            Files.move(f.control(), to.resolve(f.control().getFileName()));
            Files.deleteIfExists(aside);
            LOG.info("sandbox: BOSS wrote the simulated customers' orders to {} ({} rows)", name, lines.size());
            failing = false;
        } catch (IOException | RuntimeException e) {
            // a task that throws is never run again: the next file comes at the next period
            if (!failing) {
                failing = true;
                LOG.warn("sandbox: could not write the simulated customers' order file: {} (said once until one is written)",
                        Msisdn.maskAll(e.toString()));
            }
        }
    }

    /** The next order file number of the day, past those of an earlier run the hub has recorded. */
    private int nextSeq(String day) {
        if (!day.equals(seqDay)) {
            Integer recorded = jdbc.queryForObject("""
                    SELECT max(substring(file_name FROM '^ORDER_\\d{8}_(\\d{4})\\.dat$')::int) FROM file_record
                     WHERE file_name LIKE ?""", Integer.class, "ORDER\\_" + day + "\\_%");
            seqDay = day;
            seq = Math.max(FIRST_SEQ - 1, recorded == null ? 0 : recorded);
        }
        if (seq >= 9999) {
            throw new IllegalStateException("the day's order file numbers are used up (" + day + "_9999)");
        }
        return ++seq;
    }

    // ---- chance and time ---------------------------------------------------------------------------------

    /** Runs {@code action} after this customer's delay for {@code purpose}; its failure is logged, not thrown. */
    private void later(String purpose, String msisdn, Runnable action) {
        ScheduledExecutorService t = timer;
        if (t == null || t.isShutdown()) {
            return;
        }
        t.schedule(() -> {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.warn("sandbox: a simulated customer's {} failed: {}", purpose, Msisdn.maskAll(e.toString()));
            }
        }, delay(purpose, msisdn).toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The customer's delay for {@code purpose}: between min-delay and max-delay, skewed towards the shortest (the
     * square of a uniform draw): half the customers answer within the first quarter of the spread.
     */
    Duration delay(String purpose, String msisdn) {
        double u = chance("delay:" + purpose, msisdn);
        long min = properties.getMinDelay().toMillis();
        long spread = properties.getMaxDelay().toMillis() - min;
        return Duration.ofMillis(min + Math.round(spread * u * u));
    }

    /** A number in [0, 1) fixed by the seed, the purpose and the customer. */
    double chance(String purpose, String msisdn) {
        CRC32 crc = new CRC32();
        crc.update((purpose + ":" + msisdn).getBytes(StandardCharsets.UTF_8));
        return new SplittableRandom(properties.getSeed() * 0x9E3779B97F4A7C15L ^ crc.getValue()).nextDouble();
    }

    private static long percent(double share) {
        return Math.round(share * 100);
    }

    /** Stops answering: nothing more is sent after the context closes; orders not yet in a file are dropped. */
    @Override
    public synchronized void destroy() throws InterruptedException {
        if (timer == null) {
            return;
        }
        timer.shutdownNow();
        timer.awaitTermination(5, TimeUnit.SECONDS);
        peers.peer(SmscSimulator.class).ifPresent(s -> s.onAccepted(null));
        for (PeerSimulator p : peers.simulators()) {
            if (p instanceof HttpPeerSimulator h) {
                h.onAccepted(null);
            }
        }
        LOG.info("sandbox: the simulated customers stopped after {}", counts());
        timer = null;
    }
}
