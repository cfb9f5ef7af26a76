package com.carrier.hub.batchfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.carrier.hub.simulators.files.CustomerDeltaGenerator;
import com.carrier.hub.simulators.files.GeneratedFile;

class PullStageTest {

    @TempDir
    Path dir;

    final ExecutorService executor = Executors.newCachedThreadPool();
    final BatchFileEngine engine = new BatchFileEngine(new InMemoryFileLedger());
    final CompiledFeed feed = StandardFeeds.customerDelta().compile();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    /** A consumer that "commits" only when the iterator ends normally. */
    static final class Consumer {
        final List<Long> committed = new ArrayList<>();
        volatile boolean rolledBack;

        int take(java.util.Iterator<PullStage.Row> rows) {
            List<Long> tx = new ArrayList<>();
            try {
                while (rows.hasNext()) {
                    tx.add(rows.next().lineNumber());
                }
            } catch (RuntimeException e) {
                rolledBack = true;
                throw e;
            }
            committed.addAll(tx);
            return tx.size();
        }
    }

    @Test
    void aPublishedFileReachesTheConsumerWholeInLineOrder() throws Exception {
        GeneratedFile f = new CustomerDeltaGenerator().rows(20_000).write(dir, "CUST_DELTA_20261122_0001.dat");
        Consumer consumer = new Consumer();
        PullStage<Integer> stage = new PullStage<>(consumer::take, executor);

        FileResult r = engine.ingest(feed, "CUST_DELTA_20261122_0001.dat", Files.newInputStream(f.data()),
                Files.readAllBytes(f.control()), stage, new ByteArrayOutputStream());

        assertThat(r.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(stage.result()).isEqualTo(20_000);
        assertThat(consumer.committed).hasSize(20_000).isSorted();
    }

    @Test
    void aQuarantinedFileIsRolledBackByTheConsumer() throws Exception {
        GeneratedFile f = new CustomerDeltaGenerator().rows(20_000).bad(CustomerDeltaGenerator.BadRow.BAD_DATE, 500)
                .write(dir, "CUST_DELTA_20261122_0002.dat");
        Consumer consumer = new Consumer();
        PullStage<Integer> stage = new PullStage<>(consumer::take, executor);

        FileResult r = engine.ingest(feed, "CUST_DELTA_20261122_0002.dat", Files.newInputStream(f.data()),
                Files.readAllBytes(f.control()), stage, new ByteArrayOutputStream());

        assertThat(r.outcome()).isEqualTo(Outcome.QUARANTINED);
        assertThat(consumer.rolledBack).isTrue();
        assertThat(consumer.committed).isEmpty();
    }

    @Test
    void aConsumerThatGivesUpFailsTheFile() throws Exception {
        GeneratedFile f = new CustomerDeltaGenerator().rows(50_000).write(dir, "CUST_DELTA_20261122_0003.dat");
        PullStage<Integer> stage = new PullStage<>(rows -> {
            throw new IllegalStateException("database down");
        }, executor);

        assertThatThrownBy(() -> engine.ingest(feed, "CUST_DELTA_20261122_0003.dat", Files.newInputStream(f.data()),
                Files.readAllBytes(f.control()), stage, new ByteArrayOutputStream())).hasMessageContaining("database down");
    }

    @Test
    void rejectedRowsOfTheCodesPassedReachTheConsumerInLineOrderAndTheRestDoNot() throws Exception {
        GeneratedFile f = new CustomerDeltaGenerator().rows(1_000).bad(CustomerDeltaGenerator.BadRow.BAD_MSISDN, 3)
                .bad(CustomerDeltaGenerator.BadRow.BAD_DATE, 2).write(dir, "CUST_DELTA_20261122_0004.dat");
        List<PullStage.Row> seen = new ArrayList<>();
        PullStage<Integer> stage = new PullStage<Integer>(rows -> {
            rows.forEachRemaining(seen::add);
            return seen.size();
        }, executor).passing("BAD_MSISDN");

        FileResult r = engine.ingest(feed, "CUST_DELTA_20261122_0004.dat", Files.newInputStream(f.data()),
                Files.readAllBytes(f.control()), stage, new ByteArrayOutputStream());

        assertThat(r.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(r.rowsRejected()).isEqualTo(5);
        assertThat(seen).hasSize(998).extracting(PullStage.Row::lineNumber).isSorted();
        assertThat(seen).filteredOn(row -> row.rejectCode() != null).hasSize(3)
                .allSatisfy(row -> assertThat(row.rejectCode()).isEqualTo("BAD_MSISDN"))
                .allSatisfy(row -> assertThat(row.fields()).isNull());
    }
}
