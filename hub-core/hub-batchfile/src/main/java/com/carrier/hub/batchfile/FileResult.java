package com.carrier.hub.batchfile;

import java.time.Duration;
import java.time.Instant;

/**
 * The reconciliation record of one data file: rows read = accepted + rejected, bytes, timings, outcome and reason.
 *
 * @param feed          feed name, for example {@code customer-delta}
 * @param fileName      the data file's name (no directory)
 * @param outcome       what became of it
 * @param reason        reason code of a quarantine, duplicate, wait or failure; null when accepted cleanly
 * @param detail        what was wrong and where, in words (no personal data)
 * @param rowsRead      lines read
 * @param rowsAccepted  rows that passed validation (published only when {@code outcome} is ACCEPTED, see
 *                      {@link #rowsPublished()})
 * @param rowsRejected  rows written to the reject file
 * @param bytes         bytes read
 * @param md5           MD5 of the bytes read, lower-case hex; the control file's claim when the data was not read
 * @param startedAt     when processing began
 * @param finishedAt    when processing ended
 */
public record FileResult(String feed, String fileName, Outcome outcome, String reason, String detail,
                         long rowsRead, long rowsAccepted, long rowsRejected, long bytes, String md5,
                         Instant startedAt, Instant finishedAt) {

    public FileResult {
        if (rowsRead != rowsAccepted + rowsRejected) {
            throw new IllegalArgumentException("rows read " + rowsRead + " != accepted " + rowsAccepted + " + rejected " + rowsRejected);
        }
    }

    /** A result for a file that was not read (duplicate, waiting, bad name, conflict). */
    public static FileResult unread(String feed, String fileName, Outcome outcome, String reason, String detail,
                                    String md5, Instant at) {
        return new FileResult(feed, fileName, outcome, reason, detail, 0, 0, 0, 0, md5, at, at);
    }

    /** Rows the file published: the valid rows of an ACCEPTED file; none of a quarantined or failed one. */
    public long rowsPublished() {
        return outcome == Outcome.ACCEPTED ? rowsAccepted : 0;
    }

    public long durationMs() {
        return Duration.between(startedAt, finishedAt).toMillis();
    }

    /** The text of the {@code NAME.reason} file written beside a quarantined pair. */
    public String reasonText() {
        return reason + "|" + (detail == null ? "" : detail) + "\n";
    }
}
