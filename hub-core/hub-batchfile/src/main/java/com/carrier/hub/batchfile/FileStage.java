package com.carrier.hub.batchfile;

/**
 * Where a file's valid rows wait until the file is known good: the engine stages every valid row, then either
 * {@link #publish()}es them all as one unit or {@link #discard()}s them, so nothing of a quarantined file is
 * published. Implementations: a PostgreSQL COPY into a staging table published by set-based SQL in one transaction
 * ({@code jdbc.CopyStage}), or anything else that can be all-or-nothing.
 */
public interface FileStage extends AutoCloseable {

    /**
     * Stages one valid row.
     *
     * @param lineNumber 1-based line in the data file (rows of one key apply in line order)
     * @param fields     the decoded values, one per declared field; the array is reused after the call returns
     */
    void accept(long lineNumber, String[] fields) throws Exception;

    /**
     * A rule on a row that only the stage can decide, asked for each row that passed its fields' validation, before
     * {@link #accept}: a lookup in the hub's data, such as a call result whose task the hub never issued
     * ({@code UNKNOWN_TASK}). A refused row goes to the reject file with the code, counts against the reject
     * threshold like any other, and is never accepted.
     *
     * @param lineNumber 1-based line in the data file
     * @param fields     the decoded values, one per declared field; the array is reused after the call returns
     * @return the reject reason code, or null to accept the row
     */
    default String check(long lineNumber, String[] fields) throws Exception {
        return null;
    }

    /**
     * Hears of a row that failed its fields' validation and went to the reject file. Most stages ignore it; one whose
     * consumer counts refused rows too passes it on (a target list's BAD_MSISDN rows are targeted and excluded, PEERS
     * §7.2 step 1).
     *
     * @param lineNumber 1-based line in the data file
     * @param code       the reject reason code, as in the reject file
     */
    default void reject(long lineNumber, String code) throws Exception {
    }

    /**
     * Hears, before the first row, how many rows the file's control file announces, so a stage can size its work to
     * the file (a pipelined stage cuts a small file into smaller slices). Only a hint: the count is verified after the
     * last row, and a file that lies about it is quarantined as usual. Most stages ignore it; a stage that wraps
     * another passes it on.
     *
     * @param rows the control file's record count
     */
    default void expect(long rows) throws Exception {
    }

    /** Publishes every staged row as one unit; throws (and publishes nothing) when it cannot. */
    void publish() throws Exception;

    /** Drops the staged rows; never throws. */
    void discard();

    /** Releases resources; discards anything not published. */
    @Override
    default void close() {
        discard();
    }

    /** Opens a stage for one file of one feed. */
    @FunctionalInterface
    interface Factory {
        FileStage open(CompiledFeed feed, String fileName) throws Exception;
    }
}
