package com.carrier.hub.runtime.console;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.springframework.stereotype.Component;

import com.carrier.hub.runtime.campaign.Campaign;
import com.carrier.hub.runtime.campaign.CampaignProgress;
import com.carrier.hub.runtime.evaluation.Evaluation;
import com.carrier.hub.runtime.evaluation.EvaluationService;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;

import jakarta.annotation.PreDestroy;

/**
 * The campaign pages' figures, computed once for every viewer and kept between changes, so that a page of a
 * 10M-contact campaign opens in under a second: {@link CampaignProgress} and {@link EvaluationService} both count the
 * campaign's contacts (seconds at that size). Each is computed at most once per {@code hub.console.progress-max-age}
 * or {@code evaluation-max-age}; an older one is served at once while the next is computed in the background
 * (Caffeine's refresh-after-write), and an evaluation is keyed by the campaign's status and version, so a status
 * change or an edit computes it afresh. Figures are kept at least {@link #KEEP_FOR_COMPUTING_TIMES} times as long as
 * they took to compute, so a watched large campaign does not keep the database busy. A page waits at most {@code hub.console.figures-wait} for figures not computed
 * yet, then is answered without them.
 */
@Component
public class ConsoleFigures {

    /**
     * How many times its own computing time figures are kept at least: a 10M-contact evaluation that took 7 s is not
     * computed again within 28 s however often its page is viewed, so one watched campaign costs the database at most
     * a fifth of a connection's time.
     */
    static final int KEEP_FOR_COMPUTING_TIMES = 4;

    /** Figures with the time they were computed and how long that took. */
    public record Figures<T>(T value, Instant computedAt, Duration took) {
    }

    private final ExecutorService executor;
    private final AsyncLoadingCache<String, Figures<CampaignProgress.Progress>> progress;
    private final AsyncLoadingCache<EvaluationKey, Figures<Optional<Evaluation>>> evaluations;
    private final ConsoleProperties properties;

    private record EvaluationKey(String campaignId, String status, int version) {
    }

    public ConsoleFigures(CampaignProgress progress, EvaluationService evaluations, ConsoleProperties properties) {
        this.properties = properties;
        AtomicInteger n = new AtomicInteger();
        // two at a time: a burst of first views must not take every database connection or core
        this.executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "console-figures-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.progress = Caffeine.newBuilder().executor(executor)
                .refreshAfterWrite(properties.getProgressMaxAge())
                .expireAfterAccess(properties.getProgressMaxAge().multipliedBy(60))
                .maximumSize(1_000)
                .buildAsync(loader(progress::of));
        this.evaluations = Caffeine.newBuilder().executor(executor)
                .refreshAfterWrite(properties.getEvaluationMaxAge())
                .expireAfterAccess(properties.getEvaluationMaxAge().multipliedBy(30))
                .maximumSize(200)
                .buildAsync(loader((EvaluationKey key) -> evaluations.evaluation(key.campaignId())));
    }

    /** Computes figures, timed; a refresh sooner than {@link #KEEP_FOR_COMPUTING_TIMES} their computing time keeps them. */
    private static <K, T> CacheLoader<K, Figures<T>> loader(Function<K, T> compute) {
        return new CacheLoader<>() {
            @Override
            public Figures<T> load(K key) {
                long t0 = System.nanoTime();
                T value = compute.apply(key);
                return new Figures<>(value, Instant.now(), Duration.ofNanos(System.nanoTime() - t0));
            }

            @Override
            public Figures<T> reload(K key, Figures<T> old) {
                if (Duration.between(old.computedAt(), Instant.now()).compareTo(old.took().multipliedBy(KEEP_FOR_COMPUTING_TIMES)) < 0) {
                    return old;
                }
                return load(key);
            }
        };
    }

    /** The campaign's progress, or empty when it is still being computed after the wait. */
    public Optional<Figures<CampaignProgress.Progress>> progress(String campaignId) {
        return await(progress.get(campaignId).thenApply(f -> f));
    }

    /** The campaign's evaluation as of its status and version, or empty when it is still being computed after the wait. */
    public Optional<Figures<Optional<Evaluation>>> evaluation(Campaign campaign) {
        return await(evaluations.get(new EvaluationKey(campaign.id(), campaign.status().name(), campaign.version())));
    }

    private <T> Optional<T> await(java.util.concurrent.CompletableFuture<T> future) {
        try {
            return Optional.of(future.get(properties.getFiguresWait().toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException stillComputing) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            // a failed computation is not kept: the next view tries again; the page says it failed
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
