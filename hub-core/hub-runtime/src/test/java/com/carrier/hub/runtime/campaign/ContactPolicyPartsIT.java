package com.carrier.hub.runtime.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import com.carrier.hub.api.HubTime;
import com.carrier.hub.runtime.HubIT;

/**
 * A large list is decided in parts whose facts outside the customer index (blacklist, opt-outs, greylist, holdings,
 * frequency caps, recent similar contacts) are read once as sets of MSISDNs; a small list is decided by one query that
 * joins every table per row. Both must decide every customer alike: the same list, decided once each way, gets the
 * same group, channel, status and exclusion code for every customer, over a fixture that reaches every code of §7.2
 * the campaign can produce.
 */
class ContactPolicyPartsIT extends HubIT {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CampaignRepository campaigns;
    @Autowired
    TargetListService lists;
    @Autowired
    ContactPolicy policy;
    @Autowired
    CampaignPreview preview;

    private final String prefix = String.format("%04d", Math.floorMod(UUID.randomUUID().hashCode(), 10_000));
    private final String tag = UUID.randomUUID().toString().substring(0, 8);

    /** Customer n's number: from both ends of the number range, which a large list's sort must both order right. */
    private String m(int n) {
        return (n % 4 == 1 ? "198" : "137") + prefix + String.format("%04d", n);
    }

    @Test
    void aListDecidedInPartsGetsTheSameDecisionsAsDecidedWhole() {
        String campaign = fixture(300);
        List<TargetRow> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            rows.add(TargetRow.parse(i + 1, m(i) + "|S" + (i % 3) + "|0.5|A1||"));
        }

        policy.setParallelFrom(Long.MAX_VALUE);
        try {
            lists.accept(campaign, "L-WHOLE", rows.iterator());
        } finally {
            policy.setParallelFrom(100_000);
        }
        assertThat(parts(campaign, "L-WHOLE")).isEqualTo(1);
        Map<String, String> whole = decisions(campaign);

        jdbc.update("DELETE FROM campaign_contact WHERE campaign_id = ?", campaign);
        policy.setParallelFrom(1);
        try {
            lists.accept(campaign, "L-PARTS", rows.iterator());
        } finally {
            policy.setParallelFrom(100_000);
        }
        assertThat(parts(campaign, "L-PARTS")).isEqualTo(ContactPolicy.PARTS);
        Map<String, String> inParts = decisions(campaign);

        assertThat(whole).hasSize(300);
        assertThat(whole.values()).as("the fixture reaches every code and both channels")
                .map(d -> d.substring(0, d.indexOf(" @"))).contains("EXCLUDED BLACKLIST", "EXCLUDED CHANNEL_OPTOUT",
                        "EXCLUDED UNKNOWN_CUSTOMER", "EXCLUDED INACTIVE", "EXCLUDED HOLDS_PRODUCT", "EXCLUDED EXCLUSIVE_CONFLICT",
                        "EXCLUDED GREYLIST", "EXCLUDED FREQUENCY_CAP", "EXCLUDED RECENT_SIMILAR", "EXCLUDED NO_CHANNEL",
                        "PENDING T SMS", "PENDING T PORTAL");
        assertThat(whole.values()).anyMatch(d -> d.startsWith("CONTROL C"));
        assertThat(inParts).isEqualTo(whole);
    }

    @Test
    void givenCustomersAreDecidedAsTheirListIs() {
        // a triggered campaign's matches are decided by their MSISDNs (their facts read for them alone, by key): every
        // customer of the fixture must get what the same customers get as a list
        String campaign = fixture(300);
        List<TargetRow> rows = new ArrayList<>();
        List<String> msisdns = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            rows.add(TargetRow.parse(i + 1, m(i) + "|S" + (i % 3) + "|0.5|A1||"));
            msisdns.add(m(i));
        }
        lists.accept(campaign, "L-WHOLE", rows.iterator());
        Map<String, String> asList = new TreeMap<>();
        decisions(campaign).forEach((msisdn, d) -> asList.put(msisdn, d.startsWith("CONTROL")
                ? "CONTROL" : d.substring(0, d.indexOf(" @"))));

        Map<String, String> given = new TreeMap<>();
        for (ContactPolicy.Decision d : policy.decideCustomers(campaigns.find(campaign).orElseThrow(), msisdns,
                java.time.Instant.now())) {
            given.put(d.msisdn(), d.exclusion() != null ? "EXCLUDED " + d.exclusion()
                    : d.control() ? "CONTROL" : "PENDING T " + d.channel());
        }
        assertThat(given.values()).as("the fixture reaches every code").contains("EXCLUDED BLACKLIST",
                "EXCLUDED CHANNEL_OPTOUT", "EXCLUDED HOLDS_PRODUCT", "EXCLUDED EXCLUSIVE_CONFLICT", "EXCLUDED GREYLIST",
                "EXCLUDED FREQUENCY_CAP", "EXCLUDED RECENT_SIMILAR", "PENDING T PORTAL");
        assertThat(given).isEqualTo(asList);
    }

    @Test
    void aPreviewDecidesAsTheLaunchWouldByEitherPathAndWritesNothing() {
        String campaign = fixture(300);
        List<TargetRow> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            rows.add(TargetRow.parse(i + 1, m(i) + "|S" + (i % 3) + "|0.5|A1||"));
        }
        rows.add(TargetRow.parse(301, "12345|S1|0.5|A1||"));       // BAD_MSISDN
        rows.add(TargetRow.parse(302, m(17) + "|S1|0.5|A1||"));    // DUPLICATE in the list

        CampaignPreview.Preview whole = preview.ofRows(campaign, rows.iterator(), null);
        CampaignPreview.Preview inParts;
        policy.setParallelFrom(1);
        try {
            inParts = preview.ofRows(campaign, rows.iterator(), null);
        } finally {
            policy.setParallelFrom(100_000);
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM campaign_contact WHERE campaign_id = ?", Long.class, campaign))
                .as("a preview writes no contact").isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM campaign_target WHERE campaign_id = ?", Long.class, campaign))
                .as("nor a target row").isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM campaign_list WHERE campaign_id = ?", Long.class, campaign))
                .isZero();
        assertThat(inParts.funnel()).isEqualTo(whole.funnel());
        assertThat(whole.funnel()).containsKeys("BAD_MSISDN", "DUPLICATE", "BLACKLIST", "CHANNEL_OPTOUT",
                "UNKNOWN_CUSTOMER", "INACTIVE", "HOLDS_PRODUCT", "EXCLUSIVE_CONFLICT", "GREYLIST", "FREQUENCY_CAP",
                "RECENT_SIMILAR", "NO_CHANNEL", "CONTROL", "TREATMENT");

        TargetListService.ListResult launched = lists.accept(campaign, "L-LAUNCH", rows.iterator());
        assertThat(whole.funnel()).as("the preview's funnel is the launch's").isEqualTo(launched.byOutcome());
        assertThat(whole.rows()).isEqualTo(launched.rows());
        Map<String, Long> launchedByChannel = new TreeMap<>();
        jdbc.query("SELECT channel, count(*) FROM campaign_contact WHERE campaign_id = ? AND status = 'PENDING'"
                + " GROUP BY channel", rs -> {
                    launchedByChannel.put(rs.getString(1), rs.getLong(2));
                }, campaign);
        Map<String, Long> previewByChannel = new TreeMap<>();
        whole.channels().stream().filter(c -> c.treatment() > 0)
                .forEach(c -> previewByChannel.put(c.touchpoint(), c.treatment()));
        assertThat(previewByChannel).isEqualTo(launchedByChannel);

        CampaignPreview.Preview again = preview.ofRows(campaign, rows.iterator(), null);
        assertThat(again.funnel()).as("after the launch, every customer is the campaign's already")
                .containsOnlyKeys("BAD_MSISDN", "DUPLICATE", "CONTROL", "TREATMENT");
        assertThat(again.funnel().get("DUPLICATE")).isEqualTo(301);
    }

    @Test
    @Timeout(120)
    void aLongListIsReadAheadWhileItsRowsAreStillStreamingIn() {
        // The policy's lists are read ahead once a list reaches parallel-from rows, while staging's COPY is open on
        // the staging connection: the read must not wait for that connection (it would wait for ever).
        String campaign = fixture(16);
        int rows = 40_000;
        long base = Math.floorMod(UUID.randomUUID().getLeastSignificantBits(), 50_000_000L);
        Iterator<TargetRow> list = java.util.stream.IntStream.range(0, rows)   // numbers unknown to the index
                .mapToObj(i -> TargetRow.parse(i + 1, "135" + String.format("%08d", base + i) + "|S1|0.5|A1||"))
                .iterator();
        policy.setParallelFrom(30_000);
        try {
            TargetListService.ListResult result = lists.accept(campaign, "L-LONG", list);
            assertThat(result.rows()).isEqualTo(rows);
        } finally {
            policy.setParallelFrom(100_000);
        }
        assertThat(parts(campaign, "L-LONG")).isEqualTo(ContactPolicy.PARTS);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM campaign_contact WHERE campaign_id = ?", Long.class, campaign))
                .isEqualTo(rows);
    }

    /** Customers of every kind, by {@code i % 16}; returns the campaign's id. */
    private String fixture(int customers) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        // the caps count SMS since midnight in Shanghai: "an hour ago" is yesterday between 00:00 and 01:00 there
        OffsetDateTime today = LocalDate.now(HubTime.ZONE).atStartOfDay(HubTime.ZONE)
                .toOffsetDateTime();
        String offer = "PO-" + tag;
        String sibling = "PS-" + tag;
        String group = "G-" + tag;
        jdbc.update("INSERT INTO product (product_id, name, type, price_fen, status, exclusive_group) VALUES"
                + " (?, 'offer', 'DATA', 1000, 1, ?), (?, 'sibling', 'DATA', 900, 1, ?)", offer, group, sibling, group);
        // earlier campaigns: one of the same product (recent similar), one of another (only counts towards the caps)
        String same = "HS-" + tag;
        String other = "HO-" + tag;
        for (String[] h : new String[][] {{same, offer, "PROMOTION"}, {other, "PX-" + tag, "PUBLICITY"}}) {
            campaigns.insert(definition(h[0], h[2], h[1], now.minusDays(30), now.minusDays(1)), CampaignStatus.COMPLETED,
                    "test");
        }
        for (int i = 0; i < customers; i++) {
            String msisdn = m(i);
            int kind = i % 16;
            if (kind != 3) {
                jdbc.update("INSERT INTO customer (msisdn, cust_id, cust_name, brand, city_code, status, customer_class,"
                                + " update_time, deleted) VALUES (?, ?, '客户', 'GOTONE', '591', ?, ?, now(), ?)", msisdn, "C" + msisdn,
                        kind == 5 ? 2 : 1, kind == 12 ? 3 : kind == 13 ? 1 : 5, kind == 4);
            }
            switch (kind) {
                case 0 -> jdbc.update("INSERT INTO blacklist (msisdn, reason, source) VALUES (?, 'complaint', 'test')", msisdn);
                case 1 -> optOut(msisdn, "SMS", "PORTAL");
                case 2 -> optOut(msisdn, "SMS"); // PORTAL is left
                case 6 -> hold(msisdn, offer);
                case 7 -> hold(msisdn, sibling);
                case 8 -> grey(msisdn, "{MANAGER}");
                case 9 -> grey(msisdn, "{PORTAL}");
                case 10 -> { // SMS capped, PORTAL opted out: nothing left
                    contacted(other, msisdn, "SMS", today);
                    optOut(msisdn, "PORTAL");
                }
                case 11 -> contacted(same, msisdn, "PORTAL", now.minusDays(2));
                case 12 -> optOut(msisdn, "SMS"); // class 3 takes SMS only
                case 14 -> contacted(other, msisdn, "SMS", today); // capped SMS: PORTAL
                default -> {
                }
            }
        }
        String id = "PP-" + tag;
        campaigns.insert(definition(id, "TARIFF", offer, now.minusDays(1), now.plusDays(30)), CampaignStatus.DRAFT, "test");
        return id;
    }

    private static CampaignDefinition definition(String id, String type, String product, OffsetDateTime start,
                                                 OffsetDateTime end) {
        return new CampaignDefinition(id, "parts", type, product, List.of("SMS", "PORTAL"),
                Map.of("SMS", Map.of("text", "Hi ${name}"),
                        "PORTAL", Map.of("title", "Offer", "body", "For ${name}", "url", "https://portal/x")),
                "10658001", start, end, null, 10.0, null, null, null, null, null, null, null).withDefaults();
    }

    private void optOut(String msisdn, String... channels) {
        for (String c : channels) {
            jdbc.update("INSERT INTO channel_optout (msisdn, channel, source) VALUES (?, ?, 'test')", msisdn, c);
        }
    }

    private void hold(String msisdn, String product) {
        jdbc.update("INSERT INTO holding (msisdn, product_id) VALUES (?, ?)", msisdn, product);
    }

    private void grey(String msisdn, String channels) {
        jdbc.update("INSERT INTO greylist (msisdn, allowed_channels, source) VALUES (?, ?::text[], 'test')", msisdn, channels);
    }

    private void contacted(String campaign, String msisdn, String channel, OffsetDateTime at) {
        jdbc.update("INSERT INTO campaign_contact (campaign_id, msisdn, list_id, grp, channel, status, contacted_at)"
                + " VALUES (?, ?, 'L1', 'T', ?, 'SENT', ?)", campaign, msisdn, channel, at);
    }

    private int parts(String campaign, String list) {
        return jdbc.queryForObject("SELECT parts FROM campaign_list WHERE campaign_id = ? AND list_id = ?", Integer.class,
                campaign, list);
    }

    /**
     * Every contact of the campaign: "status reason" for an exclusion, else "status group channel"; then its list
     * line, segment and stored vars.
     */
    private Map<String, String> decisions(String campaign) {
        Map<String, String> out = new TreeMap<>();
        jdbc.query("SELECT msisdn, status, reason, grp, channel, line_no, segment, vars FROM campaign_contact"
                + " WHERE campaign_id = ?", rs -> {
                    out.put(rs.getString(1), (rs.getString(3) != null ? rs.getString(2) + " " + rs.getString(3)
                            : rs.getString(2) + " " + rs.getString(4) + " " + rs.getString(5))
                            + " @" + rs.getLong(6) + " " + rs.getString(7) + " " + rs.getString(8));
                }, campaign);
        return out;
    }
}
