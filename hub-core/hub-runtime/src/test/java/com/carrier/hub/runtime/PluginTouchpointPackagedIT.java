package com.carrier.hub.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.AliasFor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import com.carrier.hub.api.touchpoint.Touchpoint;
import com.carrier.hub.connector.sms.SmsTouchpoint;
import com.carrier.hub.simulators.EmbeddedDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A touchpoint built outside the hub's modules — a province's shop kiosks, compiled here against hub-api and Spring
 * Boot only, jarred with its auto-configuration imports file and dropped into plugins/ — runs a campaign on the
 * packaged hub like a shipped one: listed with its health at GET /api/touchpoints, the contact policy's exclusions
 * and control group kept away from it, every treatment customer shown the offer exactly once by the kiosk display
 * service (a test HTTP server that records what it showed) through a kill -9 in the middle of a slice, and the taps
 * the plug-in reads back stored through the hub's ResponseEventSink, attributed to the campaign and evaluated.
 * A plug-in whose touchpoint takes the id of a shipped one stops the hub's start, naming both classes.
 *
 * <p>The plug-in's sources are in src/test/resources/plugins/: the model of a touchpoint plug-in.
 */
class PluginTouchpointPackagedIT {

    private static final String OPS = "ops:ops-pw";
    private static final String CAMPAIGN = "KIOSK-1";
    private static final int CUSTOMERS = 200;
    private static final int SLICE = 10;
    /** The display service records the fifth slice it is sent and holds its answer: the hub is killed meanwhile. */
    private static final int HELD_BATCH = 5;

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private final KioskScreens kiosk = new KioskScreens();
    private PackagedHub hub;

    PluginTouchpointPackagedIT() throws IOException {
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (hub != null) {
            hub.kill();
        }
        kiosk.close();
    }

    @Test
    void aKioskTouchpointFromAPluginJarRunsACampaignOnceForEveryTreatmentCustomerThroughAKillAndItsTapsAreEvaluated()
            throws Exception {
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        buildPlugin("kiosk", plugins.resolve("acme-kiosk-touchpoint.jar"), "com.acme.kiosk.KioskAutoConfiguration");
        kiosk.holdBatch(HELD_BATCH);
        EmbeddedDatabase.Database db = EmbeddedDatabase.create("plugintp");
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(db.url(), db.username(), db.password()));
        hub = new PackagedHub(work, hubArgs(db, "--hub.connectors.sms.enabled=false",
                "--hub.connectors.kiosk.url=" + kiosk.url(), "--hub.connectors.kiosk.slice-size=" + SLICE,
                "--hub.connectors.kiosk.poll-interval=300ms", "--hub.connectors.kiosk.timeout=60s",
                "--hub.campaigns.channel-order.3=KIOSK", "--hub.ledger.interval=1s"));
        hub.start(Duration.ofSeconds(120));

        JsonNode touchpoint = touchpoint("KIOSK");
        assertThat(touchpoint.path("idempotent").asBoolean()).isFalse();
        assertThat(touchpoint.path("quietHours").asBoolean()).isFalse();
        assertThat(touchpoint.path("sliceSize").asInt()).isEqualTo(SLICE);
        assertThat(touchpoint.path("templateFields").findValuesAsText("name")).containsExactly("headline", "link");
        assertThat(touchpoint.path("responseTypes").toString()).isEqualTo("[\"CLICKED\"]");
        assertThat(touchpoint.path("connector").asText()).isEqualTo("kiosk");
        assertThat(touchpoint.at("/health/status").asText()).as("%s", touchpoint).isEqualTo("UP");
        assertThat(touchpoint.at("/health/details/screensOnline").asText()).isEqualTo(KioskScreens.ONLINE);

        // customers of class 3, whose channel order is [KIOSK]; the policy keeps some away from the kiosks
        List<String> customers = customers(jdbc);
        List<String> blacklisted = customers.subList(0, 3);
        List<String> holders = customers.subList(3, 6);
        List<String> optedOut = customers.subList(6, 8);
        for (String m : blacklisted) {
            ok(hub.send("PUT", "/api/contact-policy/blacklist/" + m, OPS, "application/json", "{\"reason\":\"complaint\"}"));
        }
        for (String m : holders) {
            jdbc.update("INSERT INTO holding (msisdn, product_id) VALUES (?, 'P5G129')", m);
        }
        for (String m : optedOut) {
            ok(hub.send("PUT", "/api/contact-policy/optouts/" + m, OPS, "application/json", "{\"channels\":[\"KIOSK\"]}"));
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(8));
        ok(hub.send("POST", "/api/campaigns", OPS, "application/json", """
                {"id":"%s","name":"5G kiosk","type":"PROMOTION","productId":"P5G129","channels":["KIOSK"],
                 "templates":{"KIOSK":{"headline":"${name}，5G套餐升级","link":"https://shop.10086.cn/5g"}},
                 "start":"%s","end":"%s","quietHours":{"start":"00:00","end":"00:00"},"controlPercent":20}"""
                .formatted(CAMPAIGN, now.minusMinutes(1), now.plusDays(1))));
        HttpResponse<String> landed = hub.send("POST", "/api/campaigns/" + CAMPAIGN + "/targets?listId=L1", OPS, "text/plain",
                customers.stream().map(m -> m + "|S1||||\n").collect(Collectors.joining()));
        ok(landed);
        JsonNode byOutcome = JSON.readTree(landed.body()).path("byOutcome");
        assertThat(byOutcome.path("BLACKLIST").asLong()).as("%s", byOutcome).isEqualTo(3);
        assertThat(byOutcome.path("HOLDS_PRODUCT").asLong()).as("%s", byOutcome).isEqualTo(3);
        assertThat(byOutcome.path("CHANNEL_OPTOUT").asLong()).as("%s", byOutcome).isEqualTo(2);
        ok(hub.send("POST", "/api/campaigns/" + CAMPAIGN + "/schedule", OPS, null, null));
        // a treatment customer opts out of the kiosks after the policy ran: honoured when the contact is claimed
        String lateOptOut = jdbc.queryForObject("SELECT min(msisdn) FROM campaign_contact WHERE campaign_id = ? AND status = 'PENDING'",
                String.class, CAMPAIGN);
        ok(hub.send("PUT", "/api/contact-policy/optouts/" + lateOptOut, OPS, "application/json", "{\"channels\":[\"KIOSK\"]}"));
        ok(hub.send("POST", "/api/campaigns/" + CAMPAIGN + "/start", OPS, null, null));

        // kill -9 while the display service holds the answer to a slice it has shown
        assertThat(kiosk.held.await(90, TimeUnit.SECONDS)).as("the display service was sent its fifth slice").isTrue();
        hub.kill();
        Set<String> caught = Set.copyOf(jdbc.queryForList(
                "SELECT msisdn FROM campaign_contact WHERE campaign_id = ? AND status = 'SUBMITTING'", String.class, CAMPAIGN));
        assertThat(caught).as("the slice in the display service's hands is SUBMITTING").isEqualTo(Set.copyOf(kiosk.heldSlice))
                .hasSize(SLICE);
        kiosk.release();

        hub.start(Duration.ofSeconds(120));
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(progress().path("pending").asLong()).isZero());

        Map<String, Set<String>> byStatus = new TreeMap<>();
        jdbc.query("SELECT status, msisdn FROM campaign_contact WHERE campaign_id = ?",
                rs -> {
                    byStatus.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getString(2));
                }, CAMPAIGN);
        Set<String> sent = byStatus.getOrDefault("SENT", Set.of());
        Set<String> unknown = byStatus.getOrDefault("OUTCOME_UNKNOWN", Set.of());
        Set<String> control = byStatus.getOrDefault("CONTROL", Set.of());
        Set<String> excluded = byStatus.getOrDefault("EXCLUDED", Set.of());
        assertThat(byStatus.keySet()).as("every contact settled").containsOnly("SENT", "OUTCOME_UNKNOWN", "CONTROL", "EXCLUDED");
        assertThat(unknown).as("the slice a kill caught SUBMITTING ends OUTCOME_UNKNOWN, not sent again").isEqualTo(caught);
        assertThat(jdbc.queryForList("SELECT DISTINCT reason FROM campaign_contact WHERE campaign_id = ? AND status = 'OUTCOME_UNKNOWN'",
                String.class, CAMPAIGN)).containsExactly("INTERRUPTED");
        Set<String> expectedExcluded = new HashSet<>(blacklisted);
        expectedExcluded.addAll(holders);
        expectedExcluded.addAll(optedOut);
        expectedExcluded.add(lateOptOut);
        assertThat(excluded).isEqualTo(expectedExcluded);
        assertThat(jdbc.queryForObject("SELECT reason FROM campaign_contact WHERE campaign_id = ? AND msisdn = ?", String.class,
                CAMPAIGN, lateOptOut)).isEqualTo("CHANNEL_OPTOUT");
        assertThat(control).as("a control group was kept").hasSizeBetween(15, 60);

        // what the display service itself showed: every treatment customer once, nobody else
        Map<String, List<String>> shown = kiosk.shown();
        assertThat(shown.entrySet().stream().filter(e -> e.getValue().size() != 1).map(Map.Entry::getKey).toList())
                .as("customers shown the offer twice").isEmpty();
        Set<String> treatment = new HashSet<>(sent);
        treatment.addAll(unknown);
        assertThat(shown.keySet()).as("shown = SENT + OUTCOME_UNKNOWN").isEqualTo(treatment);
        assertThat(shown.size()).isEqualTo(sent.size() + unknown.size())
                .isEqualTo(CUSTOMERS - excluded.size() - control.size());
        assertThat(shown.keySet()).doesNotContainAnyElementsOf(excluded).doesNotContainAnyElementsOf(control);
        assertThat(shown.values().stream().map(v -> v.get(0)).toList())
                .allMatch(s -> s.equals(CAMPAIGN + "|客户，5G套餐升级|https://shop.10086.cn/5g"), "rendered for the campaign");

        JsonNode progress = progress();
        assertThat(progress.path("reconciled").asBoolean()).as("%s", progress).isTrue();
        assertThat(progress.path("contacted").asLong()).isEqualTo(sent.size());
        assertThat(progress.path("outcomeUnknown").asLong()).isEqualTo(unknown.size());
        assertThat(progress.path("control").asLong()).isEqualTo(control.size());

        // customers tap the offer on the screens; the service reports every tap twice, the store keeps it once
        List<String> tapped = treatment.stream().sorted().filter(m -> Math.floorMod(m.hashCode(), 4) == 0).toList();
        assertThat(tapped).isNotEmpty();
        tapped.forEach(m -> kiosk.tap(CAMPAIGN, m));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(jdbc.queryForList("""
                        SELECT a.outcome || ' ' || a.campaign_id || ' ' || a.channel FROM response_attribution a
                          JOIN response_event e ON e.id = a.event_id WHERE e.source = 'kiosk'""", String.class))
                        .hasSize(tapped.size()).containsOnly("ATTRIBUTED " + CAMPAIGN + " KIOSK"));
        assertThat(jdbc.queryForList("SELECT msisdn FROM response_event WHERE source = 'kiosk' AND type = 'CLICKED'", String.class))
                .as("each tap stored once").containsExactlyInAnyOrderElementsOf(tapped);

        JsonNode evaluation = JSON.readTree(hub.get("/api/campaigns/" + CAMPAIGN + "/evaluation", OPS));
        JsonNode total = evaluation.path("total");
        assertThat(total.path("responded").asLong()).as("%s", evaluation).isEqualTo(tapped.size());
        assertThat(total.path("treatment").asLong()).isEqualTo(treatment.size());
        assertThat(total.path("control").asLong()).isEqualTo(control.size());
        assertThat(total.path("sent").asLong()).isEqualTo(sent.size());
        assertThat(total.path("outcomeUnknown").asLong()).isEqualTo(unknown.size());
        assertThat(total.path("excluded").asLong()).isEqualTo(excluded.size());
        assertThat(evaluation.path("breakdown")).anyMatch(r -> r.path("channel").asText().equals("KIOSK")
                && r.path("responded").asLong() == tapped.size());
        assertThat(Files.readString(hub.log())).doesNotContain(" ERROR ");
    }

    @Test
    void aPluginTouchpointTakingTheIdOfAShippedOneStopsTheStartNamingBothClasses() throws Exception {
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        buildPlugin("sms-clash", plugins.resolve("acme-sms-touchpoint.jar"), "com.acme.sms.ProvinceSmsAutoConfiguration");
        EmbeddedDatabase.Database db = EmbeddedDatabase.create("plugintpclash");
        // the shipped SMS touchpoint is registered whether or not its SMSC answers
        hub = new PackagedHub(work, hubArgs(db, "--hub.connectors.sms.host=127.0.0.1", "--hub.connectors.sms.port=9",
                "--hub.connectors.sms.system-id=hub", "--hub.connectors.sms.password=pw"));
        int exit = hub.startRefused(Duration.ofSeconds(120));

        String log = Files.readString(hub.log());
        assertThat(exit).as("exit status; see %s", hub.log()).isNotZero();
        assertThat(log).contains("APPLICATION FAILED TO START", "two touchpoints have the id SMS",
                        "com.acme.sms.ProvinceSmsTouchpoint (acme-sms-touchpoint.jar)",
                        SmsTouchpoint.class.getName() + " (hub-connector-sms-", "hub.connectors.sms.enabled=false")
                .as("no stack trace").doesNotContain("\tat org.springframework")
                .doesNotContain("Started HubApplication");
    }

    /**
     * A hub on this database with only the connectors the test names and of the routes only the campaign dispatch (its
     * rounds every 200 ms) and the ledger's round, and one slice in flight (so the slice the display service holds is
     * the only one a kill can catch SUBMITTING).
     */
    private List<String> hubArgs(EmbeddedDatabase.Database db, String... more) throws IOException {
        Path routes = Files.createDirectories(work.resolve("routes"));
        for (String file : List.of("campaign-dispatch.yaml", "responses-to-ledger.yaml")) {
            Files.copy(Path.of("../../routes", file), routes.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=" + db.url(), "--spring.datasource.username=" + db.username(),
                "--spring.datasource.password=" + db.password(),
                "--hub.security.users.ops.password=ops-pw", "--hub.security.users.ops.roles=OPERATOR",
                "--hub.connectors.kafka.enabled=false", "--hub.connectors.portal.enabled=false",
                "--hub.connectors.mmstore.enabled=false", "--hub.instance.id=plugin-node",
                "--hub.routes.dir=" + routes, "--hub.campaigns.dispatch.interval=200ms",
                "--hub.campaigns.dispatch.slices-in-flight=1"));
        args.addAll(List.of(more));
        return args;
    }

    private static List<String> customers(JdbcTemplate jdbc) {
        List<String> msisdns = new ArrayList<>();
        for (int i = 0; i < CUSTOMERS; i++) {
            String msisdn = "1390591" + String.format("%04d", i);
            jdbc.update("INSERT INTO customer (msisdn, cust_id, cust_name, brand, city_code, status, customer_class, update_time)"
                    + " VALUES (?, ?, '客户', 'GOTONE', '591', 1, 3, now())", msisdn, "C" + msisdn);
            msisdns.add(msisdn);
        }
        return msisdns;
    }

    private JsonNode touchpoint(String id) throws Exception {
        for (JsonNode t : JSON.readTree(hub.get("/api/touchpoints", OPS))) {
            if (t.path("id").asText().equals(id)) {
                return t;
            }
        }
        throw new AssertionError("GET /api/touchpoints does not list " + id);
    }

    private JsonNode progress() throws Exception {
        return JSON.readTree(hub.get("/api/campaigns/" + CAMPAIGN, OPS)).path("progress");
    }

    private static void ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
    }

    /**
     * Compiles the plug-in's sources under src/test/resources/plugins/{name} as a province would, against hub-api and
     * the Spring Boot jars only — never the hub runtime or a shipped connector — and jars them with the
     * auto-configuration imports file that names {@code autoConfiguration}.
     */
    private void buildPlugin(String name, Path jar, String autoConfiguration) throws IOException, URISyntaxException {
        Path src = Path.of("src/test/resources/plugins", name).toAbsolutePath();
        List<String> sources;
        try (Stream<Path> files = Files.walk(src)) {
            sources = files.filter(f -> f.toString().endsWith(".java")).map(Path::toString).toList();
        }
        List<String> classpath = new ArrayList<>();
        // hub-api, spring-boot-autoconfigure, spring-boot, spring-context, spring-core, jakarta.validation, slf4j
        for (Class<?> c : List.of(Touchpoint.class, AutoConfiguration.class, ConfigurationProperties.class, Bean.class,
                AliasFor.class, jakarta.validation.constraints.NotNull.class, org.slf4j.Logger.class)) {
            String where = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            if (!classpath.contains(where)) {
                classpath.add(where);
            }
        }
        assertThat(classpath).as("a plug-in depends on the API only").noneMatch(p -> p.contains("hub-runtime") || p.contains("connector"));
        Path classes = Files.createDirectories(work.resolve("plugin-classes-" + name));
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> javacArgs = new ArrayList<>(List.of("-d", classes.toString(), "-encoding", "UTF-8", "-proc:none",
                "-cp", String.join(File.pathSeparator, classpath)));
        javacArgs.addAll(sources);
        int rc = javac.run(null, null, diagnostics, javacArgs.toArray(String[]::new));
        assertThat(rc).as("plug-in %s compiles: %s", name, diagnostics.toString(StandardCharsets.UTF_8)).isZero();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports"));
            out.write((autoConfiguration + "\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
    }

    /**
     * The shops' kiosk display service as the plug-in sees it ({@code POST /screens}, {@code GET /taps},
     * {@code GET /health}), recording every offer it showed. It can hold its answer to one slice — shown, but the
     * answer not yet sent — as a peer does whose answer a crash of the hub loses.
     */
    static final class KioskScreens implements AutoCloseable {

        static final String ONLINE = "12";

        private final ExecutorService threads = Executors.newCachedThreadPool();
        private final HttpServer server;
        private final Map<String, List<String>> shown = new ConcurrentHashMap<>();
        private final AtomicInteger batches = new AtomicInteger();
        private final AtomicInteger tapIds = new AtomicInteger();
        private final List<String> taps = new CopyOnWriteArrayList<>();
        private final CountDownLatch held = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);
        private volatile int holdBatch = -1;
        private volatile List<String> heldSlice = List.of();

        KioskScreens() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(threads);
            server.createContext("/screens", this::screens);
            server.createContext("/taps", this::taps);
            server.createContext("/health", ex -> answer(ex, ONLINE));
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        /** The {@code n}th slice is shown and its answer held until {@link #release()}. */
        void holdBatch(int n) {
            holdBatch = n;
        }

        void release() {
            release.countDown();
        }

        /** What was shown to each customer, as {@code campaign|headline|link}, in order. */
        Map<String, List<String>> shown() {
            return Map.copyOf(shown);
        }

        /** The customer taps the offer of the campaign; the service reports the tap twice, under one tap id. */
        synchronized void tap(String campaignId, String msisdn) {
            String tapId = "T" + tapIds.incrementAndGet();
            long at = System.currentTimeMillis();
            for (int i = 0; i < 2; i++) {
                taps.add((taps.size() + 1) + "\t" + tapId + "\t" + campaignId + "\t" + msisdn + "\t" + at);
            }
        }

        private void screens(HttpExchange ex) throws IOException {
            String campaign = ex.getRequestHeaders().getFirst("X-Campaign");
            List<String> slice = new ArrayList<>();
            StringBuilder answer = new StringBuilder();
            for (String line : new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String[] f = line.split("\t", -1);
                shown.computeIfAbsent(f[0], k -> new CopyOnWriteArrayList<>()).add(campaign + "|" + f[1] + "|" + f[2]);
                slice.add(f[0]);
                answer.append(f[0]).append("\tSHOWN\n");
            }
            if (batches.incrementAndGet() == holdBatch) {
                heldSlice = List.copyOf(slice);
                held.countDown();
                try {
                    release.await(5, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            try {
                answer(ex, answer.toString());
            } catch (IOException hubGone) {
                // the hub that sent the held slice was killed
            }
        }

        private void taps(HttpExchange ex) throws IOException {
            String query = ex.getRequestURI().getQuery();
            long from = query != null && query.startsWith("from=") ? Long.parseLong(query.substring(5)) : 1;
            StringBuilder body = new StringBuilder();
            for (String t : taps) {
                if (Long.parseLong(t.substring(0, t.indexOf('\t'))) >= from) {
                    body.append(t).append('\n');
                }
            }
            answer(ex, body.toString());
        }

        private static void answer(HttpExchange ex, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/plain; charset=UTF-8");
            ex.sendResponseHeaders(200, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                ex.getResponseBody().write(bytes);
            }
            ex.close();
        }

        @Override
        public void close() {
            release.countDown();
            server.stop(0);
            threads.shutdownNow();
        }
    }
}
