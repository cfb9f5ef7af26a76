package com.carrier.hub.batchfile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.carrier.hub.api.Msisdn;

/**
 * The one batch-file engine for every feed (PEERS.md common rules). For one data file it:
 * <ol>
 *   <li>refuses unsafe names and names outside the feed's pattern;</li>
 *   <li>waits for the control file for the feed's grace period, then quarantines ({@code CONTROL_MISSING});</li>
 *   <li>skips a name already processed with the same MD5 ({@code DUPLICATE}), quarantines one with another MD5
 *       ({@code NAME_CONFLICT});</li>
 *   <li>streams the bytes once: MD5 and size as it goes, lines split on {@code \n} (a trailing {@code \r} stripped),
 *       each line decoded in the feed's charset <em>before</em> splitting on the delimiter, then validated;</li>
 *   <li>stages valid rows, writes invalid ones (by their fields' rules, or by the stage's own {@link FileStage#check}
 *       of a row against the hub's data) to the reject stream as {@code <line>|<reason>|<original>}, and keeps the
 *       first {@link FileLedger#rejectsKept()} of them (masked, cut short) for the ledger's record of the file;</li>
 *   <li>verifies count, size and MD5 against the control file and the reject share against the threshold, then
 *       publishes the stage as one unit or discards it.</li>
 * </ol>
 * A failure of the stream or the stage (peer or database down) propagates: nothing is published and the caller
 * leaves the file in place to be retried; the ledger records it as FAILED.
 */
public final class BatchFileEngine {

    private static final Logger LOG = LoggerFactory.getLogger(BatchFileEngine.class);
    private static final int CHUNK = 64 * 1024;

    private final FileLedger ledger;
    private final Clock clock;

    public BatchFileEngine(FileLedger ledger) {
        this(ledger, Clock.systemUTC());
    }

    public BatchFileEngine(FileLedger ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
    }

    public FileLedger ledger() {
        return ledger;
    }

    /**
     * Decides what to do with a data file before reading it.
     *
     * @param control      the control file's content, if it exists
     * @param dataModified when the data file was last modified (its age counts against the grace period)
     * @return empty when the file is to be read, else the final (or WAITING) result, already recorded
     */
    public Optional<FileResult> precheck(CompiledFeed feed, String fileName, byte[] control, Instant dataModified) {
        Instant now = clock.instant();
        String nameProblem = FileNames.problem(fileName);
        if (nameProblem != null) {
            return Optional.of(record(FileResult.unread(feed.name(), FileNames.printable(fileName), Outcome.QUARANTINED, "BAD_NAME",
                    feed.name() + ": " + nameProblem + ": " + FileNames.printable(fileName), null, now)));
        }
        if (!feed.matches(fileName)) {
            return Optional.of(record(FileResult.unread(feed.name(), fileName, Outcome.QUARANTINED, "BAD_NAME",
                    feed.name() + ": " + fileName + " does not match " + feed.definition().getNamePattern(), null, now)));
        }
        String chk = ControlFile.nameFor(fileName);
        if (control == null) {
            Duration age = Duration.between(dataModified, now);
            Duration grace = feed.definition().getControlGrace();
            if (age.compareTo(grace) < 0) {
                // Not recorded: a waiting file is not an event worth a reconciliation row on every poll.
                return Optional.of(FileResult.unread(feed.name(), fileName, Outcome.WAITING, "CONTROL_AWAITED",
                        feed.name() + ": " + chk + " not there yet; waiting up to " + grace, null, now));
            }
            return Optional.of(record(FileResult.unread(feed.name(), fileName, Outcome.QUARANTINED, "CONTROL_MISSING",
                    feed.name() + ": " + chk + " still missing " + age.toMinutes() + " min after " + fileName
                            + " was written (grace " + grace + ")", null, now)));
        }
        ControlFile cf;
        try {
            cf = ControlFile.parse(control, feed.charset(), chk);
        } catch (BatchFileException e) {
            return Optional.of(record(FileResult.unread(feed.name(), fileName, Outcome.QUARANTINED, e.code(),
                    feed.name() + ": " + e.getMessage(), null, now)));
        }
        if (!cf.dataFileName().equals(fileName)) {
            return Optional.of(record(FileResult.unread(feed.name(), fileName, Outcome.QUARANTINED, "CONTROL_INVALID",
                    feed.name() + ": control file " + chk + " names " + FileNames.printable(cf.dataFileName()) + ", not " + fileName,
                    cf.md5(), now)));
        }
        Optional<String> seen = ledger.processedMd5(feed.name(), fileName);
        if (seen.isPresent()) {
            if (seen.get().equals(cf.md5())) {
                return Optional.of(record(FileResult.unread(feed.name(), fileName, Outcome.DUPLICATE, "DUPLICATE",
                        feed.name() + ": " + fileName + " was already processed with MD5 " + cf.md5() + "; skipped", cf.md5(), now)));
            }
            return Optional.of(record(FileResult.unread(feed.name(), fileName, Outcome.QUARANTINED, "NAME_CONFLICT",
                    feed.name() + ": " + fileName + " was already processed with MD5 " + seen.get() + ", this one has " + cf.md5(),
                    cf.md5(), now)));
        }
        return Optional.empty();
    }

    /**
     * Quarantines a file whole, unread, for a reason of the feed's own (for example {@code UNKNOWN_CAMPAIGN} for a
     * target list whose campaign the hub does not know), and records it.
     */
    public FileResult refuse(CompiledFeed feed, String fileName, String code, String detail, byte[] control) {
        String md5 = null;
        if (control != null) {
            try {
                md5 = ControlFile.parse(control, feed.charset(), ControlFile.nameFor(fileName)).md5();
            } catch (BatchFileException e) {
                // the refusal stands on its own reason
            }
        }
        return record(FileResult.unread(feed.name(), fileName, Outcome.QUARANTINED, code, feed.name() + ": " + detail, md5,
                clock.instant()));
    }

    /**
     * Reads, verifies and stages one data file and publishes or discards it as a unit. Call after
     * {@link #precheck} returned empty.
     *
     * @param data    the data file's bytes, streamed; read once, not closed
     * @param control the control file's content
     * @param stage   receives valid rows; published only when the file is ACCEPTED
     * @param rejects receives the reject file's bytes ({@code <line>|<reason>|<original line>\n}); not closed
     * @return the recorded result, ACCEPTED or QUARANTINED
     * @throws Exception when reading or staging fails (transient): nothing published, recorded as FAILED
     */
    public FileResult ingest(CompiledFeed feed, String fileName, InputStream data, byte[] control, FileStage stage,
                             OutputStream rejects) throws Exception {
        Instant started = clock.instant();
        ControlFile cf = ControlFile.parse(control, feed.charset(), ControlFile.nameFor(fileName));
        Counts counts = new Counts(ledger.rejectsKept(), feed.charset());
        boolean published = false;
        try {
            stage.expect(cf.recordCount());
            read(feed, data, stage, rejects, counts);
            rejects.flush();
            String md5 = ControlFile.hex(counts.digest.digest());
            String reason = null;
            String detail = null;
            String chk = ControlFile.nameFor(fileName);
            if (cf.byteSize() != counts.bytes) {
                reason = "SIZE_MISMATCH";
                detail = feed.name() + ": control file " + chk + " says " + cf.byteSize() + " bytes, data has " + counts.bytes;
            } else if (cf.recordCount() != counts.read) {
                reason = "COUNT_MISMATCH";
                detail = feed.name() + ": control file " + chk + " says " + cf.recordCount() + " rows, data has " + counts.read;
            } else if (!cf.md5().equals(md5)) {
                reason = "MD5_MISMATCH";
                detail = feed.name() + ": control file " + chk + " says MD5 " + cf.md5() + ", data has " + md5;
            } else if (counts.read > 0 && (double) counts.rejected / counts.read > feed.definition().getRejectThreshold()) {
                reason = "REJECT_THRESHOLD";
                detail = String.format(java.util.Locale.ROOT, "%s: %s rejected %d of %d rows (%.2f%%), over the %.2f%% threshold; first: line %d %s",
                        feed.name(), fileName, counts.rejected, counts.read, 100.0 * counts.rejected / counts.read,
                        100.0 * feed.definition().getRejectThreshold(), counts.firstRejectLine, counts.firstRejectCode);
            }
            Outcome outcome;
            if (reason == null) {
                stage.publish();
                published = true;
                outcome = Outcome.ACCEPTED;
                if (counts.rejected > 0) {
                    detail = feed.name() + ": " + fileName + " rejected " + counts.rejected + " of " + counts.read
                            + " rows; first: line " + counts.firstRejectLine + " " + counts.firstRejectCode;
                }
            } else {
                outcome = Outcome.QUARANTINED;
            }
            FileResult result = new FileResult(feed.name(), fileName, outcome, reason, detail, counts.read,
                    counts.read - counts.rejected, counts.rejected, counts.bytes, md5, started, clock.instant());
            LOG.info("{}: {} {} rows read {} valid {} accepted {} rejected {} bytes {} in {} ms{}", feed.name(), fileName,
                    outcome, result.rowsRead(), result.rowsAccepted(), result.rowsPublished(), result.rowsRejected(),
                    result.bytes(), result.durationMs(), reason == null ? "" : " (" + reason + ")");
            ledger.record(result, counts.kept);
            return result;
        } catch (Exception e) {
            FileResult failed = new FileResult(feed.name(), fileName, Outcome.FAILED, "TRANSIENT",
                    feed.name() + ": " + fileName + " failed after " + counts.read + " rows, will be retried: " + e.getMessage(),
                    counts.read, counts.read - counts.rejected, counts.rejected, counts.bytes, null, started, clock.instant());
            try {
                record(failed);
            } catch (RuntimeException ledgerDown) {
                e.addSuppressed(ledgerDown);
            }
            throw e;
        } finally {
            if (!published) {
                stage.discard();
            }
        }
    }

    private FileResult record(FileResult result) {
        ledger.record(result);
        return result;
    }

    /** Streams the file: hashes every byte, splits lines, validates, stages or rejects. */
    private static void read(CompiledFeed feed, InputStream data, FileStage stage, OutputStream rejects, Counts counts)
            throws Exception {
        int max = feed.definition().getMaxLineBytes();
        byte[] buf = new byte[CHUNK];
        byte[] line = new byte[Math.min(max, 4096)];
        int len = 0;
        boolean tooLong = false;
        String[] fields = new String[feed.fieldCount()];
        int n;
        while ((n = data.read(buf)) != -1) {
            counts.digest.update(buf, 0, n);
            counts.bytes += n;
            int from = 0;
            for (int i = 0; i < n; i++) {
                if (buf[i] != '\n') {
                    continue;
                }
                int segment = i - from;
                if (tooLong) {
                    rejects.write(buf, from, segment);
                    counts.endTooLong(rejects);
                    tooLong = false;
                } else if (len + segment > max) {
                    tooLong = true;
                    counts.startTooLong(rejects, line, len);
                    rejects.write(buf, from, segment);
                    counts.endTooLong(rejects);
                    tooLong = false;
                } else {
                    if (len + segment > line.length) {
                        line = java.util.Arrays.copyOf(line, Math.min(max, Math.max(line.length * 2, len + segment)));
                    }
                    System.arraycopy(buf, from, line, len, segment);
                    len += segment;
                    row(feed, line, len, false, fields, stage, rejects, counts);
                }
                len = 0;
                from = i + 1;
            }
            int rest = n - from;
            if (rest > 0) {
                if (tooLong) {
                    rejects.write(buf, from, rest);
                } else if (len + rest > max) {
                    tooLong = true;
                    counts.startTooLong(rejects, line, len);
                    rejects.write(buf, from, rest);
                    len = 0;
                } else {
                    if (len + rest > line.length) {
                        line = java.util.Arrays.copyOf(line, Math.min(max, Math.max(line.length * 2, len + rest)));
                    }
                    System.arraycopy(buf, from, line, len, rest);
                    len += rest;
                }
            }
        }
        if (tooLong) {
            counts.endTooLong(rejects);
        } else if (len > 0) {
            // The file ends without '\n': its last line may be cut short.
            row(feed, line, len, true, fields, stage, rejects, counts);
        }
    }

    private static void row(CompiledFeed feed, byte[] line, int len, boolean truncated, String[] fields, FileStage stage,
                            OutputStream rejects, Counts counts) throws Exception {
        counts.read++;
        if (len > 0 && line[len - 1] == '\r') {
            len--;
        }
        String code = truncated ? "TRUNCATED_LINE" : feed.parse(line, len, fields);
        if (code == null) {
            code = stage.check(counts.read, fields);
        }
        if (code == null) {
            stage.accept(counts.read, fields);
        } else {
            counts.reject(rejects, code);
            rejects.write(line, 0, len);
            rejects.write('\n');
            counts.keep(code, line, len);
            stage.reject(counts.read, code);
        }
    }

    /** Running totals of one file. */
    private static final class Counts {
        final MessageDigest digest;
        long read;
        long rejected;
        long bytes;
        long firstRejectLine;
        String firstRejectCode;
        /** The first rejected rows, for the ledger: bounded, so a file of rejects costs no more than this. */
        final List<FileLedger.Rejected> kept = new ArrayList<>();
        final int keep;
        final Charset charset;

        Counts(int keep, Charset charset) {
            this.keep = keep;
            this.charset = charset;
            try {
                digest = MessageDigest.getInstance("MD5");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("MD5 is not available in this JVM", e);
            }
        }

        void reject(OutputStream rejects, String code) throws IOException {
            rejected++;
            if (firstRejectCode == null) {
                firstRejectLine = read;
                firstRejectCode = code;
            }
            rejects.write((read + "|" + code + "|").getBytes(StandardCharsets.US_ASCII));
        }

        /** A line over the limit: its head so far goes to the reject file, the rest streams after it. */
        void startTooLong(OutputStream rejects, byte[] head, int len) throws IOException {
            read++;
            reject(rejects, "LINE_TOO_LONG");
            rejects.write(head, 0, len);
            keep("LINE_TOO_LONG", head, len);
        }

        /** Keeps the row (its head) while fewer than {@code keep} are kept: decoded, masked, cut short, without NUL. */
        void keep(String code, byte[] line, int len) {
            if (kept.size() >= keep) {
                return;
            }
            // a character takes at most 4 bytes in the charsets feeds use: decode no more than what is kept
            String text = new String(line, 0, Math.min(len, 4 * FileLedger.REJECT_TEXT), charset).replace('\u0000', '?');
            text = Msisdn.maskAll(text);
            if (text.length() > FileLedger.REJECT_TEXT) {
                text = text.substring(0, FileLedger.REJECT_TEXT);
            }
            kept.add(new FileLedger.Rejected(read, code, text));
        }

        void endTooLong(OutputStream rejects) throws IOException {
            rejects.write('\n');
        }
    }
}
