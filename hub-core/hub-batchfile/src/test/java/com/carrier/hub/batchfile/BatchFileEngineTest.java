package com.carrier.hub.batchfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import com.carrier.hub.api.Msisdn;
import com.carrier.hub.simulators.files.CustomerDeltaGenerator;
import com.carrier.hub.simulators.files.CustomerDeltaGenerator.BadRow;
import com.carrier.hub.simulators.files.FeedFiles;
import com.carrier.hub.simulators.files.GeneratedFile;

class BatchFileEngineTest {

    static final Charset GBK = Charset.forName("GBK");
    static final String NAME = "CUST_DELTA_20261122_0001.dat";
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    @TempDir
    Path dir;

    final InMemoryFileLedger ledger = new InMemoryFileLedger();
    final BatchFileEngine engine = new BatchFileEngine(ledger, Clock.fixed(NOW, ZoneOffset.UTC));
    final CompiledFeed feed = StandardFeeds.customerDelta().compile();
    final CollectingStage stage = new CollectingStage();
    final ByteArrayOutputStream rejects = new ByteArrayOutputStream();

    FileResult run(GeneratedFile f) throws Exception {
        return run(f.data(), Files.readAllBytes(f.control()));
    }

    FileResult run(Path data, byte[] control) throws Exception {
        String name = data.getFileName().toString();
        Optional<FileResult> early = engine.precheck(feed, name, control, NOW.minusSeconds(5));
        if (early.isPresent()) {
            return early.get();
        }
        try (InputStream in = Files.newInputStream(data)) {
            return engine.ingest(feed, name, in, control, stage, rejects);
        }
    }

    List<String> rejectLines() {
        String text = rejects.toString(GBK);
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    @Test
    void acceptsAGeneratedGbkFileAndDecodesBeforeSplitting() throws Exception {
        GeneratedFile f = new CustomerDeltaGenerator().rows(2000).write(dir, NAME);

        FileResult r = run(f);

        assertThat(r.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(r.rowsRead()).isEqualTo(2000).isEqualTo(r.rowsAccepted());
        assertThat(r.bytes()).isEqualTo(Files.size(f.data()));
        assertThat(r.md5()).isEqualTo(f.md5());
        assertThat(stage.published).hasSize(2000);
        assertThat(rejectLines()).isEmpty();
        // Names holding a character whose GBK trail byte is '|' still come out whole, in 13 fields.
        String pipeTrail = pipeTrailCharacters();
        assertThat(stage.published).anySatisfy(row -> assertThat(row[3]).containsAnyOf(pipeTrail.split("")));
        assertThat(stage.published).allSatisfy(row -> assertThat(row[12]).startsWith("20261122"));
    }

    @Test
    void theStageHearsTheControlFilesRowCountBeforeTheFirstRow() throws Exception {
        GeneratedFile f = new CustomerDeltaGenerator().rows(1234).write(dir, NAME);

        run(f);

        assertThat(stage.expected).isEqualTo(1234);
        assertThat(stage.stagedWhenExpected).isZero();
    }

    @Test
    void missingControlFileWaitsForTheGraceThenQuarantines() throws Exception {
        GeneratedFile f = new CustomerDeltaGenerator().rows(10).withControl(false).write(dir, NAME);
        Duration grace = feed.definition().getControlGrace();

        Optional<FileResult> fresh = engine.precheck(feed, NAME, null, NOW.minus(grace).plusSeconds(1));
        Optional<FileResult> late = engine.precheck(feed, NAME, null, NOW.minus(grace).minusSeconds(1));

        assertThat(fresh).get().extracting(FileResult::outcome).isEqualTo(Outcome.WAITING);
        assertThat(late).get().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.QUARANTINED);
            assertThat(r.reason()).isEqualTo("CONTROL_MISSING");
            assertThat(r.detail()).contains("CUST_DELTA_20261122_0001.chk");
        });
        assertThat(f.control()).isNull();
        assertThat(ledger.results()).extracting(FileResult::reason).containsExactly("CONTROL_MISSING");
    }

    @Test
    void controlCountMismatchQuarantinesAndPublishesNothing() throws Exception {
        GeneratedFile f = new CustomerDeltaGenerator().rows(1000).write(dir, NAME);
        String bad = NAME + "|998|" + f.bytes() + "|" + f.md5() + "|20261122235959\n";

        FileResult r = run(f.data(), bad.getBytes(GBK));

        assertThat(r.outcome()).isEqualTo(Outcome.QUARANTINED);
        assertThat(r.reason()).isEqualTo("COUNT_MISMATCH");
        assertThat(r.detail()).isEqualTo("customer-delta: control file CUST_DELTA_20261122_0001.chk says 998 rows, data has 1000");
        assertThat(stage.published).isEmpty();
    }

    @Test
    void controlSizeAndMd5MismatchQuarantine() throws Exception {
        GeneratedFile f = new CustomerDeltaGenerator().rows(100).write(dir, NAME);
        FileResult size = run(f.data(), (NAME + "|100|" + (f.bytes() + 1) + "|" + f.md5() + "|20261122235959").getBytes(GBK));
        Path copy = Files.copy(f.data(), dir.resolve("CUST_DELTA_20261122_0002.dat"));
        FileResult md5 = run(copy, ("CUST_DELTA_20261122_0002.dat|100|" + f.bytes() + "|" + "0".repeat(32) + "|20261122235959").getBytes(GBK));

        assertThat(size.reason()).isEqualTo("SIZE_MISMATCH");
        assertThat(md5.reason()).isEqualTo("MD5_MISMATCH");
        assertThat(md5.detail()).contains("says MD5 " + "0".repeat(32)).contains(f.md5());
        assertThat(stage.published).isEmpty();
    }

    @Test
    void aControlFileThatIsNotAControlFileQuarantines() throws Exception {
        GeneratedFile f = new CustomerDeltaGenerator().rows(5).write(dir, NAME);
        FileResult r = run(f.data(), "garbage".getBytes(GBK));
        assertThat(r.outcome()).isEqualTo(Outcome.QUARANTINED);
        assertThat(r.reason()).isEqualTo("CONTROL_INVALID");
        assertThat(r.detail()).contains("CUST_DELTA_20261122_0001.chk").contains("expected 5 fields");
    }

    @Test
    void aFileCutShortIsQuarantinedAgainstItsControlFile() throws Exception {
        GeneratedFile f = new CustomerDeltaGenerator().rows(100).write(dir, NAME);
        byte[] all = Files.readAllBytes(f.data());
        Files.write(f.data(), Arrays.copyOf(all, all.length - 40));

        FileResult r = run(f);

        assertThat(r.outcome()).isEqualTo(Outcome.QUARANTINED);
        assertThat(r.reason()).isEqualTo("SIZE_MISMATCH");
        assertThat(stage.published).isEmpty();
    }

    @Test
    void aLastLineWithoutItsLineEndIsRejectedAsTruncated() throws Exception {
        GeneratedFile full = new CustomerDeltaGenerator().rows(200).write(dir, "x.tmp");
        byte[] all = Files.readAllBytes(full.data());
        byte[] cut = Arrays.copyOf(all, all.length - 30); // the last line loses its tail and its '\n'
        GeneratedFile f = FeedFiles.writeBytes(dir, NAME, cut, 200, GBK);

        FileResult r = run(f);

        assertThat(r.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(r.rowsRejected()).isEqualTo(1);
        assertThat(rejectLines()).singleElement().satisfies(l -> assertThat(l).startsWith("200|TRUNCATED_LINE|"));
        assertThat(stage.published).hasSize(199);
    }

    @Test
    void crlfLineEndsAreTolerated() throws Exception {
        GeneratedFile f = new CustomerDeltaGenerator().rows(300).crlf(true).write(dir, NAME);

        FileResult r = run(f);

        assertThat(r.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(r.rowsAccepted()).isEqualTo(300);
        assertThat(stage.published).allSatisfy(row -> assertThat(row[12]).hasSize(14).doesNotContain("\r"));
    }

    @Test
    void anEmptyFileWithAMatchingControlFileIsAcceptedWithNoRows() throws Exception {
        GeneratedFile f = FeedFiles.writeBytes(dir, NAME, new byte[0], 0, GBK);

        FileResult r = run(f);

        assertThat(r.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(r.rowsRead()).isZero();
        assertThat(r.md5()).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
    }

    @Test
    void aUtf8FileDeclaredGbkIsQuarantinedNeverMojibake() throws Exception {
        GeneratedFile f = new CustomerDeltaGenerator().rows(500).charset(StandardCharsets.UTF_8).write(dir, NAME);

        FileResult r = run(f);

        assertThat(r.outcome()).isEqualTo(Outcome.QUARANTINED);
        assertThat(r.reason()).isEqualTo("REJECT_THRESHOLD");
        assertThat(stage.published).isEmpty();
        assertThat(rejectLines()).isNotEmpty().allSatisfy(l -> assertThat(l).contains("|BAD_ENCODING|"));
    }

    @Test
    void badRowsGoToTheRejectFileAndGoodRowsFlow() throws Exception {
        GeneratedFile f = new CustomerDeltaGenerator().rows(1000)
                .bad(BadRow.WRONG_FIELD_COUNT, 1).bad(BadRow.BAD_MSISDN, 2).bad(BadRow.BAD_DATE, 1)
                .bad(BadRow.UNKNOWN_OP, 1).bad(BadRow.BAD_ENCODING, 1).write(dir, NAME);
        List<String> original = Files.readAllLines(f.data(), Charset.forName("ISO-8859-1"));

        FileResult r = run(f);

        assertThat(r.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(r.rowsRejected()).isEqualTo(6);
        assertThat(r.rowsAccepted()).isEqualTo(994);
        assertThat(stage.published).hasSize(994);
        assertThat(rejectLines()).extracting(l -> l.split("\\|")[1])
                .containsExactlyInAnyOrder("WRONG_FIELD_COUNT", "BAD_MSISDN", "BAD_MSISDN", "BAD_DATE", "UNKNOWN_OP", "BAD_ENCODING");
        // <line>|<reason>|<original line>, byte for byte
        for (String reject : rejects.toString(StandardCharsets.ISO_8859_1).split("\n")) {
            String[] p = reject.split("\\|", 3);
            assertThat(p[2]).isEqualTo(original.get(Integer.parseInt(p[0]) - 1));
        }
        assertThat(r.detail()).contains("rejected 6 of 1000");
    }

    @Test
    void theFirstRejectedRowsAreKeptWithTheRecordMaskedAndNoMoreThanTheLedgerKeeps() throws Exception {
        InMemoryFileLedger keeping = new InMemoryFileLedger(3);
        BatchFileEngine keeper = new BatchFileEngine(keeping, Clock.fixed(NOW, ZoneOffset.UTC));
        GeneratedFile f = new CustomerDeltaGenerator().rows(1000).bad(BadRow.WRONG_FIELD_COUNT, 2)
                .bad(BadRow.UNKNOWN_OP, 2).bad(BadRow.BAD_MSISDN, 1).write(dir, NAME);
        List<String> original = Files.readAllLines(f.data(), GBK);

        FileResult r;
        try (InputStream in = Files.newInputStream(f.data())) {
            r = keeper.ingest(feed, NAME, in, Files.readAllBytes(f.control()), stage, rejects);
        }

        assertThat(r.rowsRejected()).isEqualTo(5);
        List<FileLedger.Rejected> kept = keeping.rejects(feed.name(), NAME);
        List<String> lines = rejectLines();
        assertThat(kept).hasSize(3);
        for (int i = 0; i < kept.size(); i++) {
            FileLedger.Rejected k = kept.get(i);
            // the first three of the reject file, in its order: same line and reason, the line as read but masked
            assertThat(lines.get(i)).startsWith(k.line() + "|" + k.reason() + "|");
            assertThat(k.text()).isEqualTo(Msisdn.maskAll(original.get((int) k.line() - 1)));
            assertThat(k.text()).doesNotContainPattern("(?<![0-9])1[0-9]{10}(?![0-9])");
        }
        assertThat(kept).extracting(FileLedger.Rejected::line).isSorted();
    }

    @Test
    void rejectsOverTheThresholdQuarantineTheWholeFile() throws Exception {
        GeneratedFile f = new CustomerDeltaGenerator().rows(1000).bad(BadRow.BAD_MSISDN, 11).write(dir, NAME);

        FileResult r = run(f);

        assertThat(r.outcome()).isEqualTo(Outcome.QUARANTINED);
        assertThat(r.reason()).isEqualTo("REJECT_THRESHOLD");
        assertThat(r.detail()).contains("rejected 11 of 1000 rows (1.10%), over the 1.00% threshold");
        assertThat(stage.published).isEmpty();
        assertThat(rejectLines()).hasSize(11);
    }

    @Test
    void aRowTheStageRefusesGoesToTheRejectFileWithItsCodeAndCountsAgainstTheThreshold() throws Exception {
        GeneratedFile f = new CustomerDeltaGenerator().rows(200).write(dir, NAME);
        List<String> lines = Files.readAllLines(f.data(), GBK);
        CollectingStage lookingUp = new CollectingStage() {
            @Override
            public String check(long lineNumber, String[] fields) {
                return lineNumber == 42 ? "UNKNOWN_TASK" : null;
            }
        };

        FileResult r;
        try (InputStream in = Files.newInputStream(f.data())) {
            r = engine.ingest(feed, NAME, in, Files.readAllBytes(f.control()), lookingUp, rejects);
        }

        assertThat(r.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(r.rowsRejected()).isEqualTo(1);
        assertThat(rejectLines()).containsExactly("42|UNKNOWN_TASK|" + lines.get(41));
        assertThat(lookingUp.published).hasSize(199);

        CollectingStage refusingAll = new CollectingStage() {
            @Override
            public String check(long lineNumber, String[] fields) {
                return lineNumber % 50 == 0 ? "UNKNOWN_TASK" : null;
            }
        };
        GeneratedFile g = new CustomerDeltaGenerator().rows(200).seed(3).write(dir, "CUST_DELTA_20261122_0002.dat"); // 4 of 200
        try (InputStream in = Files.newInputStream(g.data())) {
            r = engine.ingest(feed, "CUST_DELTA_20261122_0002.dat", in, Files.readAllBytes(g.control()), refusingAll, rejects);
        }
        assertThat(r.outcome()).isEqualTo(Outcome.QUARANTINED);
        assertThat(r.reason()).isEqualTo("REJECT_THRESHOLD");
        assertThat(refusingAll.published).isEmpty();
    }

    @Test
    void sameNameSameMd5IsSkippedAndAnotherMd5IsAConflict() throws Exception {
        GeneratedFile f = new CustomerDeltaGenerator().rows(50).write(dir, NAME);
        assertThat(run(f).outcome()).isEqualTo(Outcome.ACCEPTED);

        FileResult again = run(f);
        GeneratedFile other = new CustomerDeltaGenerator().rows(50).seed(7).write(dir, NAME);
        FileResult conflict = run(other);

        assertThat(again.outcome()).isEqualTo(Outcome.DUPLICATE);
        assertThat(conflict.outcome()).isEqualTo(Outcome.QUARANTINED);
        assertThat(conflict.reason()).isEqualTo("NAME_CONFLICT");
        assertThat(conflict.detail()).contains(f.md5()).contains(other.md5());
        assertThat(stage.published).hasSize(50);
    }

    @Test
    void aOneMegabyteLineIsRejectedWholeWithoutHoldingIt() throws Exception {
        GeneratedFile good = new CustomerDeltaGenerator().rows(200).write(dir, "x.tmp");
        byte[] rows = Files.readAllBytes(good.data());
        byte[] huge = ("U|13800138000|C1|" + "长".repeat(512 * 1024) + "|GOTONE|591|P1|1||20200101|0|1|20261122000000\n").getBytes(GBK);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        int cut = indexOfNewline(rows, rows.length / 2) + 1;
        data.reset();
        data.write(rows, 0, cut);
        data.write(huge);
        data.write(rows, cut, rows.length - cut);
        GeneratedFile f = FeedFiles.writeBytes(dir, NAME, data.toByteArray(), 201, GBK);

        FileResult r = run(f);

        assertThat(huge.length).isGreaterThan(1024 * 1024);
        assertThat(r.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(r.rowsRejected()).isEqualTo(1);
        assertThat(stage.published).hasSize(200);
        byte[] rej = rejects.toByteArray();
        String head = new String(rej, 0, 40, StandardCharsets.ISO_8859_1);
        assertThat(head).matches("\\d+\\|LINE_TOO_LONG\\|U\\|13800138000.*");
        // nothing lost: the reject record holds the whole original line
        assertThat(rej.length).isEqualTo(head.indexOf("U|") + huge.length);
    }

    @Test
    void pathTraversalNamesAreQuarantinedUnread() {
        Optional<FileResult> r = engine.precheck(feed, "../../etc/CUST_DELTA_20261122_0001.dat", new byte[0], NOW);
        Optional<FileResult> r2 = engine.precheck(feed, "..\\CUST_DELTA_20261122_0001.dat", new byte[0], NOW);

        assertThat(r).get().satisfies(x -> {
            assertThat(x.outcome()).isEqualTo(Outcome.QUARANTINED);
            assertThat(x.reason()).isEqualTo("BAD_NAME");
        });
        assertThat(r2).get().extracting(FileResult::reason).isEqualTo("BAD_NAME");
    }

    @Test
    void aFailureWhilePublishingPublishesNothingAndTheFileIsRetried() throws Exception {
        GeneratedFile f = new CustomerDeltaGenerator().rows(100).write(dir, NAME);
        stage.failOnPublish = true;

        assertThatThrownBy(() -> run(f)).hasMessageContaining("database down");
        assertThat(stage.published).isEmpty();
        assertThat(ledger.results()).last().extracting(FileResult::outcome).isEqualTo(Outcome.FAILED);

        stage.failOnPublish = false;
        FileResult retried = run(f);
        assertThat(retried.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(stage.published).hasSize(100);
    }

    @Test
    void aProvinceWithAnotherLayoutIsAConfigurationChange() throws Exception {
        // Another province: comma-delimited UTF-8, msisdn first, only five fields.
        Map<String, String> config = Map.ofEntries(
                Map.entry("hub.connectors.boss.feeds.customer-delta.name", "customer-delta"),
                Map.entry("hub.connectors.boss.feeds.customer-delta.name-pattern", "KH_\\d{8}\\.txt"),
                Map.entry("hub.connectors.boss.feeds.customer-delta.charset", "UTF-8"),
                Map.entry("hub.connectors.boss.feeds.customer-delta.delimiter", ","),
                Map.entry("hub.connectors.boss.feeds.customer-delta.reject-threshold", "0.5"),
                Map.entry("hub.connectors.boss.feeds.customer-delta.control-grace", "2h"),
                Map.entry("hub.connectors.boss.feeds.customer-delta.fields[0].name", "msisdn"),
                Map.entry("hub.connectors.boss.feeds.customer-delta.fields[0].type", "MSISDN"),
                Map.entry("hub.connectors.boss.feeds.customer-delta.fields[1].name", "op"),
                Map.entry("hub.connectors.boss.feeds.customer-delta.fields[1].values", "A,U,D"),
                Map.entry("hub.connectors.boss.feeds.customer-delta.fields[1].reject-code", "UNKNOWN_OP"),
                Map.entry("hub.connectors.boss.feeds.customer-delta.fields[2].name", "cust_name"),
                Map.entry("hub.connectors.boss.feeds.customer-delta.fields[3].name", "open_date"),
                Map.entry("hub.connectors.boss.feeds.customer-delta.fields[3].type", "DATE"),
                Map.entry("hub.connectors.boss.feeds.customer-delta.fields[4].name", "update_time"),
                Map.entry("hub.connectors.boss.feeds.customer-delta.fields[4].type", "TIMESTAMP"));
        FeedDefinition def = new Binder(new MapConfigurationPropertySource(config))
                .bind("hub.connectors.boss.feeds.customer-delta", Bindable.of(FeedDefinition.class)).get();
        CompiledFeed province = def.compile();
        GeneratedFile f = FeedFiles.write(dir, "KH_20261122.txt", StandardCharsets.UTF_8, List.of(
                "13800138000,U,张|三,20200101,20261122101010",
                "13800138001,X,李四,20200101,20261122101010"));
        byte[] control = Files.readAllBytes(f.control());

        assertThat(def.getControlGrace()).isEqualTo(Duration.ofHours(2));
        assertThat(engine.precheck(province, "KH_20261122.txt", control, NOW)).isEmpty();
        FileResult r;
        try (InputStream in = Files.newInputStream(f.data())) {
            r = engine.ingest(province, "KH_20261122.txt", in, control, stage, rejects);
        }
        assertThat(r.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(stage.published).singleElement().satisfies(row ->
                assertThat(row).containsExactly("13800138000", "U", "张|三", "20200101", "20261122101010"));
        assertThat(rejects.toString(StandardCharsets.UTF_8)).isEqualTo("2|UNKNOWN_OP|13800138001,X,李四,20200101,20261122101010\n");
    }

    @Test
    void aBrokenFeedDefinitionNamesEveryWrongProperty() {
        FeedDefinition def = new FeedDefinition();
        def.setCharset("UTF-16");
        def.setDelimiter("||");
        def.setRejectThreshold(2);

        assertThat(def.problems()).contains("name is required", "name-pattern is required",
                "charset UTF-16 is not ASCII-compatible", "delimiter must be one ASCII character, got '||'",
                "fields must list at least one field", "reject-threshold must be between 0 and 1, got 2.0");
    }

    @Test
    void theWriterWritesDataFirstThenTheControlFileAndTheEngineAcceptsIt() throws Exception {
        CompiledFeed out = StandardFeeds.customerOut().compile();
        Path target = Files.createDirectories(dir.resolve("out"));
        ControlFile control;
        try (FeedFileWriter w = FeedFileWriter.open(out, target, "CUSTOMER_20261122_0001.dat")) {
            w.row("U", "13800138000", "C1", "王小明", "GOTONE", "591", "P1", "1", "", "20200101", "100", "1", "20261122101010");
            assertThat(target.resolve("CUSTOMER_20261122_0001.dat")).doesNotExist();
            assertThat(target.resolve("CUSTOMER_20261122_0001.chk")).doesNotExist();
            assertThatThrownBy(() -> w.row("U", "1|2", "", "", "", "", "", "", "", "", "", "", ""))
                    .hasMessageContaining("row 2 field msisdn contains the delimiter");
            // an unpaired surrogate has no UTF-8 form: refused, never written as '?'
            assertThatThrownBy(() -> w.row("U", "13800138001", "C2", "王\uD800", "GOTONE", "591", "P1", "1", "", "20200101",
                    "100", "1", "20261122101010"))
                    .hasMessageContaining("row 2 cannot be encoded in UTF-8");
            control = w.finish();
        }
        assertThat(Files.list(target).map(p -> p.getFileName().toString()))
                .containsExactlyInAnyOrder("CUSTOMER_20261122_0001.dat", "CUSTOMER_20261122_0001.chk");
        assertThat(control.recordCount()).isEqualTo(1);

        FileResult r;
        byte[] chk = Files.readAllBytes(target.resolve("CUSTOMER_20261122_0001.chk"));
        try (InputStream in = Files.newInputStream(target.resolve("CUSTOMER_20261122_0001.dat"))) {
            r = engine.ingest(out, "CUSTOMER_20261122_0001.dat", in, chk, stage, rejects);
        }
        assertThat(r.outcome()).isEqualTo(Outcome.ACCEPTED);
        assertThat(stage.published.get(0)[3]).isEqualTo("王小明");
    }

    @Test
    void everyStandardFeedCompiles() {
        for (FeedDefinition def : List.of(StandardFeeds.customerDelta(), StandardFeeds.productFull(), StandardFeeds.subscriptionDelta(),
                StandardFeeds.order(), StandardFeeds.targetList(), StandardFeeds.contact(), StandardFeeds.response(),
                StandardFeeds.customerOut(), StandardFeeds.mmApps())) {
            assertThat(def.problems()).as(def.getName()).isEmpty();
        }
        assertThat(StandardFeeds.targetList().compile().matches("TGT_CAMP-001_20261122_0001.dat")).isTrue();
        assertThat(StandardFeeds.mmApps().compile().matches("MM_APPS_20261122.dat")).isTrue();
    }

    private static int indexOfNewline(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        throw new IllegalStateException();
    }

    private static String pipeTrailCharacters() {
        StringBuilder out = new StringBuilder();
        for (char c = '\u4e00'; c <= '\u9fa5'; c++) {
            byte[] e = String.valueOf(c).getBytes(GBK);
            if (e.length == 2 && e[1] == 0x7c) {
                out.append(c);
            }
        }
        return out.toString();
    }

    static {
        assertThat(Charset.isSupported("GBK")).isTrue();
    }

    @SuppressWarnings("unused")
    private static void unused(IOException e) {
    }
}
