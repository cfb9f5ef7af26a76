package com.carrier.hub.batchfile;

import java.util.ArrayList;
import java.util.List;

/** A stage that keeps rows in memory and exposes what was published (tests only). */
class CollectingStage implements FileStage {

    final List<String[]> staged = new ArrayList<>();
    final List<String[]> published = new ArrayList<>();
    boolean failOnPublish;
    int discards;
    /** What {@link #expect} heard, and how many rows were staged by then; -1 when it was not called. */
    long expected = -1;
    int stagedWhenExpected = -1;

    @Override
    public void expect(long rows) {
        expected = rows;
        stagedWhenExpected = staged.size();
    }

    @Override
    public void accept(long lineNumber, String[] fields) {
        staged.add(fields.clone());
    }

    @Override
    public void publish() {
        if (failOnPublish) {
            throw new IllegalStateException("database down: connection refused");
        }
        published.addAll(staged);
        staged.clear();
    }

    @Override
    public void discard() {
        discards++;
        staged.clear();
    }
}
