package com.carrier.hub.batchfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link FileLedger} in memory, for tests and tools; the hub uses its database ledger. */
public final class InMemoryFileLedger implements FileLedger {

    private final Map<String, String> md5ByFile = new ConcurrentHashMap<>();
    private final List<FileResult> results = new ArrayList<>();
    private final Map<String, List<Rejected>> rejects = new ConcurrentHashMap<>();
    private final int rejectsKept;

    /** A ledger that keeps no rejected rows. */
    public InMemoryFileLedger() {
        this(0);
    }

    /** A ledger that keeps the first {@code rejectsKept} rejected rows of each file. */
    public InMemoryFileLedger(int rejectsKept) {
        this.rejectsKept = rejectsKept;
    }

    @Override
    public int rejectsKept() {
        return rejectsKept;
    }

    @Override
    public synchronized void record(FileResult result, List<Rejected> firstRejects) {
        record(result);
        rejects.put(result.feed() + "/" + result.fileName(), List.copyOf(firstRejects));
    }

    /** The rejected rows kept with the file's last record. */
    public List<Rejected> rejects(String feed, String fileName) {
        return rejects.getOrDefault(feed + "/" + fileName, List.of());
    }

    @Override
    public Optional<String> processedMd5(String feed, String fileName) {
        return Optional.ofNullable(md5ByFile.get(feed + "/" + fileName));
    }

    @Override
    public synchronized void record(FileResult result) {
        results.add(result);
        if ((result.outcome() == Outcome.ACCEPTED || result.outcome() == Outcome.QUARANTINED) && result.md5() != null
                && !"NAME_CONFLICT".equals(result.reason())) {
            md5ByFile.putIfAbsent(result.feed() + "/" + result.fileName(), result.md5());
        }
    }

    public synchronized List<FileResult> results() {
        return List.copyOf(results);
    }
}
