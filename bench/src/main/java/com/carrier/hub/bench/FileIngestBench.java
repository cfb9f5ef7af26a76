package com.carrier.hub.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import com.carrier.hub.batchfile.camel.LeasedClaims;
import com.carrier.hub.batchfile.camel.PublishedSettings;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.LoggerFactory;
import org.springframework.util.FileSystemUtils;

import com.carrier.hub.batchfile.BatchFileEngine;
import com.carrier.hub.batchfile.FeedDefinition;
import com.carrier.hub.batchfile.FileResult;
import com.carrier.hub.batchfile.InMemoryFileLedger;
import com.carrier.hub.batchfile.Outcome;
import com.carrier.hub.batchfile.StandardFeeds;
import com.carrier.hub.batchfile.camel.BatchFileHeaders;
import com.carrier.hub.batchfile.sftp.SftpFeedShipper;
import com.carrier.hub.connector.boss.BossConnector;
import com.carrier.hub.connector.boss.BossProperties;
import com.carrier.hub.connector.warehouse.WarehouseConnector;
import com.carrier.hub.connector.warehouse.WarehouseProperties;
import com.carrier.hub.runtime.customer.CustomerDeltaIngest;
import com.carrier.hub.simulators.files.CustomerDeltaGenerator;
import com.carrier.hub.simulators.files.GeneratedFile;
import com.carrier.hub.simulators.sftp.BossSftpSimulator;
import com.carrier.hub.simulators.sftp.WarehouseSftpSimulator;

import ch.qos.logback.classic.Level;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * BOSS customer delta end to end: an N-row GBK file (generated, about 113 bytes a row, not timed) on the BOSS SFTP
 * simulator; timed from the Kamelet's pick-up until the customer index (PostgreSQL, embedded, the hub's Flyway schema,
 * production-like settings with full durability: {@link BenchPostgres}) is upserted and the warehouse CUSTOMER feed pair
 * is on the warehouse SFTP simulator. The path is the shipped one ({@link CustomerDeltaIngest} behind the
 * boss-sftp-source Kamelet, camel-ftp sftp): the batch-file engine (decode, split, validate), COPY into a
 * staging table and the set-based customer-index upsert slice by slice while the file is read (one transaction), the
 * CUSTOMER export uploaded while the last slices publish and released after the commit. Baseline in the same run: one
 * thread, BufferedReader + String.split over the same local file, no hub.
 */
public class FileIngestBench implements BenchScenario {

    static final Charset GBK = Charset.forName("GBK");

    @Override
    public String name() {
        return "file-ingest";
    }

    @Override
    public String usage() {
        return "BOSS customer delta over SFTP into the customer index + warehouse CUSTOMER feed vs a plain "
                + "BufferedReader+split baseline; --rows N (1000000)";
    }

    /** The generated file and the local export are gigabytes at 10M rows: do not leave them in /tmp. */
    @Override
    public Map<String, Object> run(BenchOptions options) throws Exception {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        // Where the time goes: the engine's per-file line and the stage's end of COPY / publication / commit.
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("com.carrier.hub.batchfile")).setLevel(Level.INFO);
        long rows = options.getLong("rows", 1_000_000);
        String name = "CUST_DELTA_20261122_0001.dat";

        try (BossSftpSimulator boss = new BossSftpSimulator(); WarehouseSftpSimulator warehouse = new WarehouseSftpSimulator();
             EmbeddedPostgres pg = BenchPostgres.start()) {
            boss.start();
            warehouse.start();
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setUrl(pg.getJdbcUrl("postgres", "postgres"));
            ds.setUser("postgres");
            ds.setPassword("postgres");
            // The hub's own schema: the customer index as Flyway creates it.
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();

            // Generate under a hidden name, then reveal: the poller must not see a half-written file (not timed).
            Path folder = boss.local("/boss/out/customer");
            long g0 = System.nanoTime();
            Path staging = Files.createTempDirectory("bench-gen");
            GeneratedFile file = new CustomerDeltaGenerator().rows(rows).write(staging, name);
            System.out.printf("generated %,d rows, %,d bytes (%.0f bytes/row) in %.1f s%n", rows, file.bytes(),
                    (double) file.bytes() / rows, (System.nanoTime() - g0) / 1e9);

            // Baseline: single thread, BufferedReader + split, no validation, no database.
            System.gc();
            PeakHeap.reset();
            long b0 = System.nanoTime();
            long baseRows = 0;
            long fields = 0;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(file.data()), GBK), 64 * 1024)) {
                String line;
                while ((line = r.readLine()) != null) {
                    fields += line.split("\\|", -1).length;
                    baseRows++;
                }
            }
            double baseSeconds = (System.nanoTime() - b0) / 1e9;
            long basePeak = PeakHeap.peakMiB();
            System.out.printf("baseline: %,d rows (%,d fields) in %.2f s = %,.0f rows/s, peak heap %d MiB%n",
                    baseRows, fields, baseSeconds, baseRows / baseSeconds, basePeak);

            // The hub path.
            FeedDefinition feed = StandardFeeds.customerDelta();
            Path exportDir = Files.createTempDirectory("bench-export");
            BossProperties settings = new BossProperties();
            settings.setHost(boss.host());
            settings.setPort(boss.port());
            settings.setUsername(boss.username());
            settings.setPassword(boss.password());
            settings.setKnownHostsFile(boss.knownHostsFile().toString());
            LeasedClaims claims = new LeasedClaims(Duration.ofSeconds(2));
            InMemoryFileLedger ledger = new InMemoryFileLedger();
            WarehouseProperties warehouseSettings = new WarehouseProperties();
            warehouseSettings.setHost(warehouse.host());
            warehouseSettings.setPort(warehouse.port());
            warehouseSettings.setUsername(warehouse.username());
            warehouseSettings.setPassword(warehouse.password());
            warehouseSettings.setKnownHostsFile(warehouse.knownHostsFile().toString());
            // The shipped processor of routes/boss-customer-delta-to-customer-index.yaml, wired as BossFeedsConfiguration does.
            CustomerDeltaIngest ingest = new CustomerDeltaIngest(feed, new BatchFileEngine(ledger), ds,
                    new BossConnector(settings).folders(), claims, exportDir,
                    new SftpFeedShipper(new WarehouseConnector(warehouseSettings).folders(), warehouseSettings.getInFolder()));

            CamelContext camel = new DefaultCamelContext();
            settings.setPollDelay(Duration.ofMillis(100));
            camel.getPropertiesComponent().addPropertiesSource(PublishedSettings.of("hub.connectors.boss", settings));
            camel.getPropertiesComponent().addPropertiesSource(PublishedSettings.of("hub.connectors.warehouse", warehouseSettings));
            camel.getRegistry().bind("hubFileIdempotentRepository", claims);
            CountDownLatch finished = new CountDownLatch(1);
            AtomicReference<FileResult> result = new AtomicReference<>();
            java.util.concurrent.atomic.AtomicLong pickedUp = new java.util.concurrent.atomic.AtomicLong();
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("kamelet:boss-sftp-source?folder=customer&include=RAW(CUST_DELTA_.*\\.dat)").routeId("boss-customer-delta-to-customer-index")
                            .process(e -> pickedUp.compareAndSet(0, System.nanoTime()))
                            .process(ingest)
                            .process(e -> {
                                Object outcome = e.getMessage().getHeader(BatchFileHeaders.OUTCOME);
                                if (outcome != null && !Outcome.WAITING.name().equals(outcome)) {
                                    result.set(e.getMessage().getBody(FileResult.class));
                                    finished.countDown();
                                }
                            });
                }
            });
            camel.start();
            System.gc();
            PeakHeap.reset();
            Files.move(file.data(), folder.resolve(name));
            Files.move(file.control(), folder.resolve("CUST_DELTA_20261122_0001.chk"));
            long h0 = System.nanoTime();
            if (!finished.await(30, TimeUnit.MINUTES)) {
                throw new IllegalStateException("file-ingest: the hub did not finish within 30 minutes: " + ledger.results());
            }
            double hubSeconds = (System.nanoTime() - h0) / 1e9;
            long hubPeak = PeakHeap.peakMiB();
            camel.stop();
            FileResult r = result.get();
            if (r == null) {
                throw new IllegalStateException("file-ingest: file not accepted: " + ledger.results());
            }
            long indexed;
            try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM customer")) {
                rs.next();
                indexed = rs.getLong(1);
            }
            boolean feedWritten = warehouse.list("/dw/in").contains("CUSTOMER_20261122_0001.chk");
            System.out.printf("hub: route started (file downloaded to the local work folder) after %.2f s%n",
                    (pickedUp.get() - h0) / 1e9);
            System.out.printf("hub: %,d rows read, %,d accepted, %,d customers indexed, warehouse feed %s, in %.2f s = %,.0f rows/s, peak heap %d MiB%n",
                    r.rowsRead(), r.rowsAccepted(), indexed, feedWritten ? "written" : "MISSING", hubSeconds,
                    r.rowsRead() / hubSeconds, hubPeak);

            Map<String, Object> out = new LinkedHashMap<>();
            out.put("rows", rows);
            out.put("bytes", file.bytes());
            out.put("hub_seconds", String.format("%.2f", hubSeconds));
            out.put("hub_rows_per_s", Math.round(r.rowsRead() / hubSeconds));
            out.put("hub_peak_heap_mib", hubPeak);
            out.put("hub_downloaded_s", String.format("%.2f", (pickedUp.get() - h0) / 1e9));
            out.put("customers_indexed", indexed);
            out.put("warehouse_feed", feedWritten);
            out.put("baseline_seconds", String.format("%.2f", baseSeconds));
            out.put("baseline_rows_per_s", Math.round(baseRows / baseSeconds));
            out.put("baseline_peak_heap_mib", basePeak);
            out.put("max_heap_mib", Runtime.getRuntime().maxMemory() >> 20);
            FileSystemUtils.deleteRecursively(staging);
            FileSystemUtils.deleteRecursively(exportDir);
            return out;
        }
    }
}
