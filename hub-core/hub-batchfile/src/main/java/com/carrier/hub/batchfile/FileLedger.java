package com.carrier.hub.batchfile;

import java.util.Optional;

/**
 * The record of files already processed, by feed and name, with their MD5 and reconciliation; the source of the
 * duplicate rules (same name and MD5: skipped; same name, other MD5: quarantined as a conflict). The runtime keeps it
 * in the database so a restart or a second hub instance sees the same history.
 */
public interface FileLedger {

    /** MD5 of the file of this name that was processed to a final outcome (ACCEPTED or QUARANTINED), if any. */
    Optional<String> processedMd5(String feed, String fileName);

    /** Records one file's result (every outcome, for the reconciliation view). */
    void record(FileResult result);
}
