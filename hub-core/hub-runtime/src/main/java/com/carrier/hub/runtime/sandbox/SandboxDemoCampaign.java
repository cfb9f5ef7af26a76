package com.carrier.hub.runtime.sandbox;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

import com.carrier.hub.api.FieldError;
import com.carrier.hub.api.HubTime;
import com.carrier.hub.api.Msisdn;
import com.carrier.hub.runtime.campaign.Campaign;
import com.carrier.hub.runtime.campaign.CampaignDefinition;
import com.carrier.hub.runtime.campaign.CampaignProgress;
import com.carrier.hub.runtime.campaign.CampaignRepository;
import com.carrier.hub.runtime.campaign.CampaignService;
import com.carrier.hub.runtime.campaign.CampaignStatus;
import com.carrier.hub.runtime.web.InvalidRequest;
import com.carrier.hub.simulators.files.FeedFiles;
import com.carrier.hub.simulators.files.GeneratedFile;
import com.carrier.hub.simulators.sftp.WarehouseSftpSimulator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Sandbox only: on the first start the sandbox runs one list campaign end to end, {@value #ID}, so a newcomer sees the
 * loop close within a few minutes: a video data pack (product {@value #PRODUCT}) offered by SMS and on the portal,
 * with a {@code hub.sandbox.customers.demo-control-percent} control group and no quiet hours (it runs at any hour;
 * the shipped default of 21:00–08:00 is untouched). It is created through {@link CampaignService} like any campaign,
 * scheduled and started; once the customer index has customers (the BOSS day of {@link SandboxBossDay}), the
 * warehouse drops its target list — {@code hub.sandbox.customers.demo-targets} customers of the index — as
 * {@code TGT_SANDBOX-DEMO_<day>_0001.dat} on its SFTP server (PEERS §2.1), which route
 * {@code warehouse-target-list-to-hub} takes. The customers of {@link SandboxCustomers} answer the contacts; once the
 * list is decided and its contacts are out, the customers of the list who were not contacted (the control group, the
 * excluded) order at their base rate. Its evaluation at {@code GET /api/campaigns/SANDBOX-DEMO/evaluation} then shows
 * the lift with its interval.
 * <p>
 * A campaign of that id that exists already is left as it is (paused, completed or changed by the sandbox's user),
 * only moved on to RUNNING when an earlier start left it DRAFT or SCHEDULED, and its list is dropped only while it has
 * none: a restart creates no second campaign and no second list. Off with the customers
 * ({@code hub.sandbox.customers.enabled=false}).
 */
@Component
@Profile("sandbox")
public class SandboxDemoCampaign {

    /** The campaign's id. */
    public static final String ID = "SANDBOX-DEMO";
    /** The product it offers (the sandbox's catalog: 视频会员定向流量). */
    public static final String PRODUCT = "A20002";

    private static final String LIST = "/dw/out/target";
    private static final Duration LOOK_EVERY = Duration.ofSeconds(1);
    /** The base-rate orders start at the latest this long after the list was dropped, contacts out or not. */
    private static final Duration CONTACTS_OUT_AT_THE_LATEST = Duration.ofMinutes(5);
    private static final Charset GBK = Charset.forName("GBK");
    private static final Logger LOG = LoggerFactory.getLogger(SandboxDemoCampaign.class);
    private static final String CUSTOMERS = "SELECT msisdn, customer_class FROM customer WHERE NOT deleted AND status = 1"
            + " ORDER BY msisdn LIMIT ?";

    private final SandboxCustomersProperties properties;
    private final SandboxPeers peers;
    private final SandboxCustomers customers;
    private final CampaignService campaigns;
    private final CampaignRepository repository;
    private final CampaignProgress progress;
    private final JdbcTemplate jdbc;
    private final TaskScheduler scheduler;
    private final ObjectMapper json;

    public SandboxDemoCampaign(SandboxCustomersProperties properties, SandboxPeers peers, SandboxCustomers customers,
                               CampaignService campaigns, CampaignRepository repository, CampaignProgress progress,
                               JdbcTemplate jdbc, TaskScheduler scheduler, ObjectMapper json) {
        this.properties = properties;
        this.peers = peers;
        this.customers = customers;
        this.campaigns = campaigns;
        this.repository = repository;
        this.progress = progress;
        this.jdbc = jdbc;
        this.scheduler = scheduler;
        this.json = json;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void run() {
        if (!properties.isEnabled()) {
            return;
        }
        Campaign campaign = SandboxCampaigns.running(campaigns, repository, ID,
                () -> definition(OffsetDateTime.now(HubTime.ZONE).truncatedTo(ChronoUnit.SECONDS)), "demo campaign");
        if (campaign == null) {
            return;
        }
        LOG.info("sandbox: demo campaign {} is {}: see GET /api/campaigns/{} and /api/campaigns/{}/evaluation",
                ID, campaign.status(), ID, ID);
        if (campaign.status() == CampaignStatus.RUNNING && !hasList()) {
            dropListOnceCustomersAreIndexed();
        }
    }

    private boolean hasList() {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM campaign_list WHERE campaign_id = ?)", Boolean.class, ID));
    }

    /** Looks every second for the index's customers, then drops the list and waits for its contacts to go out. */
    private void dropListOnceCustomersAreIndexed() {
        ListWatch watch = new ListWatch();
        watch.task = scheduler.scheduleWithFixedDelay(watch, LOOK_EVERY);
    }

    /** The demo list's course, looked at every second until its base-rate orders are set: one at a time. */
    private final class ListWatch implements Runnable {
        private volatile ScheduledFuture<?> task;
        private volatile boolean done;
        private List<String> dropped;
        private long droppedAt;

        @Override
        public synchronized void run() {
            if (done) {
                stop();
                return;
            }
            try {
                if (dropped == null) {
                    dropped = dropList();
                    droppedAt = System.nanoTime();
                } else if (contactsOut() || System.nanoTime() - droppedAt > CONTACTS_OUT_AT_THE_LATEST.toNanos()) {
                    int n = customers.mayOrderUncontacted(dropped, PRODUCT);
                    LOG.info("sandbox: demo campaign {} has sent its contacts; {} customers of its list not contacted"
                            + " will order all the same", ID, n);
                    done = true;
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("sandbox: the demo campaign {} is stuck: {}", ID, Msisdn.maskAll(e.toString()));
                done = true;
            }
            if (done) {
                stop();
            }
        }

        private void stop() {
            ScheduledFuture<?> t = task;
            if (t != null) {
                t.cancel(false);
            }
        }
    }

    /** Drops the target list once the index has customers; answers its MSISDNs, or null while there are none. */
    private List<String> dropList() throws IOException {
        WarehouseSftpSimulator warehouse = peers.peer(WarehouseSftpSimulator.class).filter(WarehouseSftpSimulator::isRunning)
                .orElseThrow(() -> new IllegalStateException("the warehouse's SFTP simulator is not running"));
        List<String[]> rows = jdbc.query(CUSTOMERS, (rs, i) -> new String[] {rs.getString(1), rs.getString(2)},
                properties.getDemoTargets());
        if (rows.isEmpty()) {
            return null;
        }
        String day = LocalDate.now(HubTime.ZONE).format(DateTimeFormatter.BASIC_ISO_DATE);
        // msisdn|segment|score|attr1|attr2|attr3: the segment is the customer class, attr1 the price in yuan
        List<String> lines = rows.stream().map(r -> r[0] + "|C" + (r[1] == null ? "5" : r[1]) + "||20||").toList();
        Path aside = Files.createTempDirectory("sandbox-demo-");
        GeneratedFile f = FeedFiles.write(aside, "TGT_" + ID + "_" + day + "_0001.dat", GBK, lines);
        Path to = warehouse.local(LIST);
        Files.move(f.data(), to.resolve(f.data().getFileName()));
        Files.move(f.control(), to.resolve(f.control().getFileName()));
        Files.deleteIfExists(aside);
        LOG.info("sandbox: the warehouse dropped the demo campaign's target list {} ({} customers)",
                f.data().getFileName(), lines.size());
        return rows.stream().map(r -> r[0]).toList();
    }

    /** Whether the list is decided and none of its contacts waits to be sent. */
    private boolean contactsOut() {
        CampaignProgress.Progress p = progress.of(ID);
        return p.targeted() > 0 && p.deciding() == 0 && p.pending() == 0 && hasList();
    }

    /** The campaign as a user would POST it, running from now for thirty days. */
    CampaignDefinition definition(OffsetDateTime now) {
        ObjectNode d = json.createObjectNode()
                .put("id", ID)
                .put("name", "视频会员定向流量包（演示活动）")
                .put("type", "PROMOTION")
                .put("productId", PRODUCT)
                .put("sourceAddress", "10658001")
                .put("controlPercent", properties.getDemoControlPercent())
                .put("autoOrder", false)
                .put("start", now.toString())
                .put("end", now.plusDays(30).toString());
        d.putArray("channels").add("SMS").add("PORTAL");
        ObjectNode templates = d.putObject("templates");
        templates.putObject("SMS")
                .put("text", "尊敬的${name}，视频会员定向流量包${attr1}元/月，追剧不耗通用流量，回复Y办理，回复TD退订");
        templates.putObject("PORTAL")
                .put("title", "${name}，视频会员定向流量包")
                .put("body", "每月${attr1}元，热门视频应用免流")
                .put("url", "https://portal.example/offers/A20002");
        d.putArray("acceptKeywords").add("Y");
        d.putArray("targets").addObject().put("metric", "ORDERED").put("value", 200);
        // none: the demo shows the loop close at any hour (by default SMS waits from 21:00 to 08:00)
        d.putObject("quietHours").put("start", "00:00").put("end", "00:00");
        try {
            return json.treeToValue(d, CampaignDefinition.class);
        } catch (JsonProcessingException e) {
            throw new InvalidRequest("the sandbox's campaign " + ID + " does not fit a campaign definition",
                    List.of(new FieldError("(definition)", e.getOriginalMessage())));
        }
    }
}
