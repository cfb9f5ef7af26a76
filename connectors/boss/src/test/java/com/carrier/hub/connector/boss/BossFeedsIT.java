package com.carrier.hub.connector.boss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import com.carrier.hub.batchfile.camel.LeasedClaims;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.carrier.hub.batchfile.BatchFileEngine;
import com.carrier.hub.batchfile.FeedDefinition;
import com.carrier.hub.batchfile.FileResult;
import com.carrier.hub.batchfile.InMemoryFileLedger;
import com.carrier.hub.batchfile.Outcome;
import com.carrier.hub.batchfile.StandardFeeds;
import com.carrier.hub.batchfile.camel.FeedIngestProcessor;
import com.carrier.hub.batchfile.camel.PublishedSettings;
import com.carrier.hub.simulators.files.CustomerDeltaGenerator;
import com.carrier.hub.simulators.files.CustomerDeltaGenerator.BadRow;
import com.carrier.hub.simulators.files.FeedFiles;
import com.carrier.hub.simulators.files.GeneratedFile;
import com.carrier.hub.simulators.sftp.BossSftpSimulator;
import com.carrier.hub.testkit.SimulatorExtension;

/**
 * The boss-sftp-source Kamelet as shipped (folder=customer), against the MINA SSHD simulator, feeding the batch-file engine:
 * what ends in done/ and quarantine/ on the server, what is published, what the ledger records.
 */
class BossFeedsIT {

    @RegisterExtension
    static final SimulatorExtension<BossSftpSimulator> SFTP = new SimulatorExtension<>(new BossSftpSimulator());

    static final String DIR = "/boss/out/customer";
    static final Charset GBK = Charset.forName("GBK");

    CamelContext camel;
    InMemoryFileLedger ledger;
    Path folder;

    @BeforeEach
    void start() throws Exception {
        SFTP.simulator().clear();
        RecordingStage.PUBLISHED.clear();
        folder = SFTP.simulator().local(DIR);
        ledger = new InMemoryFileLedger();
        FeedDefinition feed = StandardFeeds.customerDelta();
        feed.setControlGrace(Duration.ofMinutes(10));
        BossProperties settings = new BossProperties();
        settings.setHost(SFTP.simulator().host());
        settings.setPort(SFTP.simulator().port());
        settings.setUsername(SFTP.simulator().username());
        settings.setPassword(SFTP.simulator().password());
        settings.setKnownHostsFile(SFTP.simulator().knownHostsFile().toString());
        LeasedClaims claims = new LeasedClaims(Duration.ofSeconds(2));
        FeedIngestProcessor ingest = new FeedIngestProcessor(feed, new BatchFileEngine(ledger), RecordingStage.factory(),
                new BossConnector(settings).folders(), claims);

        camel = new DefaultCamelContext();
        settings.setPollDelay(Duration.ofMillis(200));
        camel.getPropertiesComponent().addPropertiesSource(PublishedSettings.of("hub.connectors.boss", settings));
        camel.getRegistry().bind("hubFileIdempotentRepository", claims);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("kamelet:boss-sftp-source?folder=customer&include=RAW(CUST_DELTA_.*\\.dat)").routeId("boss-customer-delta-to-test").process(ingest);
            }
        });
        camel.start();
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    List<String> done() {
        return SFTP.simulator().list(DIR + "/done");
    }

    List<String> quarantine() {
        return SFTP.simulator().list(DIR + "/quarantine");
    }

    FileResult last(String name) {
        return ledger.results().stream().filter(r -> r.fileName().equals(name)).reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void aGoodFileIsPublishedAndMovedToDoneWithItsControlAndRejectFiles() throws Exception {
        new CustomerDeltaGenerator().rows(5000).bad(BadRow.BAD_MSISDN, 3).bad(BadRow.BAD_DATE, 2)
                .write(folder, "CUST_DELTA_20261122_0001.dat");

        await().atMost(Duration.ofSeconds(20)).until(() -> done().contains("CUST_DELTA_20261122_0001.chk"));

        assertThat(done()).containsExactlyInAnyOrder("CUST_DELTA_20261122_0001.dat", "CUST_DELTA_20261122_0001.chk",
                "CUST_DELTA_20261122_0001.rej");
        assertThat(SFTP.simulator().list(DIR)).isEmpty();
        assertThat(RecordingStage.PUBLISHED).hasSize(4995);
        FileResult r = last("CUST_DELTA_20261122_0001.dat");
        assertThat(r.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(r.rowsRead()).isEqualTo(5000);
        assertThat(r.rowsRejected()).isEqualTo(5);
        List<String> rej = Files.readAllLines(SFTP.simulator().local(DIR + "/done").resolve("CUST_DELTA_20261122_0001.rej"), GBK);
        assertThat(rej).hasSize(5).allSatisfy(l -> assertThat(l).matches("\\d+\\|(BAD_MSISDN|BAD_DATE)\\|.*"));
    }

    @Test
    void aFileStillBeingWrittenWaitsForItsControlFileThenFlows() throws Exception {
        GeneratedFile f = new CustomerDeltaGenerator().rows(100).withControl(false).write(folder, "CUST_DELTA_20261122_0002.dat");

        Thread.sleep(1500); // several polls
        assertThat(SFTP.simulator().list(DIR)).containsExactly("CUST_DELTA_20261122_0002.dat");
        assertThat(RecordingStage.PUBLISHED).isEmpty();

        Files.writeString(folder.resolve("CUST_DELTA_20261122_0002.chk"), f.controlLine("20261122120000"), GBK);
        await().atMost(Duration.ofSeconds(20)).until(() -> done().contains("CUST_DELTA_20261122_0002.chk"));
        assertThat(RecordingStage.PUBLISHED).hasSize(100);
    }

    @Test
    void aControlFileMissingPastTheGraceIsQuarantinedWithAReasonFile() throws Exception {
        GeneratedFile f = new CustomerDeltaGenerator().rows(10).withControl(false).write(folder, "CUST_DELTA_20261122_0003.dat");
        Files.setLastModifiedTime(f.data(), FileTime.from(Instant.now().minus(Duration.ofHours(1))));

        await().atMost(Duration.ofSeconds(20)).until(() -> quarantine().contains("CUST_DELTA_20261122_0003.dat"));

        assertThat(quarantine()).contains("CUST_DELTA_20261122_0003.reason");
        assertThat(Files.readString(SFTP.simulator().local(DIR + "/quarantine").resolve("CUST_DELTA_20261122_0003.reason")))
                .startsWith("CONTROL_MISSING|customer-delta: CUST_DELTA_20261122_0003.chk still missing");
        assertThat(RecordingStage.PUBLISHED).isEmpty();
    }

    @Test
    void aCountMismatchIsQuarantinedWholeAndNothingIsPublished() throws Exception {
        GeneratedFile f = new CustomerDeltaGenerator().rows(1000).withControl(false).write(folder, "CUST_DELTA_20261122_0004.dat");
        Files.writeString(folder.resolve("CUST_DELTA_20261122_0004.chk"),
                "CUST_DELTA_20261122_0004.dat|1001|" + f.bytes() + "|" + f.md5() + "|20261122120000\n", GBK);

        await().atMost(Duration.ofSeconds(20)).until(() -> quarantine().contains("CUST_DELTA_20261122_0004.chk"));

        assertThat(quarantine()).contains("CUST_DELTA_20261122_0004.chk", "CUST_DELTA_20261122_0004.reason");
        assertThat(Files.readString(SFTP.simulator().local(DIR + "/quarantine").resolve("CUST_DELTA_20261122_0004.reason")))
                .isEqualTo("COUNT_MISMATCH|customer-delta: control file CUST_DELTA_20261122_0004.chk says 1001 rows, data has 1000\n");
        assertThat(RecordingStage.PUBLISHED).isEmpty();
        assertThat(SFTP.simulator().list(DIR)).isEmpty();
    }

    @Test
    void theSameFileAgainIsSkippedAndTheSameNameWithOtherContentIsAConflict() throws Exception {
        GeneratedFile first = new CustomerDeltaGenerator().rows(50).write(folder, "CUST_DELTA_20261122_0005.dat");
        await().atMost(Duration.ofSeconds(20)).until(() -> done().contains("CUST_DELTA_20261122_0005.chk"));

        FeedFiles.writeBytes(folder, "CUST_DELTA_20261122_0005.dat", Files.readAllBytes(
                SFTP.simulator().local(DIR + "/done").resolve("CUST_DELTA_20261122_0005.dat")), 50, GBK);
        Files.setLastModifiedTime(folder.resolve("CUST_DELTA_20261122_0005.dat"), FileTime.from(Instant.now().plusSeconds(5)));
        await().atMost(Duration.ofSeconds(20)).until(() -> last("CUST_DELTA_20261122_0005.dat").outcome() == Outcome.DUPLICATE);
        await().atMost(Duration.ofSeconds(20)).until(() -> SFTP.simulator().list(DIR).isEmpty());

        new CustomerDeltaGenerator().rows(50).seed(99).write(folder, "CUST_DELTA_20261122_0005.dat");
        await().atMost(Duration.ofSeconds(20)).until(() -> quarantine().contains("CUST_DELTA_20261122_0005.chk"));

        assertThat(last("CUST_DELTA_20261122_0005.dat").reason()).isEqualTo("NAME_CONFLICT");
        assertThat(RecordingStage.PUBLISHED).as("published once").hasSize(50);
        assertThat(first.md5()).isNotBlank();
    }

    @Test
    void aConnectionDroppedMidDownloadPublishesNothingAndTheFileIsRetried() throws Exception {
        SFTP.simulator().dropConnectionOnce("CUST_DELTA_20261122_0006.dat", 1_500_000);
        new CustomerDeltaGenerator().rows(20_000).write(folder, "CUST_DELTA_20261122_0006.dat");

        await().atMost(Duration.ofSeconds(30)).until(() -> done().contains("CUST_DELTA_20261122_0006.chk"));

        assertThat(SFTP.simulator().dropsFired()).as("the connection was really dropped").isEqualTo(1);
        assertThat(ledger.results()).extracting(FileResult::outcome).containsOnlyOnce(Outcome.ACCEPTED);
        assertThat(RecordingStage.PUBLISHED).as("no partial import, then the whole file once").hasSize(20_000);
    }

    @Test
    void namesWithPathTraversalAreNeverUsedAsPaths() throws Exception {
        Files.write(folder.resolve("..\\..\\CUST_DELTA_20261122_0007.dat"), "x\n".getBytes(GBK));
        Files.write(folder.resolve("CUST_DELTA_..\\..\\x.dat"), "x\n".getBytes(GBK));
        Files.writeString(folder.resolve("CUST_DELTA_..\\..\\x.chk"), "CUST_DELTA_..\\..\\x.dat|1|2|" + FeedFiles.md5("x\n".getBytes(GBK)) + "|20261122120000\n", GBK);
        new CustomerDeltaGenerator().rows(10).write(folder, "CUST_DELTA_20261122_0008.dat");

        await().atMost(Duration.ofSeconds(20)).until(() -> done().contains("CUST_DELTA_20261122_0008.chk"));
        Thread.sleep(1000); // a few more polls over the unsafe names

        assertThat(SFTP.simulator().list(DIR)).as("unsafe names are left alone, never used as paths")
                .contains("..\\..\\CUST_DELTA_20261122_0007.dat", "CUST_DELTA_..\\..\\x.dat");
        assertThat(RecordingStage.PUBLISHED).hasSize(10);
        assertThat(ledger.results()).extracting(FileResult::fileName).doesNotContain("CUST_DELTA_..\\..\\x.dat");
        try (var all = Files.walk(SFTP.simulator().root().getParent(), 1)) {
            assertThat(all.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("x.dat") || n.contains("x.chk"));
        }
    }
}
