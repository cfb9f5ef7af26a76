package com.carrier.hub.batchfile;

/** What became of one data file. */
public enum Outcome {
    /** Verified against its control file, rejects under the threshold, valid rows published. */
    ACCEPTED,
    /** Moved to quarantine/ whole with a reason; nothing of it was published. */
    QUARANTINED,
    /** The same name with the same MD5 was already processed: skipped and recorded. */
    DUPLICATE,
    /** Its control file has not arrived and the grace period has not run out: left in place for the next poll. */
    WAITING,
    /** A transient failure (peer or database down): nothing published, the file stays and is retried. */
    FAILED
}
