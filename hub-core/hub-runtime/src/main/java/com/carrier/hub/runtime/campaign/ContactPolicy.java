package com.carrier.hub.runtime.campaign;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.carrier.hub.connector.mmstore.AppCatalog;
import com.carrier.hub.runtime.campaign.CampaignDefinition.Channel;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Decides every customer of a target list, in the order of PEERS.md §7.2, recording each exclusion with its code:
 * <ol>
 *   <li>BAD_MSISDN, DUPLICATE — already coded when the list was staged;</li>
 *   <li>BLACKLIST; CHANNEL_OPTOUT when every campaign channel is opted out (an opt-out of one channel only removes it);</li>
 *   <li>INACTIVE (status not normal), UNKNOWN_CUSTOMER (not in the index, or deleted);</li>
 *   <li>HOLDS_PRODUCT, EXCLUSIVE_CONFLICT (holds another product of the offer's exclusive group);</li>
 *   <li>GREYLIST when no campaign channel is among the greylist entry's permitted ones;</li>
 *   <li>FREQUENCY_CAP when SMS is capped (per day / per week, across campaigns) and no other channel is left;
 *       RECENT_SIMILAR when a campaign of the same product or type reached the customer in the last N days;</li>
 *   <li>NO_CHANNEL, or NO_SUITABLE_APP when the MM store was the customer's only channel and no app of the list suits
 *       the handset;</li>
 *   <li>the deterministic control group ({@link ControlGroup}): group C, recorded, never contacted.</li>
 * </ol>
 * Facts come from one set-based query; the decision itself is plain Java, so the order is explicit and testable.
 */
@Component
public class ContactPolicy {

    private static final int BATCH = 2000;

    private final JdbcTemplate jdbc;
    private final ChannelPreferences preferences;
    private final ObjectProvider<AppCatalog> appCatalog;
    private final ObjectMapper json;

    public ContactPolicy(JdbcTemplate jdbc, ChannelPreferences preferences, ObjectProvider<AppCatalog> appCatalog,
                         ObjectMapper json) {
        this.jdbc = jdbc;
        this.preferences = preferences;
        this.appCatalog = appCatalog;
        this.json = json;
    }

    /** What a policy run decided: counts by outcome (TREATMENT, CONTROL, and each exclusion code). */
    public record Decisions(long decided, Map<String, Long> byOutcome) {
    }

    /** Decides the staged rows of one list that are not coded yet, writing one campaign_contact row each. */
    public Decisions decide(Campaign campaign, String listId, Instant now) {
        CampaignDefinition d = campaign.definition();
        Set<Channel> channels = EnumSet.noneOf(Channel.class);
        d.channels().forEach(c -> channels.add(Channel.valueOf(c.toUpperCase())));
        String group = d.productId() == null ? null : jdbc.query("SELECT exclusive_group FROM product WHERE product_id = ?",
                rs -> rs.next() ? rs.getString(1) : null, d.productId());
        LocalDate today = now.atZone(QuietHoursClock.ZONE).toLocalDate();
        Instant dayStart = today.atStartOfDay(QuietHoursClock.ZONE).toInstant();
        Instant weekStart = today.with(TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY)).atStartOfDay(QuietHoursClock.ZONE).toInstant();
        Instant similarSince = now.minus(d.rules().recentSimilarDays(), ChronoUnit.DAYS);
        AppCatalog.Matcher apps = channels.contains(Channel.MM) && appCatalog.getIfAvailable() != null
                && d.templates() != null && d.templates().get("MM") != null
                ? appCatalog.getIfAvailable().matcher(d.templates().get("MM").appIds()) : null;

        Map<String, Long> counts = new TreeMap<>();
        List<Object[]> batch = new ArrayList<>(BATCH);
        long[] decided = {0};
        BiFunction<String, Object[], Void> add = (outcome, row) -> {
            counts.merge(outcome, 1L, Long::sum);
            batch.add(row);
            decided[0]++;
            if (batch.size() == BATCH) {
                write(batch);
            }
            return null;
        };

        jdbc.query(con -> {
            var ps = con.prepareStatement(FACTS, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            ps.setFetchSize(5000);
            int i = 1;
            ps.setString(i++, d.productId());
            ps.setString(i++, group);
            ps.setString(i++, group);
            ps.setTimestamp(i++, Timestamp.from(dayStart));
            ps.setTimestamp(i++, Timestamp.from(weekStart));
            ps.setTimestamp(i++, Timestamp.from(similarSince));
            ps.setString(i++, campaign.id());
            ps.setString(i++, d.productId());
            ps.setString(i++, d.type().toUpperCase());
            ps.setString(i++, campaign.id());
            ps.setString(i++, listId);
            return ps;
        }, (ResultSet rs) -> {
            Facts f = facts(rs);
            Outcome o = decide(f, d, channels, apps, preferences);
            Map<String, String> vars = new LinkedHashMap<>();
            vars.put("msisdn", f.msisdn);
            put(vars, "name", f.name);
            put(vars, "brand", f.brand);
            put(vars, "city", f.city);
            put(vars, "segment", rs.getString("segment"));
            put(vars, "attr1", rs.getString("attr1"));
            put(vars, "attr2", rs.getString("attr2"));
            put(vars, "attr3", rs.getString("attr3"));
            if (o.apps != null) {
                vars.put("apps", String.join(",", o.apps));
            }
            String status = o.exclusion != null ? "EXCLUDED" : o.control ? "CONTROL" : "PENDING";
            String grp = o.exclusion != null ? null : o.control ? "C" : "T";
            add.apply(o.exclusion != null ? o.exclusion : o.control ? "CONTROL" : "TREATMENT", new Object[] {
                    campaign.id(), f.msisdn, listId, rs.getString("segment"), grp, o.channel == null ? null : o.channel.name(),
                    status, o.exclusion, o.exclusion == null ? write(vars) : null, Timestamp.from(now)});
        });
        write(batch);
        return new Decisions(decided[0], counts);
    }

    private static final String FACTS = """
            SELECT t.msisdn, t.segment, t.attr1, t.attr2, t.attr3,
                   b.msisdn IS NOT NULL AS blacklisted,
                   (SELECT array_agg(o.channel) FROM channel_optout o WHERE o.msisdn = t.msisdn) AS optouts,
                   g.allowed_channels AS grey_allowed,
                   c.msisdn IS NOT NULL AND NOT c.deleted AS known,
                   c.status, c.customer_class, c.cust_name, c.brand, c.city_code, c.handset_model,
                   EXISTS (SELECT 1 FROM holding h WHERE h.msisdn = t.msisdn AND h.product_id = ?) AS holds,
                   EXISTS (SELECT 1 FROM holding h JOIN product p ON p.product_id = h.product_id
                           WHERE h.msisdn = t.msisdn AND p.exclusive_group = ? AND ?::text IS NOT NULL) AS group_conflict,
                   (SELECT count(*) FILTER (WHERE x.contacted_at >= ?) FROM campaign_contact x
                     WHERE x.msisdn = t.msisdn AND x.channel = 'SMS' AND x.status IN ('SENT', 'SUBMITTING', 'OUTCOME_UNKNOWN')) AS sms_today,
                   (SELECT count(*) FILTER (WHERE x.contacted_at >= ?) FROM campaign_contact x
                     WHERE x.msisdn = t.msisdn AND x.channel = 'SMS' AND x.status IN ('SENT', 'SUBMITTING', 'OUTCOME_UNKNOWN')) AS sms_week,
                   EXISTS (SELECT 1 FROM campaign_contact x JOIN campaign k ON k.id = x.campaign_id
                           WHERE x.msisdn = t.msisdn AND x.contacted_at >= ? AND x.campaign_id <> ?
                             AND x.status IN ('SENT', 'SUBMITTING', 'OUTCOME_UNKNOWN')
                             AND (k.product_id = ? OR k.type = ?)) AS recent_similar
            FROM campaign_target t
            LEFT JOIN blacklist b ON b.msisdn = t.msisdn
            LEFT JOIN greylist g ON g.msisdn = t.msisdn
            LEFT JOIN customer c ON c.msisdn = t.msisdn
            WHERE t.campaign_id = ? AND t.list_id = ? AND t.code IS NULL
            ORDER BY t.line_no""";

    /** The facts of one customer that the policy needs. */
    record Facts(String msisdn, boolean blacklisted, Set<Channel> optouts, Set<Channel> greyAllowed, boolean known,
                 int status, int customerClass, String name, String brand, String city, String handset, boolean holds,
                 boolean groupConflict, long smsToday, long smsWeek, boolean recentSimilar) {
    }

    /** A decision: an exclusion code, or a channel and group. */
    record Outcome(String exclusion, Channel channel, boolean control, List<String> apps) {
        static Outcome excluded(String code) {
            return new Outcome(code, null, false, null);
        }
    }

    static Outcome decide(Facts f, CampaignDefinition d, Set<Channel> campaignChannels, AppCatalog.Matcher apps,
                           ChannelPreferences preferences) {
        if (f.blacklisted) {
            return Outcome.excluded("BLACKLIST");
        }
        Set<Channel> blocked = EnumSet.noneOf(Channel.class);
        blocked.addAll(f.optouts);
        if (blocked.containsAll(campaignChannels)) {
            return Outcome.excluded("CHANNEL_OPTOUT");
        }
        if (!f.known) {
            return Outcome.excluded("UNKNOWN_CUSTOMER");
        }
        if (f.status != 1) {
            return Outcome.excluded("INACTIVE");
        }
        if (f.holds) {
            return Outcome.excluded("HOLDS_PRODUCT");
        }
        if (f.groupConflict) {
            return Outcome.excluded("EXCLUSIVE_CONFLICT");
        }
        if (f.greyAllowed != null) {
            for (Channel c : campaignChannels) {
                if (!f.greyAllowed.contains(c)) {
                    blocked.add(c);
                }
            }
            if (blocked.containsAll(campaignChannels)) {
                return Outcome.excluded("GREYLIST");
            }
        }
        CampaignDefinition.Rules rules = d.rules();
        if (f.smsToday >= rules.maxSmsPerDay() || f.smsWeek >= rules.maxSmsPerWeek()) {
            blocked.add(Channel.SMS);
            if (blocked.containsAll(campaignChannels)) {
                return Outcome.excluded("FREQUENCY_CAP");
            }
        }
        if (f.recentSimilar) {
            return Outcome.excluded("RECENT_SIMILAR");
        }
        List<String> suitable = null;
        boolean mmUnsuitable = false;
        if (campaignChannels.contains(Channel.MM) && !blocked.contains(Channel.MM)) {
            suitable = apps == null ? List.of() : apps.suitable(f.handset);
            if (suitable.isEmpty()) {
                blocked.add(Channel.MM);
                mmUnsuitable = true;
            }
        }
        Channel channel = preferences.choose(f.customerClass, campaignChannels, blocked);
        return channel == null ? Outcome.excluded(mmUnsuitable ? "NO_SUITABLE_APP" : "NO_CHANNEL")
                : new Outcome(null, channel, ControlGroup.isControl(d.id(), f.msisdn, d.controlPercent()),
                channel == Channel.MM ? suitable : null);
    }

    private Facts facts(ResultSet rs) throws SQLException {
        return new Facts(rs.getString("msisdn"), rs.getBoolean("blacklisted"), channels(rs.getArray("optouts")),
                rs.getArray("grey_allowed") == null ? null : channels(rs.getArray("grey_allowed")), rs.getBoolean("known"),
                rs.getInt("status"), rs.getInt("customer_class"), rs.getString("cust_name"), rs.getString("brand"),
                rs.getString("city_code"), rs.getString("handset_model"), rs.getBoolean("holds"), rs.getBoolean("group_conflict"),
                rs.getLong("sms_today"), rs.getLong("sms_week"), rs.getBoolean("recent_similar"));
    }

    private static Set<Channel> channels(Array array) throws SQLException {
        Set<Channel> out = EnumSet.noneOf(Channel.class);
        if (array != null) {
            for (Object o : (Object[]) array.getArray()) {
                out.add(Channel.valueOf(String.valueOf(o)));
            }
        }
        return out;
    }

    private static void put(Map<String, String> vars, String key, String value) {
        if (value != null && !value.isEmpty()) {
            vars.put(key, value);
        }
    }

    private String write(Map<String, String> vars) {
        try {
            return json.writeValueAsString(vars);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void write(List<Object[]> batch) {
        if (batch.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("""
                INSERT INTO campaign_contact (campaign_id, msisdn, list_id, segment, grp, channel, status, reason, vars, decided_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)""", batch);
        batch.clear();
    }
}
