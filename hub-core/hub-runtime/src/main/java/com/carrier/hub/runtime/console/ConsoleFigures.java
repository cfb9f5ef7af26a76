package com.carrier.hub.runtime.console;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.stereotype.Component;

import com.carrier.hub.runtime.campaign.Campaign;
import com.carrier.hub.runtime.campaign.CampaignProgress;
import com.carrier.hub.runtime.evaluation.Evaluation;
import com.carrier.hub.runtime.evaluation.EvaluationService;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;

import jakarta.annotation.PreDestroy;

/**
 * The campaign pages' figures, computed once for every viewer and kept between changes, so that a page of a
 * 10M-contact campaign opens in under a second: {@link CampaignProgress} and {@link EvaluationService} both count the
 * campaign's contacts (seconds at that size). Each is computed at most once per {@code hub.console.progress-max-age}
 * or {@code evaluation-max-age}; an older one is served at once while the next is computed in the background
 * (Caffeine's refresh-after-write), and an evaluation is keyed by the campaign's status and version, so a status
 * change or an edit computes it afresh. A page waits at most {@code hub.console.figures-wait} for figures not computed
 * yet, then is answered without them.
 */
@Component
public class ConsoleFigures {

    /** Figures with the time they were computed. */
    public record Figures<T>(T value, Instant computedAt) {
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
                .buildAsync(id -> new Figures<>(progress.of(id), Instant.now()));
        this.evaluations = Caffeine.newBuilder().executor(executor)
                .refreshAfterWrite(properties.getEvaluationMaxAge())
                .expireAfterAccess(properties.getEvaluationMaxAge().multipliedBy(30))
                .maximumSize(200)
                .buildAsync(key -> new Figures<>(evaluations.evaluation(key.campaignId()), Instant.now()));
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
