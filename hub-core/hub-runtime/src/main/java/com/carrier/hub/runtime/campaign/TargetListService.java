package com.carrier.hub.runtime.campaign;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.server.ResponseStatusException;

import com.carrier.hub.api.Msisdn;

/**
 * Accepts a campaign's target list — from the warehouse's TGT_ file, an API upload or a saved group — stages every row
 * with its line number, codes the step-1 exclusions (BAD_MSISDN, DUPLICATE within the list and against the campaign's
 * earlier lists) and runs the {@link ContactPolicy} on the rest, all in one transaction: a list is taken whole or not
 * at all.
 */
@Service
public class TargetListService {

    private static final int BATCH = 5000;

    private final CampaignRepository campaigns;
    private final ContactPolicy policy;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public TargetListService(CampaignRepository campaigns, ContactPolicy policy, JdbcTemplate jdbc, TransactionTemplate tx) {
        this.campaigns = campaigns;
        this.policy = policy;
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** What became of a list: rows read, step-1 codes, and the policy's decisions. */
    public record ListResult(String campaignId, String listId, long rows, Map<String, Long> byOutcome) {
    }

    /** Why a list was refused whole (PEERS §2.1: UNKNOWN_CAMPAIGN; a finished campaign takes no more lists). */
    public static class ListRefused extends ResponseStatusException {
        private final String code;

        public ListRefused(HttpStatus status, String code, String message) {
            super(status, message);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    public ListResult accept(String campaignId, String listId, Iterator<TargetRow> rows) {
        Campaign campaign = campaigns.find(campaignId).orElseThrow(() -> new ListRefused(HttpStatus.NOT_FOUND,
                "UNKNOWN_CAMPAIGN", "target list " + listId + ": campaign " + campaignId + " is not known to the hub"));
        if (campaign.status().isTerminal()) {
            throw new ListRefused(HttpStatus.CONFLICT, "CAMPAIGN_FINISHED", "target list " + listId + ": campaign "
                    + campaignId + " is " + campaign.status() + " and takes no more lists");
        }
        Integer seen = jdbc.queryForObject("SELECT count(*) FROM campaign_target WHERE campaign_id = ? AND list_id = ?",
                Integer.class, campaignId, listId);
        if (seen != null && seen > 0) {
            throw new ListRefused(HttpStatus.CONFLICT, "DUPLICATE_LIST", "target list " + listId + " of campaign "
                    + campaignId + " was accepted before");
        }
        return tx.execute(status -> {
            Map<String, Long> counts = new TreeMap<>();
            long read = stage(campaignId, listId, rows, counts);
            ContactPolicy.Decisions decisions = policy.decide(campaign, listId, Instant.now());
            decisions.byOutcome().forEach((k, v) -> counts.merge(k, v, Long::sum));
            return new ListResult(campaignId, listId, read, counts);
        });
    }

    private long stage(String campaignId, String listId, Iterator<TargetRow> rows, Map<String, Long> counts) {
        Set<String> earlier = new HashSet<>(jdbc.queryForList(
                "SELECT msisdn FROM campaign_contact WHERE campaign_id = ?", String.class, campaignId));
        Set<String> inList = new HashSet<>();
        List<Object[]> batch = new ArrayList<>(BATCH);
        long read = 0;
        while (rows.hasNext()) {
            TargetRow r = rows.next();
            read++;
            String code = null;
            if (!Msisdn.isValid(r.msisdn())) {
                code = "BAD_MSISDN";
            } else if (earlier.contains(r.msisdn()) || !inList.add(r.msisdn())) {
                code = "DUPLICATE";
            }
            if (code != null) {
                counts.merge(code, 1L, Long::sum);
            }
            batch.add(new Object[] {campaignId, listId, r.lineNo(), r.msisdn(), r.segment(), score(r.score()),
                    r.attr1(), r.attr2(), r.attr3(), code});
            if (batch.size() == BATCH) {
                flush(batch);
            }
        }
        flush(batch);
        return read;
    }

    private static java.math.BigDecimal score(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            java.math.BigDecimal v = new java.math.BigDecimal(s.strip());
            return v.signum() < 0 || v.compareTo(java.math.BigDecimal.ONE) > 0 ? null : v;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void flush(List<Object[]> batch) {
        if (!batch.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO campaign_target (campaign_id, list_id, line_no, msisdn, segment, score, attr1, attr2,"
                    + " attr3, code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", batch);
            batch.clear();
        }
    }
}
