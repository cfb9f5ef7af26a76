package com.carrier.hub.runtime.campaign;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.server.ResponseStatusException;

/**
 * Admits the target lists the API is given (upload, query, group) through a bounded queue: at most
 * {@code concurrency} lists are staged and decided at once — each takes database connections, a large one several —
 * and at most {@code queue} more wait; a list beyond that is refused with 429 and Retry-After, its campaign untouched.
 * The lists of one campaign are taken one at a time, so a customer in two lists sent together is coded DUPLICATE in
 * the later one instead of racing on the campaign's contact key.
 */
@Component
public class ListDecisionGate {

    /** Settings of the admission of target lists, {@code hub.campaigns.decisions}. */
    @ConfigurationProperties("hub.campaigns.decisions")
    @Validated
    public static class Settings {

        /** Lists staged and decided at once. Each holds a database connection, a list decided in parts up to six. */
        @Min(1)
        private int concurrency = 2;

        /** Lists waiting for their turn; one more is refused with 429. */
        @Min(0)
        private int queue = 16;

        /** The Retry-After of a refused list. */
        private Duration retryAfter = Duration.ofSeconds(10);

        public int getConcurrency() {
            return concurrency;
        }

        public void setConcurrency(int concurrency) {
            this.concurrency = concurrency;
        }

        public int getQueue() {
            return queue;
        }

        public void setQueue(int queue) {
            this.queue = queue;
        }

        public Duration getRetryAfter() {
            return retryAfter;
        }

        public void setRetryAfter(Duration retryAfter) {
            this.retryAfter = retryAfter;
        }
    }

    /** 429: the queue is full. */
    public static class Busy extends ResponseStatusException {
        private final HttpHeaders headers = new HttpHeaders();

        Busy(String message, Duration retryAfter) {
            super(HttpStatus.TOO_MANY_REQUESTS, message);
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
            getBody().setDetail(message);
        }

        @Override
        public HttpHeaders getHeaders() {
            return headers;
        }
    }

    private final Settings settings;
    private final Semaphore admitted;
    private final Semaphore running;
    /**
     * A campaign's lists wait on the lock its id hashes to: a fixed set, so ids never seen again (or made up) do not
     * pile up; two campaigns that share a lock only take turns, which the concurrency bound makes cheap.
     */
    private final ReentrantLock[] campaigns = new ReentrantLock[64];

    public ListDecisionGate(Settings settings) {
        this.settings = settings;
        this.admitted = new Semaphore(settings.getConcurrency() + settings.getQueue());
        this.running = new Semaphore(settings.getConcurrency(), true);
        for (int i = 0; i < campaigns.length; i++) {
            campaigns[i] = new ReentrantLock(true);
        }
    }

    /** Runs {@code work} — staging and deciding list {@code listId} of the campaign — when its turn comes. */
    public <T> T admit(String campaignId, String listId, Supplier<T> work) {
        if (!admitted.tryAcquire()) {
            throw new Busy("target list " + listId + " of campaign " + campaignId + " not taken: "
                    + settings.getConcurrency() + " lists are being decided and " + settings.getQueue()
                    + " wait (hub.campaigns.decisions); send it again later", settings.getRetryAfter());
        }
        try {
            return inTurn(campaignId, listId, work);
        } finally {
            admitted.release();
        }
    }

    /**
     * Runs {@code work} in its turn like {@link #admit}, waiting however long the queue is: for the lists that arrive
     * as files, which the hub's own workers read one at a time and that must not be refused.
     */
    public <T> T inTurn(String campaignId, String listId, Supplier<T> work) {
        try {
            ReentrantLock campaign = campaigns[Math.floorMod(campaignId.hashCode(), campaigns.length)];
            campaign.lockInterruptibly();
            try {
                running.acquire();
                try {
                    return work.get();
                } finally {
                    running.release();
                }
            } finally {
                campaign.unlock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while target list " + listId + " waited for its turn", e);
        }
    }
}
