package com.carrier.hub.connector.sms;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The parts waiting for a submitter of any bind: the queue {@link SmsGateway#sendAsync} fills (bounded by
 * {@code hub.connectors.sms.queue-capacity}, so senders wait when it is full), and ahead of it the parts a suspect or
 * unbound bind took and did not write.
 */
final class SubmitQueue {

    private final BlockingQueue<PartSubmit> queue;
    /** Parts a suspect bind took and did not write: the next submitter of a healthy bind takes them first. */
    private final ConcurrentLinkedQueue<PartSubmit> handedBack = new ConcurrentLinkedQueue<>();

    SubmitQueue(int capacity) {
        this.queue = new LinkedBlockingQueue<>(capacity);
    }

    /** Queues a part, waiting while the queue is full. */
    void put(PartSubmit part) throws InterruptedException {
        queue.put(part);
    }

    /** The next part: a handed-back one first, else from the queue, waiting at most {@code millis}; null if none. */
    PartSubmit next(long millis) throws InterruptedException {
        PartSubmit part = handedBack.poll();
        return part != null ? part : queue.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** A part a suspect or unbound bind took and did not write goes to the other binds, ahead of the queue. */
    void handBack(PartSubmit part, boolean running) {
        handedBack.add(part);
        if (!running) {
            failUnsent();
        }
    }

    /** Fails every part not yet written: the gateway stopped. */
    void failUnsent() {
        PartSubmit left;
        while ((left = handedBack.poll()) != null || (left = queue.poll()) != null) {
            left.message().failed(left.index(), "sms: gateway stopped before this part was sent; nothing was sent");
        }
    }

    /** Parts waiting, for health details. */
    int size() {
        return queue.size() + handedBack.size();
    }
}
