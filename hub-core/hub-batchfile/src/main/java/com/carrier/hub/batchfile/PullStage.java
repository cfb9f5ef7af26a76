package com.carrier.hub.batchfile;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Hands a file's valid rows to a consumer that pulls them through an {@link Iterator} in its own transaction — for
 * example the campaign engine taking a target list whole or not at all. The iterator's last {@code hasNext()}
 * answers only when the engine has decided: {@code false} once the file is to be published (the consumer then
 * commits), an exception when it is discarded (the consumer's transaction rolls back). So nothing of a quarantined
 * file is published, and the rows flow through a small queue: the heap never holds the file.
 *
 * @param <R> what the consumer returns
 */
public final class PullStage<R> implements FileStage {

    /** Takes every row of a file, in line order. */
    @FunctionalInterface
    public interface Consumer<R> {
        R consume(Iterator<Row> rows) throws Exception;
    }

    /**
     * One row: its line number and its field values, or, for a rejected row passed on ({@link #passing}), no values
     * and its reject code.
     */
    public record Row(long lineNumber, String[] fields, String rejectCode) {
        public Row(long lineNumber, String[] fields) {
            this(lineNumber, fields, null);
        }
    }

    private static final Object END = new Object();
    private static final Object ABORT = new Object();

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(8192);
    private final Future<R> result;
    private boolean finished;
    private Set<String> passing = Set.of();

    public PullStage(Consumer<R> consumer, ExecutorService executor) {
        Iterator<Row> rows = new Iterator<>() {
            private Object next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    try {
                        next = queue.take();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while waiting for rows", e);
                    }
                }
                if (next == ABORT) {
                    throw new IllegalStateException("the file was not published: its rows are withdrawn");
                }
                return next != END;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Row row = (Row) next;
                next = null;
                return row;
            }
        };
        this.result = executor.submit(() -> consumer.consume(rows));
    }

    @Override
    public void accept(long lineNumber, String[] fields) throws Exception {
        put(new Row(lineNumber, fields.clone()));
    }

    /** Passes rejected rows with these codes on to the consumer too, in line order with the valid ones. */
    public PullStage<R> passing(String... rejectCodes) {
        this.passing = Set.of(rejectCodes);
        return this;
    }

    @Override
    public void reject(long lineNumber, String code) throws Exception {
        if (passing.contains(code)) {
            put(new Row(lineNumber, null, code));
        }
    }

    @Override
    public void publish() throws Exception {
        put(END);
        finished = true;
        result();
    }

    /** The consumer's result once published. */
    public R result() throws Exception {
        try {
            return result.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    @Override
    public void discard() {
        if (finished) {
            return;
        }
        finished = true;
        queue.clear();
        queue.offer(ABORT);
        try {
            result.get(30, TimeUnit.SECONDS);
        } catch (Exception expected) {
            // the consumer fails on ABORT and rolls back; that is the point
        }
    }

    private void put(Object item) throws Exception {
        while (!queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
            if (result.isDone()) {
                result(); // the consumer gave up: surface why
                throw new IllegalStateException("the row consumer stopped before the end of the file");
            }
        }
    }
}
