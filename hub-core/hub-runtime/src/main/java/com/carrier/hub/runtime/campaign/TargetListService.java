package com.carrier.hub.runtime.campaign;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.roaringbitmap.longlong.Roaring64Bitmap;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.server.ResponseStatusException;

import com.carrier.hub.api.FieldError;
import com.carrier.hub.api.InputLimits;
import com.carrier.hub.api.Msisdn;

import com.carrier.hub.runtime.web.InvalidRequest;

/**
 * Accepts a campaign's target list — from the warehouse's TGT_ file, an API upload or a saved group — stages every row
 * with its line number, codes the step-1 exclusions (BAD_MSISDN, DUPLICATE within the list and against the campaign's
 * earlier lists) in one transaction (a list is staged whole or not at all) and registers it DECIDING; then the
 * {@link ContactPolicy} decides the rest in parts and marks it DECIDED. A list left DECIDING by a crash is finished when
 * it lands again or when the hub starts ({@link UnfinishedLists}); its decided parts are not decided twice.
 */
@Service
public class TargetListService {

    /** Lists of at least this many rows refresh the table's statistics before the policy runs. */
    private static final long ANALYZE_FROM = 100_000;

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

    /** A list of rows: a warehouse file or an upload. */
    public ListResult accept(String campaignId, String listId, Iterator<TargetRow> rows) {
        Campaign campaign = openCampaign(campaignId, listId);
        if (deciding(campaignId, listId)) {
            rows.forEachRemaining(r -> { }); // staged whole before: the same list landing again only finishes it
            return finish(campaign, listId);
        }
        try {
            tx.executeWithoutResult(status -> {
                claim(campaignId, listId);
                Map<String, Long> counts = new TreeMap<>();
                long read = stage(campaign, listId, rows, counts);
                register(campaignId, listId, read, counts);
            });
        } catch (RuntimeException e) {
            policy.dropReadAhead(campaignId, listId);
            throw e;
        }
        return finish(campaign, listId);
    }

    /** Finishes deciding a list left DECIDING (the hub stopped half-way); what was decided before stays as it is. */
    public ListResult resume(String campaignId, String listId) {
        Campaign campaign = campaigns.find(campaignId).orElseThrow(() -> new IllegalStateException(
                "target list " + listId + ": campaign " + campaignId + " is not known to the hub"));
        return finish(campaign, listId);
    }

    /** Lists staged but not fully decided, as (campaign id, list id). */
    public List<String[]> unfinished() {
        return jdbc.query("SELECT campaign_id, list_id FROM campaign_list WHERE state = 'DECIDING' ORDER BY accepted_at",
                (rs, i) -> new String[] {rs.getString(1), rs.getString(2)});
    }

    /** The customers a structured query selects from the customer index. */
    public ListResult acceptQuery(String campaignId, String listId, CustomerQuery query) {
        Selection selected = selection(query);
        return acceptSelected(campaignId, listId, selected.select(), selected.parameters());
    }

    /** The members of a saved customer group. */
    public ListResult acceptGroup(String campaignId, String listId, String groupId) {
        Selection selected = selection(groupId);
        return acceptSelected(campaignId, listId, selected.select(), selected.parameters());
    }

    /** A SELECT of the MSISDNs a target source names, in MSISDN order, with its parameters. */
    record Selection(String select, List<Object> parameters) {
    }

    /** What a structured query selects; refuses an invalid query naming each field. */
    Selection selection(CustomerQuery query) {
        List<FieldError> errors = query.validate();
        if (!errors.isEmpty()) {
            throw new InvalidRequest("the query is not valid", errors);
        }
        CustomerQuery.Sql sql = query.toSql();
        return new Selection(sql.text(), sql.parameters());
    }

    /** How many customers a structured query selects now (what {@link #acceptQuery} would stage); nothing is kept. */
    public long countQuery(CustomerQuery query) {
        Selection selected = selection(query);
        Long n = jdbc.queryForObject("SELECT count(*) FROM (" + selected.select() + ") q", Long.class,
                selected.parameters().toArray());
        return n == null ? 0 : n;
    }

    /** The members of a saved group; refuses an invalid or unknown group id. */
    Selection selection(String groupId) {
        String problem = InputLimits.problem(groupId, InputLimits.ID);
        if (problem != null) {
            throw new InvalidRequest("group id is not valid", List.of(new FieldError("groupId", problem)));
        }
        Integer exists = jdbc.queryForObject("SELECT count(*) FROM customer_group WHERE id = ?", Integer.class, groupId);
        if (exists == null || exists == 0) {
            throw new InvalidRequest("no such group", List.of(new FieldError("groupId", "no customer group '" + groupId + "'")));
        }
        return new Selection("SELECT msisdn FROM customer_group_member WHERE group_id = ? ORDER BY msisdn", List.of(groupId));
    }

    /** Stages what a SELECT of msisdns returns, set-based in the database (a query may select millions). */
    private ListResult acceptSelected(String campaignId, String listId, String select, List<Object> parameters) {
        Campaign campaign = openCampaign(campaignId, listId);
        if (deciding(campaignId, listId)) {
            return finish(campaign, listId);
        }
        tx.executeWithoutResult(status -> {
            claim(campaignId, listId);
            List<Object> args = new ArrayList<>(List.of(campaignId, listId, campaignId));
            args.addAll(parameters);
            long read = jdbc.update("""
                    INSERT INTO campaign_target (campaign_id, list_id, line_no, msisdn, code)
                    SELECT ?, ?, row_number() OVER (ORDER BY q.msisdn), q.msisdn,
                           CASE WHEN EXISTS (SELECT 1 FROM campaign_contact x WHERE x.campaign_id = ? AND x.msisdn = q.msisdn)
                                THEN 'DUPLICATE' END
                    FROM (""" + select + ") q", args.toArray());
            Map<String, Long> counts = new TreeMap<>();
            Long duplicates = jdbc.queryForObject("SELECT count(*) FROM campaign_target WHERE campaign_id = ? AND list_id = ?"
                    + " AND code = 'DUPLICATE'", Long.class, campaignId, listId);
            if (duplicates != null && duplicates > 0) {
                counts.put("DUPLICATE", duplicates);
            }
            if (read >= ANALYZE_FROM) {
                jdbc.execute("ANALYZE campaign_target");
            }
            register(campaignId, listId, read, counts);
        });
        return finish(campaign, listId);
    }

    private Campaign openCampaign(String campaignId, String listId) {
        String problem = listId == null || listId.isBlank() ? "is required" : InputLimits.problem(listId, InputLimits.ID);
        if (problem != null) {
            throw new InvalidRequest("target list id is not valid", List.of(new FieldError("listId", problem)));
        }
        Campaign campaign = campaigns.find(campaignId).orElseThrow(() -> new ListRefused(HttpStatus.NOT_FOUND,
                "UNKNOWN_CAMPAIGN", "target list " + listId + ": campaign " + campaignId + " is not known to the hub"));
        if (campaign.status().isTerminal()) {
            throw new ListRefused(HttpStatus.CONFLICT, "CAMPAIGN_FINISHED", "target list " + listId + ": campaign "
                    + campaignId + " is " + campaign.status() + " and takes no more lists");
        }
        Boolean seen = jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM campaign_target WHERE campaign_id = ? AND list_id = ?)",
                Boolean.class, campaignId, listId);
        if (Boolean.TRUE.equals(seen) && !deciding(campaignId, listId)) {
            throw new ListRefused(HttpStatus.CONFLICT, "DUPLICATE_LIST", "target list " + listId + " of campaign "
                    + campaignId + " was accepted before");
        }
        return campaign;
    }

    private boolean deciding(String campaignId, String listId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM campaign_list WHERE campaign_id = ?"
                + " AND list_id = ? AND state = 'DECIDING')", Boolean.class, campaignId, listId));
    }

    /**
     * Takes the list for this staging transaction: the same list sent twice at once (to two instances, or past the
     * {@link ListDecisionGate}) is staged once, the other answers DUPLICATE_LIST instead of failing on the key.
     */
    private void claim(String campaignId, String listId) {
        jdbc.query("SELECT pg_advisory_xact_lock(hashtext(?), hashtext(?))", rs -> { }, campaignId, listId);
        Boolean staged = jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM campaign_list WHERE campaign_id = ? AND list_id = ?)",
                Boolean.class, campaignId, listId);
        if (Boolean.TRUE.equals(staged)) {
            throw new ListRefused(HttpStatus.CONFLICT, "DUPLICATE_LIST", "target list " + listId + " of campaign "
                    + campaignId + " was accepted before");
        }
    }

    /** Records the staged list as DECIDING, with its step-1 counts, in the staging transaction. */
    private void register(String campaignId, String listId, long read, Map<String, Long> staged) {
        long coded = staged.values().stream().mapToLong(Long::longValue).sum();
        jdbc.update("INSERT INTO campaign_list (campaign_id, list_id, state, parts, rows_read, staged)"
                + " VALUES (?, ?, 'DECIDING', ?, ?, ?::jsonb)", campaignId, listId, policy.partsFor(read - coded),
                read, json(staged));
    }

    /** Decides what is left of a staged list and returns its whole result: step-1 codes and every part's outcomes. */
    private ListResult finish(Campaign campaign, String listId) {
        ContactPolicy.Decisions decisions = policy.decide(campaign, listId, Instant.now());
        Map<String, Long> counts = new TreeMap<>();
        long[] read = {0};
        jdbc.query("SELECT rows_read, key, value::bigint FROM campaign_list, jsonb_each_text(staged)"
                + " WHERE campaign_id = ? AND list_id = ?", rs -> {
                    counts.merge(rs.getString(2), rs.getLong(3), Long::sum);
                }, campaign.id(), listId);
        jdbc.query("SELECT rows_read FROM campaign_list WHERE campaign_id = ? AND list_id = ?", rs -> {
            read[0] = rs.getLong(1);
        }, campaign.id(), listId);
        decisions.byOutcome().forEach((k, v) -> counts.merge(k, v, Long::sum));
        return new ListResult(campaign.id(), listId, read[0], counts);
    }

    private static String json(Map<String, Long> counts) {
        StringBuilder out = new StringBuilder("{");
        counts.forEach((k, v) -> out.append(out.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
        return out.append('}').toString();
    }

    /**
     * Stages the list by COPY (one chunk at a time, memory flat): BAD_MSISDN and DUPLICATE within the list are coded as
     * rows pass (a 64-bit bitmap of the numbers seen), DUPLICATE against the campaign's earlier lists afterwards, set-based.
     * Once the list is long enough to be decided in parts, the policy starts reading its lists alongside
     * ({@link ContactPolicy#readAhead}).
     */
    private long stage(Campaign campaign, String listId, Iterator<TargetRow> rows, Map<String, Long> counts) {
        String campaignId = campaign.id();
        // A list this long is decided in parts: the policy reads its lists meanwhile, on the core staging leaves idle.
        long readAheadAt = Math.max(1, policy.parallelFrom());
        Roaring64Bitmap inList = new Roaring64Bitmap();
        // the rows the policy will decide, kept as they pass so a large list is not read back (ContactPolicy#staged)
        SortedTargets.Builder toDecide = new SortedTargets.Builder(1, 1024);
        long[] read = {0};
        long[] bad = {0};
        long[] dup = {0};
        jdbc.execute((ConnectionCallback<Void>) con -> {
            CopyRows copy = CopyRows.streaming(con, "COPY campaign_target (campaign_id, list_id, line_no, msisdn, segment, score,"
                    + " attr1, attr2, attr3, code) FROM STDIN");
            try {
                while (rows.hasNext()) {
                    TargetRow r = rows.next();
                    if (++read[0] == readAheadAt) {
                        policy.readAhead(campaign, listId, Instant.now());
                    }
                    String code = null;
                    if (!Msisdn.isValid(r.msisdn())) {
                        code = "BAD_MSISDN";
                        bad[0]++;
                    } else {
                        long n = Long.parseLong(r.msisdn());
                        if (inList.contains(n)) {
                            code = "DUPLICATE";
                            dup[0]++;
                        } else {
                            inList.addLong(n);
                            toDecide.add(r.lineNo(), n - IndexedCustomers.BASE, r.segment());
                        }
                    }
                    copy.field(campaignId).field(listId).field(r.lineNo()).field(r.msisdn()).field(r.segment())
                            .field(score(r.score())).field(r.attr1()).field(r.attr2()).field(r.attr3()).field(code).endRow();
                }
                copy.flush();
            } catch (RuntimeException | SQLException e) {
                copy.cancel();
                throw e;
            }
            return null;
        });
        Boolean earlier = jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM campaign_contact WHERE campaign_id = ?)",
                Boolean.class, campaignId);
        if (Boolean.TRUE.equals(earlier)) {
            dup[0] += jdbc.update("""
                    UPDATE campaign_target t SET code = 'DUPLICATE'
                    FROM campaign_contact x
                    WHERE t.campaign_id = ? AND t.list_id = ? AND t.code IS NULL
                      AND x.campaign_id = t.campaign_id AND x.msisdn = t.msisdn""", campaignId, listId);
        } else if (read[0] >= readAheadAt && toDecide.usable()) {
            policy.staged(campaignId, listId, toDecide.build());
        }
        if (read[0] >= ANALYZE_FROM) {
            // The planner must know the list is this large before the policy joins it (hash joins, not index look-ups per
            // row). ANALYZE holds its lock to the end of the transaction, so only a large list pays that.
            jdbc.execute("ANALYZE campaign_target");
        }
        if (bad[0] > 0) {
            counts.merge("BAD_MSISDN", bad[0], Long::sum);
        }
        if (dup[0] > 0) {
            counts.merge("DUPLICATE", dup[0], Long::sum);
        }
        return read[0];
    }

    private static String score(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            java.math.BigDecimal v = new java.math.BigDecimal(s.strip());
            return v.signum() < 0 || v.compareTo(java.math.BigDecimal.ONE) > 0 ? null : v.toPlainString();
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
