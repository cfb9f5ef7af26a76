package com.carrier.hub.batchfile.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.carrier.hub.batchfile.CompiledFeed;
import com.carrier.hub.batchfile.FileStage;
import com.carrier.hub.batchfile.StandardFeeds;
import com.carrier.hub.batchfile.jdbc.ExportingStage;
import com.carrier.hub.simulators.sftp.WarehouseSftpSimulator;
import com.carrier.hub.testkit.SimulatorExtension;

/**
 * The CUSTOMER export shipped while its source file is published (real MINA SSHD server): the warehouse sees nothing but
 * a temporary name until the publication has committed, and nothing at all when it fails.
 */
class SftpFeedShipperIT {

    @RegisterExtension
    static final SimulatorExtension<WarehouseSftpSimulator> SFTP = new SimulatorExtension<>(new WarehouseSftpSimulator());

    @TempDir
    Path dir;

    final CompiledFeed source = StandardFeeds.customerDelta().compile();
    final CompiledFeed export = StandardFeeds.customerOut().compile();

    SftpFeedShipper shipper() {
        SftpSettings s = new SftpSettings();
        s.setHost(SFTP.simulator().host());
        s.setPort(SFTP.simulator().port());
        s.setUsername(SFTP.simulator().username());
        s.setPassword(SFTP.simulator().password());
        s.setKnownHostsFile(SFTP.simulator().knownHostsFile().toString());
        return new SftpFeedShipper(directory -> SftpFolder.open(s, directory), "/dw/in");
    }

    @Test
    void theDataFileStaysUnderItsTemporaryNameUntilThePublicationCommits() throws Exception {
        CountDownLatch publishing = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        ExportingStage stage = new ExportingStage(new Inner(publishing, commit, null), source, export, dir,
                "CUSTOMER_20261122_0101.dat", shipper());
        for (int i = 0; i < 2000; i++) {
            stage.accept(i + 1, row(i));
        }
        Thread publisher = new Thread(() -> {
            try {
                stage.publish();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        publisher.start();
        assertThat(publishing.await(10, TimeUnit.SECONDS)).isTrue();
        // the upload runs while the inner stage is still publishing: only the temporary name is there
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!SFTP.simulator().list("/dw/in").contains("CUSTOMER_20261122_0101.dat.tmp") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(SFTP.simulator().list("/dw/in")).containsExactly("CUSTOMER_20261122_0101.dat.tmp");

        commit.countDown();
        publisher.join(10_000);

        assertThat(SFTP.simulator().list("/dw/in"))
                .containsExactlyInAnyOrder("CUSTOMER_20261122_0101.dat", "CUSTOMER_20261122_0101.chk");
        assertThat(Files.readAllLines(SFTP.simulator().local("/dw/in").resolve("CUSTOMER_20261122_0101.dat"))).hasSize(2000);
        assertThat(stage.written().recordCount()).isEqualTo(2000);
        try (var local = Files.list(dir)) {
            assertThat(local).as("the delivered local pair is removed").isEmpty();
        }
    }

    @Test
    void aFailedPublicationLeavesNothingOnTheWarehouse() throws Exception {
        ExportingStage stage = new ExportingStage(new Inner(new CountDownLatch(1), new CountDownLatch(0),
                new SQLException("database went away")), source, export, dir, "CUSTOMER_20261122_0102.dat", shipper());
        for (int i = 0; i < 500; i++) {
            stage.accept(i + 1, row(i));
        }

        assertThatThrownBy(stage::publish).hasMessage("database went away");
        stage.discard();

        assertThat(SFTP.simulator().list("/dw/in")).noneMatch(n -> n.startsWith("CUSTOMER_20261122_0102"));
        try (var local = Files.list(dir)) {
            assertThat(local).isEmpty();
        }
    }

    static String[] row(int i) {
        return new String[] {"A", String.valueOf(13800000000L + i), "C" + i, "王小明", "GOTONE", "591", "P1", "1",
                "HUAWEI Mate60", "20200101", "1000", "1", "20261122080000"};
    }

    /** An inner stage whose publication signals that it started, then waits for the test (or fails). */
    record Inner(CountDownLatch publishing, CountDownLatch commit, Exception failure) implements FileStage {
        @Override
        public void accept(long lineNumber, String[] fields) {
        }

        @Override
        public void publish() throws Exception {
            publishing.countDown();
            if (!commit.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never let the publication commit");
            }
            if (failure != null) {
                // give the upload time to have started, so the abort really has something to remove
                Thread.sleep(200);
                throw failure;
            }
        }

        @Override
        public void discard() {
        }
    }
}
