package com.carrier.hub.batchfile;

import java.util.ArrayList;
import java.util.List;

/** A stage that keeps rows in memory and exposes what was published (tests only). */
class CollectingStage implements FileStage {

    final List<String[]> staged = new ArrayList<>();
    final List<String[]> published = new ArrayList<>();
    boolean failOnPublish;
    int discards;

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
