package com.carrier.hub.runtime.campaign;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;

/**
 * The contact policy's queries (PEERS §7.2): the facts of every undecided row of a list in one pass, the same for given
 * customers, and the contact-history and holdings aggregates the large-list path reads as sets ({@link SideFacts}),
 * with the code that binds their parameters.
 */
final class PolicyQueries {

    private PolicyQueries() {
    }

    /**
     * {@link #FACTS} of given customers (binds a text[] of MSISDNs first, then {@link #bindHist} and {@link #bindHeld})
     * instead of a list's rows. The contact history, holdings and opt-outs are read for those customers alone, by
     * their keys: aggregating them for every customer contacted this week, as a whole list's query does, would cost a
     * batch of a few hundred triggered customers a scan of the week's contacts.
     */
    static String givenFacts() {
        String sql = once(FACTS, "WITH hist AS (", "WITH given AS (SELECT DISTINCT m AS msisdn, NULL::text AS segment,"
                + " NULL::bigint AS line_no FROM unnest(?::text[]) AS m),\nhist AS (");
        String ofGiven = " IN (SELECT msisdn FROM given) AND ";
        sql = once(sql, "WHERE x.contacted_at >=", "WHERE x.msisdn" + ofGiven + "x.contacted_at >=");
        sql = once(sql, "WHERE (h.product_id = ?", "WHERE h.msisdn" + ofGiven + "(h.product_id = ?");
        sql = once(sql, "FROM channel_optout o GROUP BY", "FROM channel_optout o WHERE o.msisdn IN (SELECT msisdn FROM given)"
                + " GROUP BY");
        String where = "WHERE t.campaign_id = ? AND t.list_id = ? AND t.code IS NULL";
        if (!sql.endsWith(where)) {
            throw new IllegalStateException("PolicyQueries.FACTS changed shape; update givenFacts");
        }
        return once(sql.substring(0, sql.length() - where.length()), "FROM campaign_target t\n", "FROM given t\n");
    }

    private static String once(String sql, String part, String replacement) {
        int at = sql.indexOf(part);
        if (at < 0 || sql.indexOf(part, at + 1) >= 0) {
            throw new IllegalStateException("PolicyQueries.FACTS changed shape (" + part + "); update givenFacts");
        }
        return sql.substring(0, at) + replacement + sql.substring(at + part.length());
    }

    /** Binds {@link #HIST}'s parameters from {@code i}; returns the next index. */
    static int bindHist(PreparedStatement ps, int i, Campaign campaign, PolicyInputs in) throws SQLException {
        CampaignDefinition d = in.d();
        ps.setTimestamp(i++, Timestamp.from(in.dayStart()));
        ps.setTimestamp(i++, Timestamp.from(in.weekStart()));
        ps.setTimestamp(i++, Timestamp.from(in.similarSince()));
        ps.setString(i++, campaign.id());
        ps.setString(i++, d.productId());
        ps.setString(i++, d.type().toUpperCase());
        ps.setTimestamp(i++, Timestamp.from(in.dayStart()));
        ps.setTimestamp(i++, Timestamp.from(in.weekStart()));
        ps.setTimestamp(i++, Timestamp.from(in.similarSince()));
        return i;
    }

    /** Binds {@link #HELD}'s parameters from {@code i}; returns the next index. */
    static int bindHeld(PreparedStatement ps, int i, PolicyInputs in) throws SQLException {
        ps.setString(i++, in.d().productId());
        ps.setString(i++, in.group());
        ps.setString(i++, in.d().productId());
        ps.setString(i++, in.group());
        return i;
    }

    /**
     * Per customer with contacts in the windows: SMS today, SMS this week, and whether a campaign of the same product
     * or type reached them within the recent-similar days. Binds day start, week start, similar-since, campaign id,
     * product, type, then the three instants again.
     */
    static final String HIST = """
            SELECT x.msisdn,
                   count(*) FILTER (WHERE x.channel = 'SMS' AND x.contacted_at >= ?) AS sms_today,
                   count(*) FILTER (WHERE x.channel = 'SMS' AND x.contacted_at >= ?) AS sms_week,
                   coalesce(bool_or(x.contacted_at >= ? AND x.campaign_id <> ? AND (k.product_id = ? OR k.type = ?)),
                            false) AS recent_similar
            FROM campaign_contact x JOIN campaign k ON k.id = x.campaign_id
            WHERE x.contacted_at >= least(?::timestamptz, ?::timestamptz, ?::timestamptz)
              AND x.status IN ('SENT', 'SUBMITTING', 'OUTCOME_UNKNOWN')
            GROUP BY x.msisdn""";

    /** Per customer holding the offer or a product of its exclusive group. Binds product, group, product, group. */
    static final String HELD = """
            SELECT h.msisdn, coalesce(bool_or(h.product_id = ?), false) AS holds,
                   coalesce(bool_or(p.exclusive_group = ?), false) AS group_conflict
            FROM holding h LEFT JOIN product p ON p.product_id = h.product_id
            WHERE (h.product_id = ? OR p.exclusive_group = ?)
            GROUP BY h.msisdn""";

    /**
     * The facts of every undecided row of a list decided whole, in one pass: blacklist, greylist and customer joined by
     * key; opt-outs, holdings of the offer or its exclusive group, and the recent contact history aggregated once per
     * customer and hash-joined, instead of a correlated subquery per row. Unordered: each row is decided on its own.
     */
    static final String FACTS = "WITH hist AS (" + HIST + "),\nheld AS (" + HELD + "),\n" + """
            opt AS (
                SELECT o.msisdn, array_agg(o.channel) AS optouts FROM channel_optout o GROUP BY o.msisdn)
            SELECT t.msisdn, t.segment,
                   b.msisdn IS NOT NULL AS blacklisted,
                   opt.optouts,
                   g.allowed_channels AS grey_allowed,
                   c.msisdn IS NOT NULL AND NOT c.deleted AS known,
                   c.status, c.customer_class, c.handset_model,
                   coalesce(held.holds, false) AS holds,
                   coalesce(held.group_conflict, false) AS group_conflict,
                   coalesce(hist.sms_today, 0) AS sms_today,
                   coalesce(hist.sms_week, 0) AS sms_week,
                   coalesce(hist.recent_similar, false) AS recent_similar,
                   t.line_no
            FROM campaign_target t
            LEFT JOIN blacklist b ON b.msisdn = t.msisdn
            LEFT JOIN greylist g ON g.msisdn = t.msisdn
            LEFT JOIN customer c ON c.msisdn = t.msisdn
            LEFT JOIN opt ON opt.msisdn = t.msisdn
            LEFT JOIN held ON held.msisdn = t.msisdn
            LEFT JOIN hist ON hist.msisdn = t.msisdn
            WHERE t.campaign_id = ? AND t.list_id = ? AND t.code IS NULL""";
}
