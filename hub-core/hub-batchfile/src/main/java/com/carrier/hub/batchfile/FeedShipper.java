package com.carrier.hub.batchfile;

import java.nio.file.Path;

/**
 * Delivers a feed file pair the hub wrote (PEERS.md §2.2) to its peer in two steps, so the long transfer can run while
 * the file it derives from is still being published: {@link #start} sends the data file under a temporary name the peer
 * ignores; {@link Shipment#release()} renames it into place and only then sends the control file;
 * {@link Shipment#abort()} removes what was sent. A peer never sees a data file before its publication committed, nor
 * a control file before its data file.
 */
public interface FeedShipper {

    /** Starts sending {@code data} (its control file {@code control} beside it) in the background. */
    Shipment start(Path data, Path control);

    /** One pair on its way. */
    interface Shipment {

        /** Waits for the data file to arrive, renames it into place, then sends the control file. */
        void release() throws Exception;

        /** Stops and removes the partial or temporary data file on the peer; never throws. */
        void abort();
    }
}
