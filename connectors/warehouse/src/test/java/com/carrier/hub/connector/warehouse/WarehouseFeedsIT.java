package com.carrier.hub.connector.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import com.carrier.hub.batchfile.camel.LeasedClaims;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.carrier.hub.batchfile.BatchFileEngine;
import com.carrier.hub.batchfile.CompiledFeed;
import com.carrier.hub.batchfile.FeedFileWriter;
import com.carrier.hub.batchfile.FileResult;
import com.carrier.hub.batchfile.FileStage;
import com.carrier.hub.batchfile.InMemoryFileLedger;
import com.carrier.hub.batchfile.Outcome;
import com.carrier.hub.batchfile.StandardFeeds;
import com.carrier.hub.batchfile.camel.FeedIngestProcessor;
import com.carrier.hub.batchfile.camel.PublishedSettings;
import com.carrier.hub.simulators.files.FeedFiles;
import com.carrier.hub.simulators.sftp.WarehouseSftpSimulator;
import com.carrier.hub.testkit.SimulatorExtension;

/** Both Kamelets as shipped against the MINA SSHD simulator. */
class WarehouseFeedsIT {

    @RegisterExtension
    static final SimulatorExtension<WarehouseSftpSimulator> SFTP = new SimulatorExtension<>(new WarehouseSftpSimulator());

    @TempDir
    Path local;

    CamelContext camel;
    InMemoryFileLedger ledger;
    final List<String[]> published = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        SFTP.simulator().clear();
        ledger = new InMemoryFileLedger();
        WarehouseProperties settings = new WarehouseProperties();
        settings.setHost(SFTP.simulator().host());
        settings.setPort(SFTP.simulator().port());
        settings.setUsername(SFTP.simulator().username());
        settings.setPassword(SFTP.simulator().password());
        settings.setKnownHostsFile(SFTP.simulator().knownHostsFile().toString());
        LeasedClaims claims = new LeasedClaims(Duration.ofSeconds(2));
        FileStage.Factory stages = (CompiledFeed feed, String name) -> new FileStage() {
            final List<String[]> staged = new ArrayList<>();

            @Override
            public void accept(long line, String[] fields) {
                staged.add(fields.clone());
            }

            @Override
            public void publish() {
                published.addAll(staged);
            }

            @Override
            public void discard() {
                staged.clear();
            }
        };
        FeedIngestProcessor targets = new FeedIngestProcessor(settings.feed("target-list"), new BatchFileEngine(ledger), stages,
                new WarehouseConnector(settings).folders(), claims);

        camel = new DefaultCamelContext();
        settings.setPollDelay(Duration.ofMillis(200));
        camel.getPropertiesComponent().addPropertiesSource(PublishedSettings.of("hub.connectors.warehouse", settings));
        camel.getRegistry().bind("hubFileIdempotentRepository", claims);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("kamelet:warehouse-target-list-source").routeId("warehouse-target-list-to-test").process(targets);
                from("direct:feed").routeId("test-feed-to-warehouse").to("kamelet:warehouse-feed-sink");
            }
        });
        camel.start();
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    @Test
    void aFeedPairIsUploadedDataFirstAndReadsBackClean() throws Exception {
        CompiledFeed contact = StandardFeeds.contact().compile();
        try (FeedFileWriter w = FeedFileWriter.open(contact, local, "CONTACT_20261122_0001.dat")) {
            for (int i = 0; i < 1000; i++) {
                w.row("CAMP-1", "1380013" + String.format("%04d", i), "SMS", "10658001", i % 20 == 0 ? "C" : "T",
                        "SENT", "", "20261122100000");
            }
            w.finish();
        }
        ProducerTemplate producer = camel.createProducerTemplate();

        producer.sendBody("direct:feed", local.resolve("CONTACT_20261122_0001.dat").toFile());

        assertThat(SFTP.simulator().list("/dw/in")).containsExactly("CONTACT_20261122_0001.chk", "CONTACT_20261122_0001.dat");
        Path dat = SFTP.simulator().local("/dw/in").resolve("CONTACT_20261122_0001.dat");
        Path chk = SFTP.simulator().local("/dw/in").resolve("CONTACT_20261122_0001.chk");
        assertThat(Files.getLastModifiedTime(dat)).isLessThanOrEqualTo(Files.getLastModifiedTime(chk));
        FileResult r;
        try (InputStream in = Files.newInputStream(dat)) {
            r = new BatchFileEngine(new InMemoryFileLedger()).ingest(contact, "CONTACT_20261122_0001.dat", in,
                    Files.readAllBytes(chk), stagesDiscarding(), new ByteArrayOutputStream());
        }
        assertThat(r.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(r.rowsAccepted()).isEqualTo(1000);

        // the same name again is refused, never overwritten
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                producer.sendBody("direct:feed", local.resolve("CONTACT_20261122_0001.dat").toFile()))
                .isInstanceOf(CamelExecutionException.class);
    }

    @Test
    void aTargetListIsAcceptedAndMovedToDone() throws Exception {
        Path folder = SFTP.simulator().local("/dw/out/target");
        FeedFiles.write(folder, "TGT_CAMP-7_20261122_0001.dat", Charset.forName("GBK"), List.of(
                "13800138000|A|0.73|张三|x|y",
                "13800138001|A||李四||",
                "23800138002|B|0.5|||"));

        await().atMost(Duration.ofSeconds(20)).until(() -> SFTP.simulator().list("/dw/out/target/quarantine").contains("TGT_CAMP-7_20261122_0001.chk")
                || SFTP.simulator().list("/dw/out/target/done").contains("TGT_CAMP-7_20261122_0001.chk"));

        // 1 of 3 rows rejected is over the 1% threshold: the list is quarantined whole.
        assertThat(SFTP.simulator().list("/dw/out/target/quarantine")).contains("TGT_CAMP-7_20261122_0001.dat",
                "TGT_CAMP-7_20261122_0001.chk", "TGT_CAMP-7_20261122_0001.rej", "TGT_CAMP-7_20261122_0001.reason");
        assertThat(published).isEmpty();

        FeedFiles.write(folder, "TGT_CAMP-7_20261122_0002.dat", Charset.forName("GBK"), List.of(
                "13800138000|A|0.73|张三|x|y", "13800138001|A||李四||"));
        await().atMost(Duration.ofSeconds(20)).until(() -> SFTP.simulator().list("/dw/out/target/done").contains("TGT_CAMP-7_20261122_0002.chk"));
        assertThat(published).hasSize(2);
        assertThat(published.get(0)[3]).isEqualTo("张三");
    }

    private static FileStage stagesDiscarding() {
        return new FileStage() {
            @Override
            public void accept(long line, String[] fields) {
            }

            @Override
            public void publish() {
            }

            @Override
            public void discard() {
            }
        };
    }
}
