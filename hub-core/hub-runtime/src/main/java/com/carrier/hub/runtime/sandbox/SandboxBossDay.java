package com.carrier.hub.runtime.sandbox;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import com.carrier.hub.api.HubTime;
import com.carrier.hub.runtime.managers.ManagerAssignments;
import com.carrier.hub.simulators.PeerSimulator;
import com.carrier.hub.simulators.files.CustomerDeltaGenerator;
import com.carrier.hub.simulators.files.FeedFiles;
import com.carrier.hub.simulators.files.GeneratedFile;
import com.carrier.hub.simulators.sftp.SftpSimulator;

/**
 * Sandbox only: once the hub is up, drops a generated day of BOSS files on the BOSS SFTP simulator — a customer
 * delta of 3,000 customers (Chinese names in GBK, three bad MSISDNs that end in the reject file), the product
 * catalog with exclusive groups, subscriptions and orders of some of those customers — so a newcomer sees files
 * flow, land in done/ and reconcile at GET /api/files. While the hub has no account managers yet, the high-value
 * customers (class 1) of that delta are assigned to three, so the MANAGER touchpoint has work orders to show.
 */
@Component
@Profile("sandbox")
public class SandboxBossDay {

    private final SandboxPeers peers;
    private final ManagerAssignments managers;

    public SandboxBossDay(SandboxPeers peers, ManagerAssignments managers) {
        this.peers = peers;
        this.managers = managers;
    }

    private static final String[][] MANAGERS = {{"M001", "王经理"}, {"M002", "李经理"}, {"M003", "张经理"}};

    private static final Logger LOG = LoggerFactory.getLogger(SandboxBossDay.class);
    private static final Charset GBK = Charset.forName("GBK");

    @EventListener(ApplicationReadyEvent.class)
    public void drop() {
        for (PeerSimulator peer : peers.simulators()) {
            if (peer instanceof SftpSimulator sftp && "boss".equals(sftp.connectorId()) && sftp.isRunning()) {
                try {
                    assignManagers(write(sftp));
                } catch (IOException e) {
                    LOG.warn("sandbox: could not drop the day of BOSS files: {}", e.toString());
                }
            }
        }
    }

    /** The first start's account managers: none are replaced, whatever the sandbox's user imported stays. */
    private void assignManagers(List<String> assignment) {
        try {
            if (managers.managers().isEmpty()) {
                ManagerAssignments.ImportResult r = managers.replaceAll(
                        String.join("\n", assignment).getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8, "sandbox");
                LOG.info("sandbox: {} class-1 customers assigned to {} account managers (GET /api/managers)",
                        r.customers(), r.managers());
            }
        } catch (RuntimeException e) {
            LOG.warn("sandbox: could not assign the account managers: {}", e.toString());
        }
    }

    /** Drops the day of files; answers the manager assignment of its class-1 customers (msisdn|manager_id|name). */
    static List<String> write(SftpSimulator boss) throws IOException {
        String day = LocalDate.now(HubTime.ZONE).format(DateTimeFormatter.BASIC_ISO_DATE);
        // Generated aside, then moved in data first and control last, as BOSS does.
        Path aside = Files.createTempDirectory("sandbox-boss-");
        GeneratedFile customers = new CustomerDeltaGenerator().rows(3000).date(day)
                .bad(CustomerDeltaGenerator.BadRow.BAD_MSISDN, 3).write(aside, "CUST_DELTA_" + day + "_0001.dat");
        List<String> msisdns = new ArrayList<>();
        List<String> assignment = new ArrayList<>();
        for (String line : Files.readAllLines(customers.data(), GBK)) {
            String[] f = line.split("\\|", -1);
            String m = f[1];
            boolean valid = m.length() == 11 && m.startsWith("1");
            if (valid && msisdns.size() < 60) {
                msisdns.add(m);
            }
            if (valid && f.length > 11 && "1".equals(f[11]) && !"D".equals(f[0])) {
                String[] manager = MANAGERS[assignment.size() % MANAGERS.length];
                assignment.add(m + "|" + manager[0] + "|" + manager[1]);
            }
        }
        List<String> products = List.of(
                "P10086001|畅享套餐58元|PLAN|5800|1|20250101||MAIN_PLAN",
                "P10086002|畅享套餐88元|PLAN|8800|1|20250101||MAIN_PLAN",
                "P10086003|5G智享套餐128元|PLAN|12800|1|20250101||MAIN_PLAN",
                "A20001|流量加油包10GB|ADDON|3000|1|20250101||",
                "A20002|视频会员定向流量|ADDON|2000|1|20250101|20271231|VIDEO_PACK",
                "A20003|音乐会员定向流量|ADDON|1500|1|20250101|20271231|VIDEO_PACK",
                "V30001|来电提醒|VAS|300|1|20200101||",
                "V30002|彩铃|VAS|500|0|20180101|20251231|",
                "T40001|HUAWEI Mate60 合约机|TERMINAL|599900|1|20250601||",
                "APP0001|移动云盘|APP|0|1|20240101||");
        List<String> subscriptions = new ArrayList<>();
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < msisdns.size(); i++) {
            String m = msisdns.get(i);
            subscriptions.add("A|" + m + "|P1008600" + (1 + i % 3) + "|" + day + "080000|");
            if (i % 3 == 0) {
                subscriptions.add("A|" + m + "|A20002|" + day + "090000|20271231235959");
            }
            if (i % 4 == 0) {
                orders.add("ORD" + day + String.format("%05d", i) + "|" + m + "|A20001|" + (i % 8 == 0 ? "SMS" : "PORTAL")
                        + "|" + day + String.format("%02d", 8 + i % 12) + "3000|1");
            }
        }
        List<GeneratedFile> files = List.of(customers,
                FeedFiles.write(aside, "PROD_FULL_" + day + ".dat", GBK, products),
                FeedFiles.write(aside, "SUBS_DELTA_" + day + "_0001.dat", GBK, subscriptions),
                FeedFiles.write(aside, "ORDER_" + day + "_0001.dat", GBK, orders));
        String[] folders = {"/boss/out/customer", "/boss/out/product", "/boss/out/subscription", "/boss/out/order"};
        for (int i = 0; i < files.size(); i++) {
            GeneratedFile f = files.get(i);
            Path to = boss.local(folders[i]);
            Files.move(f.data(), to.resolve(f.data().getFileName()));
            Files.move(f.control(), to.resolve(f.control().getFileName()));
        }
        Files.deleteIfExists(aside);
        LOG.info("sandbox: dropped a day of BOSS files for {} (3,000 customers, {} products, {} subscriptions, {} orders); "
                + "see GET /api/files", day, products.size(), subscriptions.size(), orders.size());
        return assignment;
    }
}
