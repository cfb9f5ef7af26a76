package com.carrier.hub.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox as ./hub runs it (the packaged jar, sandbox profile): it listens on loopback only — the hub, every peer
 * simulator, the in-JVM Kafka broker and the embedded PostgreSQL — and keeps its database under its working folder,
 * so a campaign survives a restart, a {@code kill -9} included, unless it is started fresh ({@code ./hub --fresh}).
 */
class SandboxRestartPackagedIT {

    private static final String CAMPAIGN = """
            {"id":"RESTART-1","name":"重启后还在","type":"PROMOTION","productId":"P5G129","channels":["SMS"],
             "templates":{"SMS":{"text":"尊敬的${name}，回复Y办理"}},"sourceAddress":"10658001",
             "start":"2026-11-23T08:00:00+08:00","end":"2026-12-23T08:00:00+08:00",
             "targets":[{"metric":"ORDERED","value":100}]}
            """;

    private static final String DEMO_LIST_DROPPED = "dropped the demo campaign's target list";

    @TempDir
    Path work;

    @Test
    void sandboxListensOnLoopbackOnlyAndKeepsItsCampaignsAcrossRestartsUnlessStartedFresh() throws Exception {
        Files.createDirectories(work.resolve("plugins"));
        List<String> args = List.of("--spring.profiles.active=sandbox",
                "--hub.routes.dir=" + Path.of("../../routes").toAbsolutePath().normalize(),
                // as ./hub: the simulated customers and their demo campaign, which a restart must not create twice
                "--hub.sandbox.customers.enabled=true");
        try (PackagedHub hub = new PackagedHub(work, args)) {
            hub.start(Duration.ofSeconds(180));
            // pg_ctl starts the PostgreSQL server detached from the hub's JVM: its pid is in the data folder
            long postgres = Long.parseLong(Files.readAllLines(work.resolve("var/sandbox-db/postmaster.pid")).get(0).trim());
            List<String> listening = listeningSockets(List.of(hub.pid(), postgres));
            // the hub, the SMSC, three SFTP servers, the HTTP peers, the Kafka broker, PostgreSQL
            assertThat(listening).as("listening sockets of the sandbox and its PostgreSQL").hasSizeGreaterThanOrEqualTo(8);
            assertThat(listening).as("every sandbox port is bound to loopback").allMatch(s -> s.startsWith("loopback "));

            HttpResponse<String> created = hub.send("POST", "/api/campaigns", "admin:admin", "application/json", CAMPAIGN);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            // the demo's list taken by the hub (a list still on the warehouse's server when the hub dies is dropped again)
            await().atMost(Duration.ofSeconds(90)).until(() -> Files.readString(hub.log()).contains(DEMO_LIST_DROPPED)
                    && Pattern.compile("\"targeted\":[1-9]").matcher(hub.get("/api/campaigns/SANDBOX-DEMO", "admin:admin")).find());

            // kill -9 leaves the embedded PostgreSQL running on the folder: the next start stops it and carries on
            hub.kill();
            hub.start(Duration.ofSeconds(180));
            assertThat(hub.get("/api/campaigns/RESTART-1", "admin:admin")).contains("重启后还在");
            // the demo campaign of the first start is found again: no second campaign, no second target list
            assertThat(hub.get("/api/campaigns/SANDBOX-DEMO", "admin:admin")).contains("\"status\":\"RUNNING\"");
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> Files.readString(hub.log()).contains("demo campaign SANDBOX-DEMO is RUNNING"));
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10))
                    .until(() -> !Files.readString(hub.log()).contains(DEMO_LIST_DROPPED));
            assertThat(Files.readString(hub.log())).doesNotContain(" ERROR ");
            hub.stop();
            assertThat(work.resolve("var/sandbox-db/PG_VERSION")).as("the database lives under the working folder").exists();
        }
        List<String> fresh = new ArrayList<>(args);
        fresh.add("--hub.database.fresh=true");
        try (PackagedHub hub = new PackagedHub(work, fresh)) {
            hub.start(Duration.ofSeconds(180));
            assertThat(hub.send("GET", "/api/campaigns/RESTART-1", "admin:admin", null, null).statusCode()).isEqualTo(404);
            assertThat(hub.get("/api/campaigns", "admin:admin")).doesNotContain("RESTART-1");
        }
    }

    /**
     * The TCP sockets in LISTEN state that the processes and their children hold, each as
     * "loopback host:port" or "OPEN host:port", from /proc: the bound address of every server socket, whoever opened it.
     */
    private static List<String> listeningSockets(List<Long> processes) throws IOException {
        Set<String> inodes = new HashSet<>();
        List<Long> pids = new ArrayList<>(processes);
        for (long pid : processes) {
            ProcessHandle.of(pid).orElseThrow().descendants().forEach(p -> pids.add(p.pid()));
        }
        for (long p : pids) {
            try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(p), "fd"))) {
                for (Path fd : fds.toList()) {
                    try {
                        String target = Files.readSymbolicLink(fd).toString();
                        if (target.startsWith("socket:[")) {
                            inodes.add(target.substring("socket:[".length(), target.length() - 1));
                        }
                    } catch (IOException closedMeanwhile) {
                        // a descriptor closed while we listed them
                    }
                }
            }
        }
        List<String> listening = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : Files.readAllLines(Path.of(table))) {
                String[] f = line.trim().split("\\s+");
                // the header line, and sockets not in LISTEN (0A) or not the sandbox's
                if (f.length < 10 || !"0A".equals(f[3]) || !inodes.contains(f[9])) {
                    continue;
                }
                String[] hostPort = f[1].split(":");
                InetAddress address = InetAddress.getByAddress(procAddress(hostPort[0]));
                listening.add((address.isLoopbackAddress() ? "loopback " : "OPEN ") + address.getHostAddress() + ":"
                        + Integer.parseInt(hostPort[1], 16));
            }
        }
        return listening;
    }

    /** /proc/net/tcp* write an address as 32-bit words in host (little-endian) order. */
    private static byte[] procAddress(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                int at = (word * 4 + (3 - i)) * 2;
                bytes[word * 4 + i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        return bytes;
    }
}
