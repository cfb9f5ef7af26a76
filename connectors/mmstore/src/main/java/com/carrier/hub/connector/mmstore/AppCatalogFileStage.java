package com.carrier.hub.connector.mmstore;

import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.carrier.hub.batchfile.FileStage;

/**
 * Where the batch-file engine puts the rows of one {@code MM_APPS_<yyyyMMdd>.dat} (feed {@code mm-apps},
 * {@code StandardFeeds.mmApps()}): each row the engine's declared rules let through is parsed by
 * {@link MmAppRowParser} and staged; {@link #publish()} swaps the whole file in as the catalog; a quarantined file is
 * discarded and the previous catalog stays.
 *
 * <p>The engine's declared rules already reject, into {@code NAME.rej}, the rows this parser would refuse for field
 * count, empty app id, name or models, bad numbers and bad status. Two rules only the parser knows: a models list of
 * nothing but commas and spaces ({@code EMPTY_MODELS}) and a repeated app id ({@code DUPLICATE_APP_ID}). A stage has
 * no reject channel, so such rows are left out of the catalog, logged with line number and code, and reported by
 * {@link #skipped()}.
 */
public class AppCatalogFileStage implements FileStage {

    private static final Logger LOG = LoggerFactory.getLogger(AppCatalogFileStage.class);

    /** A row left out of the catalog after the engine accepted it. */
    public record Skipped(long lineNumber, RowRejection rejection) {
    }

    private final MmAppRowParser parser;
    private final AppCatalog.Staging staging;
    private final String fileName;
    private final List<Skipped> skipped = new ArrayList<>();

    public AppCatalogFileStage(AppCatalog catalog, MmAppRowParser parser, String fileName) {
        this.parser = parser;
        this.staging = catalog.stage(fileName);
        this.fileName = fileName;
    }

    /** A factory the feed's ingest processor opens one stage a file with. */
    public static FileStage.Factory factory(AppCatalog catalog, MmAppRowParser parser) {
        return (feed, fileName) -> new AppCatalogFileStage(catalog, parser, fileName);
    }

    @Override
    public void accept(long lineNumber, String[] fields) {
        MmAppRowParser.Result row = parser.parse(List.of(fields));
        RowRejection rejection = row.accepted() ? staging.add(row.app()).orElse(null) : row.rejection();
        if (rejection != null) {
            skipped.add(new Skipped(lineNumber, rejection));
            LOG.warn("mmstore: {} line {} left out of the catalog: {} {}", fileName, lineNumber, rejection.code(),
                    rejection.message());
        }
    }

    @Override
    public void publish() {
        AppCatalog.Snapshot s = staging.publish();
        LOG.info("mmstore: catalog {} published with {} apps ({} rows left out)", fileName, s.apps().size(),
                skipped.size());
    }

    @Override
    public void discard() {
        // Nothing was published; the staged apps are simply dropped with this object.
    }

    public List<Skipped> skipped() {
        return List.copyOf(skipped);
    }
}
