package com.carrier.hub.connector.boss;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.carrier.hub.batchfile.CompiledFeed;
import com.carrier.hub.batchfile.FileStage;

/** Stages rows in memory and adds them to a shared "published" list only on publish (tests only). */
final class RecordingStage implements FileStage {

    static final List<String[]> PUBLISHED = new CopyOnWriteArrayList<>();

    private final List<String[]> staged = new ArrayList<>();

    static FileStage.Factory factory() {
        return (CompiledFeed feed, String fileName) -> new RecordingStage();
    }

    @Override
    public void accept(long lineNumber, String[] fields) {
        staged.add(fields.clone());
    }

    @Override
    public void publish() {
        PUBLISHED.addAll(staged);
        staged.clear();
    }

    @Override
    public void discard() {
        staged.clear();
    }
}
