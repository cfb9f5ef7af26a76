package com.carrier.hub.batchfile.camel;

/** Names of the exchange headers and properties the batch-file Kamelets and {@link FeedIngestProcessor} share. */
public final class BatchFileHeaders {

    private BatchFileHeaders() {
    }

    /** Header on the outgoing message: where the pair went, {@code done} or {@code quarantine} (absent when it stayed). */
    public static final String MOVED_TO = "HubFileMovedTo";

    /** Header on the outgoing message: the {@link com.carrier.hub.batchfile.Outcome} name. */
    public static final String OUTCOME = "HubFileOutcome";
}
