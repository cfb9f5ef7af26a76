package com.carrier.hub.runtime.cases;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import com.carrier.hub.runtime.evaluation.EvaluationFrozen;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The case library: every COMPLETED campaign whose evaluation is frozen becomes a case with its definition, the
 * frozen evaluation, the owner's self-assessment and managers' anonymous scores. One score per manager and case: a
 * second score from the same manager replaces the first. The scorer is stored (to enforce that) but never returned.
 */
@Service
public class CaseLibrary {

    /** A case in search results. */
    public record Summary(String campaignId, String name, String type, String productId, List<String> segments,
                          Double lift, Double pValue, Double averageScore, long scores, Instant createdAt) {
    }

    /** One manager's score, without the manager. */
    public record Score(int score, String comment, Instant scoredAt) {
    }

    /** A whole case. */
    public record Case(Summary summary, String owner, JsonNode definition, JsonNode evaluation, String selfAssessment,
                       Instant assessedAt, List<Score> scores) {
    }

    private static final String OPEN_CASES = """
            INSERT INTO campaign_case (campaign_id, name, type, product_id, segments, lift, p_value, owner, definition, evaluation)
            SELECT c.id, c.name, c.type, c.product_id,
                   ARRAY(SELECT DISTINCT b ->> 'segment' FROM jsonb_array_elements(e.body -> 'breakdown') b
                          WHERE b ->> 'segment' <> '-' ORDER BY 1),
                   (e.body -> 'total' -> 'lift' ->> 'absolute')::double precision,
                   (e.body -> 'total' -> 'lift' ->> 'pValue')::double precision,
                   c.created_by, c.definition, e.body
              FROM campaign c JOIN campaign_evaluation e ON e.campaign_id = c.id
             WHERE c.status = 'COMPLETED' AND e.frozen
            ON CONFLICT (campaign_id) DO NOTHING""";

    private static final String SUMMARY = """
            SELECT k.campaign_id, k.name, k.type, k.product_id, k.segments, k.lift, k.p_value, k.created_at,
                   (SELECT avg(score) FROM case_score s WHERE s.campaign_id = k.campaign_id) AS avg_score,
                   (SELECT count(*) FROM case_score s WHERE s.campaign_id = k.campaign_id) AS n_scores
              FROM campaign_case k""";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public CaseLibrary(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Opens a case for every completed campaign with a frozen evaluation that has none yet; returns how many. */
    public int openCases() {
        return jdbc.update(OPEN_CASES);
    }

    @EventListener
    void frozen(EvaluationFrozen event) {
        openCases();
    }

    /** Cases matching every filter given (null: any); {@code minLift} compares the absolute lift. */
    public List<Summary> search(String type, String productId, String segment, Double minLift) {
        return search(type, productId, segment, minLift, null);
    }

    /**
     * Cases matching every filter given (null: any), among the campaigns {@code campaignIds} (null: any; a roll-up
     * group's campaigns, README "Periodic evaluation").
     */
    public List<Summary> search(String type, String productId, String segment, Double minLift,
                                Collection<String> campaignIds) {
        StringBuilder sql = new StringBuilder(SUMMARY).append(" WHERE true");
        List<Object> args = new ArrayList<>();
        if (campaignIds != null) {
            sql.append(" AND k.campaign_id = ANY (?::text[])");
            args.add(campaignIds.toArray(String[]::new));
        }
        if (type != null) {
            sql.append(" AND k.type = ?");
            args.add(type.toUpperCase());
        }
        if (productId != null) {
            sql.append(" AND k.product_id = ?");
            args.add(productId);
        }
        if (segment != null) {
            sql.append(" AND k.segments @> ARRAY[?]::text[]");
            args.add(segment);
        }
        if (minLift != null) {
            sql.append(" AND k.lift >= ?");
            args.add(minLift);
        }
        sql.append(" ORDER BY k.lift DESC NULLS LAST, k.created_at DESC LIMIT 500");
        return jdbc.query(sql.toString(), this::summary, args.toArray());
    }

    public Optional<Case> find(String campaignId) {
        List<Summary> s = jdbc.query(SUMMARY + " WHERE k.campaign_id = ?", this::summary, campaignId);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        List<Score> scores = jdbc.query("SELECT score, comment, scored_at FROM case_score WHERE campaign_id = ?"
                + " ORDER BY scored_at", (rs, i) -> new Score(rs.getInt(1), rs.getString(2),
                rs.getTimestamp(3).toInstant()), campaignId);
        return jdbc.query("SELECT owner, definition::text, evaluation::text, self_assessment, assessed_at FROM campaign_case"
                + " WHERE campaign_id = ?", (rs, i) -> new Case(s.get(0), rs.getString(1), tree(rs.getString(2)),
                tree(rs.getString(3)), rs.getString(4),
                rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant(), scores), campaignId)
                .stream().findFirst();
    }

    /** The owner of a case (the campaign's creator), if the case exists. */
    public Optional<String> owner(String campaignId) {
        return jdbc.query("SELECT owner FROM campaign_case WHERE campaign_id = ?", (rs, i) -> String.valueOf(rs.getString(1)),
                campaignId).stream().findFirst();
    }

    /** Sets the owner's self-assessment (replacing an earlier one). */
    public void assess(String campaignId, String text) {
        jdbc.update("UPDATE campaign_case SET self_assessment = ?, assessed_at = now() WHERE campaign_id = ?", text, campaignId);
    }

    /** Records a manager's score; true when it replaced the manager's earlier score. */
    public boolean score(String campaignId, String scorer, int score, String comment) {
        Boolean replaced = jdbc.queryForObject("""
                INSERT INTO case_score (campaign_id, scorer, score, comment) VALUES (?, ?, ?, ?)
                ON CONFLICT (campaign_id, scorer) DO UPDATE
                   SET score = EXCLUDED.score, comment = EXCLUDED.comment, scored_at = now()
                RETURNING (xmax <> 0)""", Boolean.class, campaignId, scorer, score, comment);
        return Boolean.TRUE.equals(replaced);
    }

    private Summary summary(ResultSet rs, int row) throws SQLException {
        Array segments = rs.getArray("segments");
        double lift = rs.getDouble("lift");
        Double liftValue = rs.wasNull() ? null : lift;
        double p = rs.getDouble("p_value");
        Double pValue = rs.wasNull() ? null : p;
        double avg = rs.getDouble("avg_score");
        Double average = rs.wasNull() ? null : avg;
        return new Summary(rs.getString("campaign_id"), rs.getString("name"), rs.getString("type"),
                rs.getString("product_id"), segments == null ? List.of() : Arrays.asList((String[]) segments.getArray()),
                liftValue, pValue, average, rs.getLong("n_scores"), rs.getTimestamp("created_at").toInstant());
    }

    private JsonNode tree(String s) {
        try {
            return json.readTree(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored case is unreadable: " + e.getOriginalMessage(), e);
        }
    }
}
