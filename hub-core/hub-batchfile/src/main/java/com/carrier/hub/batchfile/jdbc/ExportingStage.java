package com.carrier.hub.batchfile.jdbc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.carrier.hub.batchfile.CompiledFeed;
import com.carrier.hub.batchfile.ControlFile;
import com.carrier.hub.batchfile.FeedFileWriter;
import com.carrier.hub.batchfile.FeedShipper;
import com.carrier.hub.batchfile.FileStage;

/**
 * A stage that also writes the accepted rows as a feed file for another peer (the BOSS customer delta becomes the
 * warehouse's CUSTOMER feed, §2.2), field by field by name. A discarded stage leaves no file anywhere.
 * <ul>
 *   <li>Without a shipper, the local pair is finished (renamed into place, control file last) only after the inner stage
 *       has published, for the route to deliver.</li>
 *   <li>With a {@link FeedShipper}, the local pair is finished as soon as the last row is in and its upload starts under a
 *       temporary name while the inner stage publishes (with a {@link PipelinedCopyStage} the database is still working
 *       through its last slices then); it is released to the peer only after the publication committed, and the local
 *       pair is removed once delivered.</li>
 * </ul>
 */
public final class ExportingStage implements FileStage {

    private static final Logger LOG = LoggerFactory.getLogger(ExportingStage.class);

    private final FileStage inner;
    private final FeedFileWriter writer;
    private final int[] map;
    private final String[] out;
    private final Path data;
    private final FeedShipper shipper;
    private ControlFile written;

    public ExportingStage(FileStage inner, CompiledFeed source, CompiledFeed export, Path dir, String exportName) throws Exception {
        this(inner, source, export, dir, exportName, null);
    }

    public ExportingStage(FileStage inner, CompiledFeed source, CompiledFeed export, Path dir, String exportName,
                          FeedShipper shipper) throws Exception {
        this.inner = inner;
        this.data = dir.resolve(exportName);
        this.shipper = shipper;
        this.writer = FeedFileWriter.open(export, dir, exportName);
        List<String> from = source.fieldNames();
        List<String> to = export.fieldNames();
        this.map = new int[to.size()];
        for (int i = 0; i < map.length; i++) {
            map[i] = from.indexOf(to.get(i));
        }
        this.out = new String[map.length];
    }

    @Override
    public void accept(long lineNumber, String[] fields) throws Exception {
        inner.accept(lineNumber, fields);
        for (int i = 0; i < map.length; i++) {
            out[i] = map[i] < 0 ? "" : fields[map[i]];
        }
        writer.row(out);
    }

    @Override
    public void expect(long rows) throws Exception {
        inner.expect(rows);
    }

    @Override
    public void reject(long lineNumber, String code) throws Exception {
        inner.reject(lineNumber, code);
    }

    @Override
    public void publish() throws Exception {
        if (shipper == null) {
            inner.publish();
            written = writer.finish();
            return;
        }
        ControlFile finished = writer.finish();
        Path control = data.resolveSibling(ControlFile.nameFor(data.getFileName().toString()));
        try {
            long t0 = System.nanoTime();
            FeedShipper.Shipment shipment = shipper.start(data, control);
            try {
                inner.publish();
            } catch (Exception | Error e) {
                shipment.abort();
                throw e;
            }
            long t1 = System.nanoTime();
            shipment.release();
            written = finished;
            LOG.info("export {}: {} rows, {} bytes shipped; publication {} ms, then waited {} ms for the upload",
                    data.getFileName(), finished.recordCount(), finished.byteSize(), (t1 - t0) / 1_000_000,
                    (System.nanoTime() - t1) / 1_000_000);
        } finally {
            deleteLocal(control);
        }
    }

    private void deleteLocal(Path control) throws IOException {
        Files.deleteIfExists(data);
        Files.deleteIfExists(control);
    }

    @Override
    public void discard() {
        try {
            inner.discard();
        } finally {
            writer.close();
        }
    }

    /** The export's control record once published, else null. */
    public ControlFile written() {
        return written;
    }
}
