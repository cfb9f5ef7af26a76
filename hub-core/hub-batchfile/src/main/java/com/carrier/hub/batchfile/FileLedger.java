package com.carrier.hub.batchfile;

import java.util.List;
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

    /**
     * A rejected row kept with its file's record: its line number, reason code and the line as read in the feed's
     * encoding, every mobile number masked, cut to {@link #REJECT_TEXT} characters.
     */
    record Rejected(long line, String reason, String text) {
    }

    /** The longest text of a kept rejected row; the reject file on the peer's server has the whole line. */
    int REJECT_TEXT = 500;

    /** How many rejected rows of each file the ledger keeps, the first ones of the file; 0 keeps none. */
    default int rejectsKept() {
        return 0;
    }

    /** Records a file's result with its first rejected rows (at most {@link #rejectsKept()}). */
    default void record(FileResult result, List<Rejected> firstRejects) {
        record(result);
    }
}
