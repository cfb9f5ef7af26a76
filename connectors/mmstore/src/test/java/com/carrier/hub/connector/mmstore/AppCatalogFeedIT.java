package com.carrier.hub.connector.mmstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.carrier.hub.batchfile.BatchFileEngine;
import com.carrier.hub.batchfile.CompiledFeed;
import com.carrier.hub.batchfile.FileResult;
import com.carrier.hub.batchfile.InMemoryFileLedger;
import com.carrier.hub.batchfile.Outcome;
import com.carrier.hub.batchfile.StandardFeeds;
import com.carrier.hub.simulators.files.FeedFiles;
import com.carrier.hub.simulators.files.GeneratedFile;

/** A GBK MM_APPS file through the real batch-file engine into the catalog, bad rows and all. */
class AppCatalogFeedIT {

    static final Charset GBK = Charset.forName("GBK");
    static final Instant NOW = Instant.parse("2026-11-22T16:00:00Z");

    @TempDir
    Path dir;

    final BatchFileEngine engine = new BatchFileEngine(new InMemoryFileLedger(), Clock.fixed(NOW, ZoneOffset.UTC));
    final CompiledFeed feed = StandardFeeds.mmApps().compile();
    final AppCatalog catalog = new AppCatalog();
    final ByteArrayOutputStream rejects = new ByteArrayOutputStream();
    AppCatalogFileStage stage;

    FileResult ingest(GeneratedFile f) throws Exception {
        String name = f.data().getFileName().toString();
        stage = (AppCatalogFileStage) AppCatalogFileStage.factory(catalog, new MmAppRowParser()).open(feed, name);
        try (InputStream in = Files.newInputStream(f.data())) {
            return engine.ingest(feed, name, in, Files.readAllBytes(f.control()), stage, rejects);
        }
    }

    static List<String> goodRows(int count) {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add("30" + (1000 + i) + "|咪咕应用" + i + "|娱乐|Android 9|" + (i % 2 == 0 ? "*" : "HUAWEI Mate60,小米 14")
                    + "|2048|0|1");
        }
        return rows;
    }

    @Test
    void catalogFileIsPublishedWithBadRowsRejectedOrLeftOut() throws Exception {
        List<String> rows = goodRows(400);
        rows.add(100, "309001|空机型|工具|Android 9||100|0|1");          // empty model list: the engine rejects it
        rows.add(200, "309002|只有逗号|工具|Android 9| , |100|0|1");    // only the parser knows: left out
        rows.add(300, "301005|重复|工具|Android 9|*|100|0|1");          // app id of row 6 again: left out

        FileResult result = ingest(FeedFiles.write(dir, "MM_APPS_20261122.dat", GBK, rows));

        assertThat(result.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(rejects.toString(GBK)).startsWith("101|").contains("309001|空机型");
        assertThat(stage.skipped()).extracting(s -> s.lineNumber() + ":" + s.rejection().code())
                .containsExactly("201:EMPTY_MODELS", "301:DUPLICATE_APP_ID");
        assertThat(catalog.size()).isEqualTo(400);
        assertThat(catalog.snapshot().source()).isEqualTo("MM_APPS_20261122.dat");
        assertThat(catalog.app("301001")).hasValueSatisfying(a -> {
            assertThat(a.name()).isEqualTo("咪咕应用1");
            assertThat(a.supports("小米14")).isTrue();
        });
        assertThat(catalog.app("301005").orElseThrow().name()).isEqualTo("咪咕应用5");
    }

    @Test
    void quarantinedCatalogFileLeavesThePreviousCatalogInForce() throws Exception {
        ingest(FeedFiles.write(dir, "MM_APPS_20261122.dat", GBK, goodRows(10)));
        List<String> bad = goodRows(10);
        bad.set(3, "301003|坏|c|os||1|0|1");
        bad.set(4, "301004|坏|c|os|*|1|0|9");

        FileResult result = ingest(FeedFiles.write(dir, "MM_APPS_20261123.dat", GBK, bad));

        assertThat(result.outcome()).isEqualTo(Outcome.QUARANTINED);
        assertThat(catalog.snapshot().source()).isEqualTo("MM_APPS_20261122.dat");
        assertThat(catalog.size()).isEqualTo(10);
    }
}
