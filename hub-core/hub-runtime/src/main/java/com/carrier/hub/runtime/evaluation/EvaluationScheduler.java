package com.carrier.hub.runtime.evaluation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.carrier.hub.runtime.campaign.Campaign;
import com.carrier.hub.runtime.campaign.CampaignRepository;
import com.carrier.hub.runtime.ledger.LedgerProperties;
import com.carrier.hub.runtime.ledger.ResponseCorrelator;

/**
 * Keeps every started campaign's stored evaluation current and freezes it once the response window has closed
 * (after a last correlation pass), publishing {@link EvaluationFrozen} once — the EVAL feed and the case library
 * listen. Reads the campaign's state from the database, so it needs no hook in the campaign engine.
 */
@Component
public class EvaluationScheduler {

    private static final Logger log = LoggerFactory.getLogger(EvaluationScheduler.class);

    private final JdbcTemplate jdbc;
    private final CampaignRepository campaigns;
    private final EvaluationService evaluations;
    private final ResponseCorrelator correlator;
    private final LedgerProperties props;
    private final ApplicationEventPublisher events;

    public EvaluationScheduler(JdbcTemplate jdbc, CampaignRepository campaigns, EvaluationService evaluations,
                               ResponseCorrelator correlator, LedgerProperties props, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.campaigns = campaigns;
        this.evaluations = evaluations;
        this.correlator = correlator;
        this.props = props;
        this.events = events;
    }

    @Scheduled(initialDelayString = "${hub.ledger.evaluation-interval:60s}", fixedDelayString = "${hub.ledger.evaluation-interval:60s}")
    void scheduled() {
        if (!props.isEnabled()) {
            return;
        }
        try {
            refresh();
        } catch (RuntimeException e) {
            log.warn("evaluation: refresh failed, the next round retries: {}", e.toString());
        }
    }

    /** Correlates, then recomputes every unfrozen started campaign; returns the ids frozen in this round. */
    public List<String> refresh() {
        correlator.correlate();
        List<String> ids = jdbc.queryForList("""
                SELECT c.id FROM campaign c LEFT JOIN campaign_evaluation e ON e.campaign_id = c.id
                 WHERE c.status NOT IN ('DRAFT', 'SCHEDULED') AND (e.frozen IS NULL OR NOT e.frozen)""", String.class);
        List<String> frozen = new ArrayList<>();
        for (String id : ids) {
            Campaign c = campaigns.find(id).orElse(null);
            if (c == null) {
                continue;
            }
            Evaluation e = evaluations.compute(c, Instant.now());
            evaluations.store(e);
            if (e.frozen()) {
                frozen.add(id);
                log.info("evaluation: campaign {} frozen, its response window closed at {}", id, e.windowClosesAt());
                events.publishEvent(new EvaluationFrozen(e));
            }
        }
        return frozen;
    }
}
