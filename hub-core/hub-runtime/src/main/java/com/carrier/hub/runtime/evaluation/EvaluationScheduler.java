package com.carrier.hub.runtime.evaluation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.carrier.hub.runtime.campaign.Campaign;
import com.carrier.hub.runtime.campaign.CampaignRepository;
import com.carrier.hub.runtime.ledger.ResponseCorrelator;

/**
 * Freezes each started campaign's evaluation once its response window has closed: a last correlation pass, then the
 * evaluation computed and stored for good, and {@link EvaluationFrozen} published once (the EVAL feed and the case
 * library listen). A campaign whose window is still open is not computed here: the API and the daily EVAL feed compute
 * it when they are asked, so a running campaign of 10M contacts costs no scan of its contacts every round (about 7 s of
 * database time each). Reads the campaign's state from the database, so it needs no hook in the campaign engine.
 * Run by the route {@code closed-campaigns-to-evaluations} every {@code hub.ledger.evaluation-interval}.
 */
@Component
public class EvaluationScheduler {

    private static final Logger log = LoggerFactory.getLogger(EvaluationScheduler.class);

    private final JdbcTemplate jdbc;
    private final CampaignRepository campaigns;
    private final EvaluationService evaluations;
    private final ResponseCorrelator correlator;
    private final ApplicationEventPublisher events;

    public EvaluationScheduler(JdbcTemplate jdbc, CampaignRepository campaigns, EvaluationService evaluations,
                               ResponseCorrelator correlator, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.campaigns = campaigns;
        this.evaluations = evaluations;
        this.correlator = correlator;
        this.events = events;
    }

    /** Freezes every unfrozen started campaign whose response window has closed; returns the ids frozen in this round. */
    public List<String> refresh() {
        List<String> ids = jdbc.queryForList("""
                SELECT c.id FROM campaign c LEFT JOIN campaign_evaluation e ON e.campaign_id = c.id
                 WHERE c.status NOT IN ('DRAFT', 'SUBMITTED', 'APPROVED', 'SCHEDULED') AND (e.frozen IS NULL OR NOT e.frozen)""", String.class);
        Instant now = Instant.now();
        List<Campaign> closed = new ArrayList<>();
        for (String id : ids) {
            try {
                campaigns.find(id).filter(c -> !now.isBefore(EvaluationService.windowClosesAt(c.definition())))
                        .ifPresent(closed::add);
            } catch (RuntimeException e) {
                skipped(id, e);
            }
        }
        if (closed.isEmpty()) {
            return List.of();
        }
        correlator.correlate(); // the frozen evaluation counts every response that had arrived by now
        List<String> frozen = new ArrayList<>();
        for (Campaign c : closed) {
            Evaluation e;
            try {
                e = evaluations.compute(c, Instant.now());
                evaluations.store(e);
            } catch (RuntimeException ex) {
                skipped(c.id(), ex);
                continue;
            }
            frozen.add(c.id());
            log.info("evaluation: campaign {} frozen, its response window closed at {}", c.id(), e.windowClosesAt());
            events.publishEvent(new EvaluationFrozen(e));
        }
        return frozen;
    }

    /** One campaign that cannot be evaluated does not stop the others; it is tried again every round. */
    private static void skipped(String id, RuntimeException e) {
        log.warn("evaluation: campaign {} not evaluated, tried again next round: {}", id, e.toString());
    }
}
