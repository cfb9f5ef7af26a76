package com.carrier.hub.runtime.customer;

import java.sql.Array;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Service;

import com.carrier.hub.api.Msisdn;
import com.carrier.hub.runtime.policy.PolicyListActions;
import com.carrier.hub.runtime.policy.PolicyListStore;

/**
 * One customer in one place — "why did this customer get (or not get) this message?": the index fields BOSS sent
 * (PEERS.md §1.1), the products they hold (§1.3), every campaign that decided them with the group, channel, status
 * and exclusion or failure code (§7.2), the contacts' times, the responses attributed to those campaigns, and the
 * contact policy lists they are on. Read by {@code GET /api/customers/{msisdn}} and the console's customer page.
 *
 * <p>Who sees the number whole: OPERATOR and ADMIN (they act on customers: lists, replays); a VIEWER sees it masked
 * ({@code 138****5678}) and the customer's name hidden. Texts that are not the hub's own (a response's detail, an
 * opt-out's source) are masked for everyone, as in the log.
 */
@Service
public class CustomerLookup {

    /** The customer index's fields (PEERS.md §1.1); {@code deleted} when BOSS sent a {@code D}. */
    public record Index(String custId, String custName, String brand, String cityCode, String planId, int status,
                        String handsetModel, LocalDate openDate, Long arpu3mFen, int customerClass, Instant updateTime,
                        boolean deleted) {
    }

    /** A product the customer holds, with its catalog name when the catalog knows it. */
    public record Holding(String productId, String productName, Instant effectiveTime, Instant expireTime) {
    }

    /**
     * A campaign's decision about the customer and its contact: group {@code T}/{@code C}, the channel chosen, the
     * status ({@code SENT}, {@code EXCLUDED}, {@code CONTROL}…), the exclusion or failure code, channels that refused
     * the customer before the one that served, when it was decided and when contacted.
     */
    public record Decision(String campaignId, String campaignName, String campaignStatus, String listId, String segment,
                           String group, String channel, String status, String reason, List<String> refusals,
                           Instant decidedAt, Instant contactedAt) {
    }

    /** A response attributed to one of the customer's campaigns. */
    public record Response(String campaignId, String channel, String type, Instant eventTime, String group,
                           boolean accepted, String detail) {
    }

    /** An entry of a contact policy list: which list, its channels, reason and where it came from. */
    public record ListEntry(String list, List<String> channels, String reason, String source) {
    }

    /** Everything the hub keeps about the customer; {@code masked} says whether the number is shown masked. */
    public record Profile(String msisdn, boolean masked, Index index, List<Holding> holdings, List<Decision> campaigns,
                          List<Response> responses, List<ListEntry> lists) {
    }

    /** Campaigns and responses a profile lists at most, newest first. */
    static final int MAX_ROWS = 200;

    private static final String DECISIONS = """
            SELECT c.id, c.name, c.status AS campaign_status, k.list_id, k.segment, k.grp, k.channel, k.status,
                   k.reason, k.refusals, k.decided_at, k.contacted_at
              FROM campaign c JOIN campaign_contact k ON k.campaign_id = c.id AND k.msisdn = ?
             ORDER BY k.decided_at DESC LIMIT""" + " " + MAX_ROWS;

    // through the campaigns, so each step is an index lookup on (campaign_id, msisdn), never a scan of the ledger
    private static final String RESPONSES = """
            SELECT a.campaign_id, a.channel, a.type, a.event_time, a.grp, a.accepted, e.detail
              FROM campaign c JOIN response_attribution a ON a.campaign_id = c.id AND a.msisdn = ?
                   AND a.outcome = 'ATTRIBUTED'
              LEFT JOIN response_event e ON e.id = a.event_id
             ORDER BY a.event_time DESC LIMIT""" + " " + MAX_ROWS;

    private final JdbcTemplate jdbc;
    private final PolicyListStore lists;
    private final RoleHierarchy roles;

    public CustomerLookup(JdbcTemplate jdbc, PolicyListStore lists, RoleHierarchy roles) {
        this.jdbc = jdbc;
        this.lists = lists;
        this.roles = roles;
    }

    /** True when the user's roles show a customer's number and name whole: OPERATOR or ADMIN. */
    public boolean seesWhole(Authentication who) {
        if (who == null) {
            return false;
        }
        Collection<? extends GrantedAuthority> reachable = roles.getReachableGrantedAuthorities(who.getAuthorities());
        return reachable.stream().anyMatch(a -> "ROLE_OPERATOR".equals(a.getAuthority()));
    }

    /**
     * The customer's profile, masked unless {@code whole}; empty when the hub knows nothing of the number (not in the
     * index, decided by no campaign, on no list). The number must be valid ({@link Msisdn#isValid}).
     */
    public Optional<Profile> find(String msisdn, boolean whole) {
        if (!Msisdn.isValid(msisdn)) {
            throw new IllegalArgumentException("not an MSISDN: " + Msisdn.mask(msisdn));
        }
        Index index = jdbc.query("""
                SELECT cust_id, cust_name, brand, city_code, plan_id, status, handset_model, open_date, arpu_3m_fen,
                       customer_class, update_time, deleted FROM customer WHERE msisdn = ?""", (rs, i) -> {
            long arpu = rs.getLong("arpu_3m_fen");
            Long arpuValue = rs.wasNull() ? null : arpu;
            java.sql.Date open = rs.getDate("open_date");
            String name = rs.getString("cust_name");
            return new Index(rs.getString("cust_id"), whole || name == null ? name : hideName(name),
                    rs.getString("brand"), rs.getString("city_code"), rs.getString("plan_id"), rs.getInt("status"),
                    rs.getString("handset_model"), open == null ? null : open.toLocalDate(), arpuValue,
                    rs.getInt("customer_class"), instant(rs.getTimestamp("update_time")), rs.getBoolean("deleted"));
        }, msisdn).stream().findFirst().orElse(null);
        List<Holding> holdings = jdbc.query("""
                SELECT h.product_id, p.name, h.effective_time, h.expire_time
                  FROM holding h LEFT JOIN product p ON p.product_id = h.product_id
                 WHERE h.msisdn = ? ORDER BY h.effective_time DESC NULLS LAST, h.product_id""",
                (rs, i) -> new Holding(rs.getString(1), rs.getString(2), instant(rs.getTimestamp(3)),
                        instant(rs.getTimestamp(4))), msisdn);
        List<Decision> decisions = jdbc.query(DECISIONS, (rs, i) -> {
            Array refusals = rs.getArray("refusals");
            return new Decision(rs.getString("id"), rs.getString("name"), rs.getString("campaign_status"),
                    rs.getString("list_id"), rs.getString("segment"), rs.getString("grp"), rs.getString("channel"),
                    rs.getString("status"), Msisdn.maskAll(rs.getString("reason")),
                    refusals == null ? List.of() : Arrays.asList((String[]) refusals.getArray()),
                    instant(rs.getTimestamp("decided_at")), instant(rs.getTimestamp("contacted_at")));
        }, msisdn);
        List<Response> responses = jdbc.query(RESPONSES, (rs, i) -> new Response(rs.getString(1), rs.getString(2),
                rs.getString(3), instant(rs.getTimestamp(4)), rs.getString(5), rs.getBoolean(6),
                Msisdn.maskAll(rs.getString(7))), msisdn);
        List<ListEntry> entries = new ArrayList<>();
        for (PolicyListStore.ListKind kind : PolicyListStore.ListKind.values()) {
            for (PolicyListStore.Entry e : lists.lookup(kind, msisdn)) {
                entries.add(new ListEntry(PolicyListActions.name(kind), e.channels(), Msisdn.maskAll(e.reason()), Msisdn.maskAll(e.source())));
            }
        }
        if (index == null && holdings.isEmpty() && decisions.isEmpty() && responses.isEmpty() && entries.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Profile(whole ? msisdn : Msisdn.mask(msisdn), !whole, index, holdings, decisions,
                responses, List.copyOf(entries)));
    }

    /** A name as a VIEWER sees it: its first character, the rest hidden ({@code 张**}). */
    static String hideName(String name) {
        if (name.isEmpty()) {
            return name;
        }
        int first = name.offsetByCodePoints(0, 1);
        return name.substring(0, first) + "*".repeat(Math.max(1, name.codePointCount(first, name.length())));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
