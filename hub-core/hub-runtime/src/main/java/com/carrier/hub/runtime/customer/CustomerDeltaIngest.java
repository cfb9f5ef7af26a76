package com.carrier.hub.runtime.customer;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.SynchronizationAdapter;

import com.carrier.hub.batchfile.BatchFileEngine;
import com.carrier.hub.batchfile.CompiledFeed;
import com.carrier.hub.batchfile.FeedDefinition;
import com.carrier.hub.batchfile.Outcome;
import com.carrier.hub.batchfile.StandardFeeds;
import com.carrier.hub.batchfile.camel.BatchFileHeaders;
import com.carrier.hub.batchfile.camel.FeedIngestProcessor;
import com.carrier.hub.batchfile.jdbc.BossTablePublishers;
import com.carrier.hub.batchfile.jdbc.PipelinedCopyStage;
import com.carrier.hub.batchfile.jdbc.ExportingStage;
import com.carrier.hub.batchfile.sftp.SftpFolder;

/**
 * BOSS customer delta → customer index and the warehouse CUSTOMER feed: runs the batch-file engine with a COPY stage
 * published into {@code customer} (update_time and tombstone rules) slice by slice while the file is still being read
 * ({@link PipelinedCopyStage}: one transaction, committed after the last slice) that also writes the accepted rows as
 * {@code CUSTOMER_<yyyyMMdd>_<seq4>.dat} (UTF-8, §2.2) — finished only once the index is published. When it is, the
 * header {@value #EXPORT_HEADER} holds the local data file for the warehouse-feed-sink Kamelet; the local pair is
 * removed when the exchange completes.
 */
public class CustomerDeltaIngest implements Processor {

    /** Header: the local CUSTOMER data file to upload (its control file beside it). */
    public static final String EXPORT_HEADER = "HubFileExport";

    private static final Pattern DELTA = Pattern.compile("CUST_DELTA_(\\d{8})_(\\d{4})\\.dat");

    private final FeedIngestProcessor ingest;
    private final Path exportDir;

    public CustomerDeltaIngest(FeedDefinition feed, BatchFileEngine engine, DataSource dataSource,
                               SftpFolder.Opener folders, IdempotentRepository claims, Path exportDir) throws IOException {
        this.exportDir = Files.createDirectories(exportDir);
        CompiledFeed export = StandardFeeds.customerOut().compile();
        this.ingest = new FeedIngestProcessor(feed, engine,
                (compiled, fileName) -> new ExportingStage(
                        PipelinedCopyStage.open(dataSource, compiled, fileName, BossTablePublishers.customerIndex(),
                                PipelinedCopyStage.DEFAULT_SLICE_ROWS),
                        compiled, export, this.exportDir, exportName(fileName)),
                folders, claims);
    }

    /** {@code CUST_DELTA_20261122_0001.dat} → {@code CUSTOMER_20261122_0001.dat}. */
    static String exportName(String deltaName) {
        Matcher m = DELTA.matcher(deltaName);
        if (m.matches()) {
            return "CUSTOMER_" + m.group(1) + "_" + m.group(2) + ".dat";
        }
        // A province's other naming: today's date and a sequence derived from the source name.
        return "CUSTOMER_" + LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).toString().replace("-", "")
                + "_" + String.format("%04d", Math.floorMod(deltaName.hashCode(), 10_000)) + ".dat";
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        ingest.process(exchange);
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        if (name == null || !Outcome.ACCEPTED.name().equals(exchange.getMessage().getHeader(BatchFileHeaders.OUTCOME))) {
            return;
        }
        File data = exportDir.resolve(exportName(name)).toFile();
        File control = exportDir.resolve(exportName(name).replaceAll("\\.dat$", ".chk")).toFile();
        if (data.isFile() && control.isFile()) {
            exchange.getMessage().setHeader(EXPORT_HEADER, data);
            exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                @Override
                public void onComplete(Exchange done) {
                    data.delete();
                    control.delete();
                }
            });
        }
    }
}
