package com.carrier.hub.batchfile.jdbc;

import java.nio.file.Path;
import java.util.List;

import com.carrier.hub.batchfile.CompiledFeed;
import com.carrier.hub.batchfile.ControlFile;
import com.carrier.hub.batchfile.FeedFileWriter;
import com.carrier.hub.batchfile.FileStage;

/**
 * A stage that also writes the accepted rows as a feed file for another peer (the BOSS customer delta becomes the
 * warehouse's CUSTOMER feed, §2.2), field by field by name. The file is finished — renamed into place, control file
 * last — only after the inner stage has published; a discarded stage leaves no file.
 */
public final class ExportingStage implements FileStage {

    private final FileStage inner;
    private final FeedFileWriter writer;
    private final int[] map;
    private final String[] out;
    private ControlFile written;

    public ExportingStage(FileStage inner, CompiledFeed source, CompiledFeed export, Path dir, String exportName) throws Exception {
        this.inner = inner;
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
    public void publish() throws Exception {
        inner.publish();
        written = writer.finish();
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
