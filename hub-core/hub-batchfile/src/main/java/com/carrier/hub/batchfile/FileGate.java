package com.carrier.hub.batchfile;

import java.util.Optional;

/**
 * A feed's own condition on a whole file, checked before it is read: a target list whose campaign is unknown is
 * refused with {@code UNKNOWN_CAMPAIGN} (PEERS.md §2.1), for example. A refused file is quarantined whole.
 */
@FunctionalInterface
public interface FileGate {

    /** Why the file is refused, or empty to let it through. */
    Optional<Refusal> check(String fileName);

    /** A reason code and what was wrong, in words. */
    record Refusal(String code, String detail) {
    }

    /** Lets every file through. */
    static FileGate open() {
        return name -> Optional.empty();
    }
}
