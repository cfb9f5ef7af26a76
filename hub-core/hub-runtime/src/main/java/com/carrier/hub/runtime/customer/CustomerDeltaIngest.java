package com.carrier.hub.runtime.customer;

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

import com.carrier.hub.api.HubTime;
import com.carrier.hub.batchfile.BatchFileEngine;
import com.carrier.hub.batchfile.CompiledFeed;
import com.carrier.hub.batchfile.FeedDefinition;
import com.carrier.hub.batchfile.FeedShipper;
import com.carrier.hub.batchfile.StandardFeeds;
import com.carrier.hub.batchfile.camel.FeedIngestProcessor;
import com.carrier.hub.batchfile.jdbc.ExportingStage;
import com.carrier.hub.batchfile.jdbc.PipelinedCopyStage;
import com.carrier.hub.batchfile.sftp.SftpFolder;

/**
 * BOSS customer delta → customer index and the warehouse CUSTOMER feed: runs the batch-file engine with a COPY stage
 * published into {@code customer} (update_time and tombstone rules) slice by slice while the file is still being read
 * ({@link PipelinedCopyStage}: one transaction, committed after the last slice) that also writes the accepted rows as
 * {@code CUSTOMER_<yyyyMMdd>_<seq4>.dat} (UTF-8, §2.2). The CUSTOMER pair goes to the warehouse through the
 * {@link FeedShipper} (the warehouse connector's SFTP folder): uploaded under a temporary name while the index's last
 * slices are published, released (renamed, control file last) once the index has committed, never for a file that
 * was quarantined or failed. Without a shipper (warehouse connector off) only the index is fed.
 */
public class CustomerDeltaIngest implements Processor {

    private static final Pattern DELTA = Pattern.compile("CUST_DELTA_(\\d{8})_(\\d{4})\\.dat");

    private final FeedIngestProcessor ingest;

    public CustomerDeltaIngest(FeedDefinition feed, BatchFileEngine engine, DataSource dataSource,
                               SftpFolder.Opener folders, IdempotentRepository claims, Path exportDir,
                               FeedShipper warehouse) throws IOException {
        Path dir = Files.createDirectories(exportDir);
        CompiledFeed export = StandardFeeds.customerOut().compile();
        this.ingest = new FeedIngestProcessor(feed, engine, (compiled, fileName) -> {
            PipelinedCopyStage index = PipelinedCopyStage.open(dataSource, compiled, fileName,
                    BossTablePublishers.customerIndexSlices(), PipelinedCopyStage.DEFAULT_SLICE_ROWS);
            return warehouse == null ? index
                    : new ExportingStage(index, compiled, export, dir, exportName(fileName), warehouse);
        }, folders, claims);
    }

    /** {@code CUST_DELTA_20261122_0001.dat} → {@code CUSTOMER_20261122_0001.dat}. */
    static String exportName(String deltaName) {
        Matcher m = DELTA.matcher(deltaName);
        if (m.matches()) {
            return "CUSTOMER_" + m.group(1) + "_" + m.group(2) + ".dat";
        }
        // A province's other naming: today's date and a sequence derived from the source name.
        return "CUSTOMER_" + LocalDate.now(HubTime.ZONE).toString().replace("-", "")
                + "_" + String.format("%04d", Math.floorMod(deltaName.hashCode(), 10_000)) + ".dat";
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        ingest.process(exchange);
    }
}
