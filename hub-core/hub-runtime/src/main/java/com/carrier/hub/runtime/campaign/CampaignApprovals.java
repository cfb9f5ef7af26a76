package com.carrier.hub.runtime.campaign;

import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import com.carrier.hub.runtime.governance.ApprovalChains;
import com.carrier.hub.runtime.governance.ApprovalChains.ChainStep;

/** A campaign's approval history ({@code campaign_approval}): submissions, approvals, rejections and returns. */
@Repository
public class CampaignApprovals {

    /** What happened in one approval step. */
    public enum Decision { SUBMITTED, APPROVED, REJECTED, RETURNED }

    /**
     * One entry of the history.
     *
     * @param step    the step approved or rejected ({@code CITY}), empty for a submission or a return
     * @param unit    the unit that step names
     * @param chain   on a submission, the steps it needs ({@code OWNER:MH,CITY:FZ})
     * @param comment the approver's comment, the rejection's reason, or which fields a return changed
     */
    public record Entry(Decision decision, String step, String unit, String chain, String actor, String comment, Instant at) {
    }

    /** Where the approval of a submitted campaign stands: its chain, the steps approved, the next one (null: done). */
    public record Round(List<ChainStep> chain, List<Entry> approved) {

        public ChainStep pending() {
            return approved.size() < chain.size() ? chain.get(approved.size()) : null;
        }
    }

    private final JdbcTemplate jdbc;

    public CampaignApprovals(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Records one entry (in the caller's transaction). */
    public void record(String campaignId, Decision decision, ChainStep step, String chain, String actor, String comment) {
        jdbc.update("INSERT INTO campaign_approval (campaign_id, decision, step, unit_code, chain, actor, comment)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)", campaignId, decision.name(), step == null ? null : step.step().name(),
                step == null ? null : step.unit(), chain, actor, comment);
    }

    /** The whole history, oldest first. */
    public List<Entry> history(String campaignId) {
        return jdbc.query("SELECT * FROM campaign_approval WHERE campaign_id = ? ORDER BY id", (rs, n) -> new Entry(
                Decision.valueOf(rs.getString("decision")), rs.getString("step"), rs.getString("unit_code"),
                rs.getString("chain"), rs.getString("actor"), rs.getString("comment"), rs.getTimestamp("at").toInstant()),
                campaignId);
    }

    /** The round since the last submission (an empty chain when the campaign was never submitted). */
    public Round round(String campaignId) {
        List<Entry> history = history(campaignId);
        int last = -1;
        for (int i = 0; i < history.size(); i++) {
            if (history.get(i).decision() == Decision.SUBMITTED) {
                last = i;
            }
        }
        if (last < 0) {
            return new Round(List.of(), List.of());
        }
        return new Round(ApprovalChains.parse(history.get(last).chain()), history.subList(last + 1, history.size()).stream()
                .filter(e -> e.decision() == Decision.APPROVED).toList());
    }
}
