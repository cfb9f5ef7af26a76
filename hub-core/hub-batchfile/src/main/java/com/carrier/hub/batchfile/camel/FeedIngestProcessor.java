package com.carrier.hub.batchfile.camel;

import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.spi.IdempotentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.carrier.hub.batchfile.BatchFileEngine;
import com.carrier.hub.batchfile.CompiledFeed;
import com.carrier.hub.batchfile.ControlFile;
import com.carrier.hub.batchfile.FeedDefinition;
import com.carrier.hub.batchfile.FileGate;
import com.carrier.hub.batchfile.FileNames;
import com.carrier.hub.batchfile.FileResult;
import com.carrier.hub.batchfile.FileStage;
import com.carrier.hub.batchfile.Outcome;
import com.carrier.hub.batchfile.sftp.SftpFolder;

/**
 * Runs the batch-file engine on a data file delivered by a feed's source Kamelet: camel-ftp's sftp consumer with
 * {@code streamDownload=true} (the body streams from the server, never held whole), {@code noop=true} and the hub's
 * idempotent repository claiming {@code ${file:name}-${file:size}-${file:modified}}.
 *
 * <p>What happens to the pair on the peer's server follows the outcome:
 * <ul>
 *   <li>ACCEPTED or DUPLICATE: data and control file move to {@code done/}, with {@code NAME.rej} when rows were
 *       rejected;</li>
 *   <li>QUARANTINED: the pair moves to {@code quarantine/} with {@code NAME.rej} and {@code NAME.reason};</li>
 *   <li>WAITING (control file not there yet, grace not over) or FAILED (SFTP or database trouble): both stay, the
 *       claim is released so the next poll tries again, nothing is published; a failure is recorded each time.</li>
 * </ul>
 * The processor never throws for a file's trouble, so a route's error handling cannot mistake a retry for a
 * dead letter. The message body becomes the {@link FileResult}; headers {@link BatchFileHeaders#OUTCOME} and
 * {@link BatchFileHeaders#MOVED_TO}.
 */
public class FeedIngestProcessor implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(FeedIngestProcessor.class);

    private final FeedDefinition feed;
    private final BatchFileEngine engine;
    private final FileStage.Factory stages;
    private final SftpFolder.Opener folders;
    private final IdempotentRepository claims;
    private FileGate gate = FileGate.open();

    /**
     * @param feed    the feed's definition (checked now: a wrong definition fails start-up, naming the property)
     * @param stages  where valid rows are staged and published as a unit
     * @param folders opens the feed's folder on the peer (the connector's settings)
     * @param claims  the idempotent repository the Kamelet's consumer uses, to release a claim for a retry
     */
    public FeedIngestProcessor(FeedDefinition feed, BatchFileEngine engine, FileStage.Factory stages,
                               SftpFolder.Opener folders, IdempotentRepository claims) {
        this.feed = feed;
        feed.compile();
        this.engine = engine;
        this.stages = stages;
        this.folders = folders;
        this.claims = claims;
    }

    /** Adds the feed's own whole-file condition (checked after the control file, before reading). */
    public FeedIngestProcessor withGate(FileGate gate) {
        this.gate = gate;
        return this;
    }

    public FeedDefinition feed() {
        return feed;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        CompiledFeed compiled = feed.compile();
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        String dir = exchange.getMessage().getHeader(Exchange.FILE_PARENT, String.class);
        Long modified = exchange.getMessage().getHeader(Exchange.FILE_LAST_MODIFIED, Long.class);
        Instant writtenAt = modified == null ? Instant.now() : Instant.ofEpochMilli(modified);
        if (dir != null && !dir.startsWith("/")) {
            dir = "/" + dir;
        }

        FileResult result;
        try (SftpFolder folder = folders.open(dir)) {
            String nameProblem = FileNames.problem(name);
            byte[] control = nameProblem == null ? folder.readIfExists(ControlFile.nameFor(name)) : null;
            Optional<FileResult> early = engine.precheck(compiled, name, control, writtenAt);
            if (early.isPresent() && early.get().outcome() == Outcome.WAITING) {
                LOG.debug("{}", early.get().detail());
                release(exchange, early.get());
                return;
            }
            if (early.isPresent() && nameProblem != null) {
                // Never used to build a path: recorded, left where it is, not claimed again until it changes.
                LOG.warn("{}", early.get().detail());
                finish(exchange, early.get(), null);
                return;
            }
            if (early.isEmpty()) {
                Optional<FileGate.Refusal> refused = gate.check(name);
                if (refused.isPresent()) {
                    early = Optional.of(engine.refuse(compiled, name, refused.get().code(), refused.get().detail(), control));
                }
            }
            Path rejects = Files.createTempFile("hub-" + compiled.name() + "-", ".rej");
            try {
                if (early.isPresent()) {
                    result = early.get();
                } else {
                    try (InputStream data = exchange.getMessage().getMandatoryBody(InputStream.class);
                         OutputStream rej = new BufferedOutputStream(Files.newOutputStream(rejects), 64 * 1024);
                         FileStage stage = stages.open(compiled, name)) {
                        result = engine.ingest(compiled, name, data, control, stage, rej);
                    }
                }
                String target = result.outcome() == Outcome.QUARANTINED ? "quarantine" : "done";
                String base = name.substring(0, name.lastIndexOf('.') > 0 ? name.lastIndexOf('.') : name.length());
                if (Files.size(rejects) > 0) {
                    try (InputStream in = Files.newInputStream(rejects)) {
                        folder.put(target + "/" + base + ".rej", in);
                    }
                }
                if (result.outcome() == Outcome.QUARANTINED) {
                    folder.put(target + "/" + base + ".reason", result.reasonText().getBytes(StandardCharsets.UTF_8));
                    LOG.warn("{}", result.detail());
                }
                folder.moveInto(target, name);
                folder.moveInto(target, ControlFile.nameFor(name));
                finish(exchange, result, target);
            } finally {
                Files.deleteIfExists(rejects);
            }
        } catch (Exception e) {
            LOG.warn("{}: {} not published; it stays on the server and is retried at the next poll: {}",
                    compiled.name(), FileNames.printable(name), e.toString());
            release(exchange, null);
        }
    }

    private static void finish(Exchange exchange, FileResult result, String target) {
        exchange.getMessage().setHeader(BatchFileHeaders.OUTCOME, result.outcome().name());
        if (target != null) {
            exchange.getMessage().setHeader(BatchFileHeaders.MOVED_TO, target);
        }
        exchange.getMessage().setBody(result);
    }

    /** Lets the next poll take the file again. */
    private void release(Exchange exchange, FileResult result) {
        String key = exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class) + "-"
                + exchange.getMessage().getHeader(Exchange.FILE_LENGTH, Long.class) + "-"
                + exchange.getMessage().getHeader(Exchange.FILE_LAST_MODIFIED, Long.class);
        claims.remove(key);
        exchange.getMessage().setHeader(BatchFileHeaders.OUTCOME, result == null ? Outcome.FAILED.name() : result.outcome().name());
        exchange.getMessage().setBody(result);
    }
}
