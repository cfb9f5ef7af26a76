package com.carrier.hub.runtime.campaign;

import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.roaringbitmap.longlong.Roaring64Bitmap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import com.carrier.hub.api.HubTime;
import com.carrier.hub.api.Msisdn;
import com.carrier.hub.api.touchpoint.Touchpoint;
import com.carrier.hub.runtime.campaign.PolicyRules.Outcome;
import com.carrier.hub.runtime.campaign.TargetListService.ListRefused;
import com.carrier.hub.runtime.campaign.TargetListService.Selection;
import com.carrier.hub.runtime.touchpoints.ChannelPreferences;
import com.carrier.hub.runtime.touchpoints.TouchpointLoad;
import com.carrier.hub.runtime.touchpoints.TouchpointRegistry;

/**
 * A dry run of a campaign (issue 21's preview): the customers of a target source are decided exactly as a launch would
 * decide them as a list of the campaign now ({@link ContactPolicy.DryRun}: the same facts, §7.2 codes, channel
 * choice and control group), and nothing is written — no target row, no contact, no event. It answers the funnel by
 * step-1 code, exclusion code and group, the contacts per touchpoint, their load per day against each touchpoint's
 * daily capacity, and a few rendered messages per touchpoint with the customer masked. What it reads is held only while
 * it runs: the rows as {@link SortedTargets} (about 12 bytes a row) and, for a large source, the policy's lists.
 */
@Service
public class CampaignPreview {

    private static final Logger LOG = LoggerFactory.getLogger(CampaignPreview.class);

    /** Rendered messages shown per touchpoint: of its customers on the first lines of the source. */
    static final int SAMPLES = 3;
    /**
     * The first lines of an uploaded list kept whole (attributes included) so its samples can be rendered as dispatch
     * would render them; samples are taken among these lines.
     */
    static final int SAMPLE_LINES = 2_000;
    /** Days of load shown ahead at most; contacts left after them count as beyond the plan. */
    static final int MAX_DAYS = 31;

    private final CampaignRepository campaigns;
    private final ContactPolicy policy;
    private final TargetListService lists;
    private final TouchpointRegistry touchpoints;
    private final ChannelPreferences preferences;
    private final TouchpointLoad load;
    private final JdbcTemplate jdbc;

    public CampaignPreview(CampaignRepository campaigns, ContactPolicy policy, TargetListService lists,
                           TouchpointRegistry touchpoints, ChannelPreferences preferences, TouchpointLoad load,
                           JdbcTemplate jdbc) {
        this.campaigns = campaigns;
        this.policy = policy;
        this.lists = lists;
        this.touchpoints = touchpoints;
        this.preferences = preferences;
        this.load = load;
        this.jdbc = jdbc;
    }

    /**
     * What a launch of the source would do.
     *
     * @param rows      the rows read (a sample: {@code sampled} true when the source had more rows than were read)
     * @param funnel    customers by outcome, in §7.2 order of their codes: BAD_MSISDN, DUPLICATE (step 1, in the source
     *                  or contacted by the campaign before), each exclusion code, CONTROL and TREATMENT
     * @param channels  per touchpoint the campaign names: its treatment and control customers and the load they add
     * @param samples   a few rendered messages per touchpoint, customers masked
     * @param tookMillis how long the preview took
     */
    public record Preview(String campaignId, long rows, boolean sampled, Map<String, Long> funnel,
                          List<ChannelLoad> channels, List<Sample> samples, long tookMillis) {
    }

    /**
     * One touchpoint's part of a launch.
     *
     * @param capacityPerDay the touchpoint's daily capacity across all campaigns, null for unlimited
     * @param days           from the day the campaign would start sending: this campaign's contacts that day, what
     *                       other running campaigns already use or plan that day (known for today only), the capacity,
     *                       and whether the day is full
     * @param beyondPlan     contacts that would not fit in the days shown ({@value #MAX_DAYS} at most) or before the
     *                       campaign's end: the touchpoint is overbooked
     */
    public record ChannelLoad(String touchpoint, long treatment, long control, Long capacityPerDay, List<Day> days,
                              long beyondPlan) {
    }

    public record Day(LocalDate day, long contacts, long booked, Long capacity, boolean full) {
    }

    /**
     * A rendered message: the masked customer, the touchpoint's text fields rendered with the customer's fields as
     * dispatch renders them, or the failure dispatch would record ({@code MISSING_VALUE:<name>}).
     */
    public record Sample(String touchpoint, String customer, Map<String, String> fields, String failure) {
    }

    /** Previews an uploaded list (all of it, or its first {@code sample} rows when given). */
    public Preview ofRows(String campaignId, Iterator<TargetRow> rows, Long sample) {
        long t0 = System.nanoTime();
        Campaign campaign = open(campaignId);
        try (ContactPolicy.DryRun run = policy.dryRun(campaign, Instant.now())) {
            Source source = new Source(contactedBefore(campaignId), run, policy.parallelFrom());
            long limit = sample == null ? Long.MAX_VALUE : sample;
            boolean sampled = false;
            while (rows.hasNext()) {
                if (source.read == limit) {
                    sampled = true;
                    break;
                }
                TargetRow r = rows.next();
                source.add(r.lineNo(), r.msisdn(), r.segment(), r.lineNo() <= SAMPLE_LINES ? r : null);
            }
            return decide(campaign, run, source, sampled, t0);
        }
    }

    /** Previews what a structured query selects. */
    public Preview ofQuery(String campaignId, CustomerQuery query) {
        return ofSelection(campaignId, () -> lists.selection(query));
    }

    /** Previews the members of a saved customer group. */
    public Preview ofGroup(String campaignId, String groupId) {
        return ofSelection(campaignId, () -> lists.selection(groupId));
    }

    private Preview ofSelection(String campaignId, java.util.function.Supplier<Selection> selection) {
        long t0 = System.nanoTime();
        Campaign campaign = open(campaignId);
        Selection selected = selection.get();
        try (ContactPolicy.DryRun run = policy.dryRun(campaign, Instant.now())) {
            Source source = new Source(contactedBefore(campaignId), run, policy.parallelFrom());
            try {
                // numbered as staging numbers them: by MSISDN
                SideFacts.stream(jdbc, selected.select(), (ps, i) -> {
                    for (Object p : selected.parameters()) {
                        ps.setObject(i++, p);
                    }
                    return i;
                }, rs -> {
                    long line = source.read + 1;
                    String msisdn = rs.getString(1);
                    source.add(line, msisdn, null, line <= SAMPLE_LINES ? new TargetRow(line, msisdn, null, null, null,
                            null, null) : null);
                });
            } catch (SQLException e) {
                throw new IllegalStateException("campaign " + campaignId + ": reading the preview's customers failed: "
                        + e.getMessage(), e);
            }
            return decide(campaign, run, source, false, t0);
        }
    }

    /** The campaign to preview: known, and not finished (a finished campaign takes no list, so it has nothing to preview). */
    private Campaign open(String campaignId) {
        Campaign campaign = campaigns.find(campaignId).orElseThrow(() -> new ListRefused(HttpStatus.NOT_FOUND,
                "UNKNOWN_CAMPAIGN", "campaign " + campaignId + " is not known to the hub"));
        if (campaign.status().isTerminal()) {
            throw new ListRefused(HttpStatus.CONFLICT, "CAMPAIGN_FINISHED", "campaign " + campaignId + " is "
                    + campaign.status() + ": it takes no more lists, so there is nothing to preview");
        }
        return campaign;
    }

    /** The customers the campaign has decided before: a launch codes them DUPLICATE (PEERS §2.1). */
    private Roaring64Bitmap contactedBefore(String campaignId) {
        Roaring64Bitmap before = new Roaring64Bitmap();
        try {
            SideFacts.stream(jdbc, "SELECT msisdn FROM campaign_contact WHERE campaign_id = ?", (ps, i) -> {
                ps.setString(i++, campaignId);
                return i;
            }, rs -> {
                String m = rs.getString(1);
                if (Msisdn.isValid(m)) {
                    before.addLong(Long.parseLong(m));
                }
            });
        } catch (SQLException e) {
            throw new IllegalStateException("campaign " + campaignId + ": reading its contacts failed: " + e.getMessage(), e);
        }
        return before;
    }

    /**
     * The rows of a source as staging would code them, kept for the policy (step 1 counted, the rest sorted); once they
     * are as many as a list decided in parts, the policy's lists are read meanwhile, as for a list being staged.
     */
    private static final class Source {
        final Roaring64Bitmap before;
        final Roaring64Bitmap seen = new Roaring64Bitmap();
        final SortedTargets.Builder rows = new SortedTargets.Builder(1, 1024);
        final Map<Long, TargetRow> kept = new HashMap<>();
        final ContactPolicy.DryRun run;
        final long readAheadAt;
        long read;
        long bad;
        long duplicate;

        Source(Roaring64Bitmap before, ContactPolicy.DryRun run, long readAheadAt) {
            this.before = before;
            this.run = run;
            this.readAheadAt = Math.max(1, readAheadAt);
        }

        void add(long line, String msisdn, String segment, TargetRow keep) {
            if (++read == readAheadAt) {
                run.readAhead();
            }
            if (!Msisdn.isValid(msisdn)) {
                bad++;
                return;
            }
            long n = Long.parseLong(msisdn);
            if (seen.contains(n) || before.contains(n)) {
                duplicate++;
                return;
            }
            seen.addLong(n);
            rows.add(line, n - IndexedCustomers.BASE, segment);
            if (keep != null) {
                kept.put(line, keep);
            }
        }
    }

    /** One part's count of the decisions: by outcome, per touchpoint (treatment, control), and sample candidates. */
    private static final class Tally implements ContactPolicy.Decided {
        final SortedTargets targets;
        final Map<Long, TargetRow> kept;
        final Map<String, Long> outcomes = new TreeMap<>();
        final Map<String, long[]> byChannel = new LinkedHashMap<>();
        final Map<String, List<Chosen>> chosen = new LinkedHashMap<>();

        Tally(SortedTargets targets, Map<Long, TargetRow> kept) {
            this.targets = targets;
            this.kept = kept;
        }

        @Override
        public void accept(int row, Outcome o) {
            outcomes.merge(o.exclusion() != null ? o.exclusion() : o.control() ? "CONTROL" : "TREATMENT", 1L, Long::sum);
            if (o.exclusion() == null) {
                byChannel.computeIfAbsent(o.channel(), c -> new long[2])[o.control() ? 1 : 0]++;
                TargetRow row0 = o.control() ? null : kept.get(targets.line(row));
                if (row0 != null) {
                    chosen.computeIfAbsent(o.channel(), c -> new ArrayList<>()).add(new Chosen(row0, o));
                }
            }
        }

        void add(Tally other) {
            other.outcomes.forEach((k, v) -> outcomes.merge(k, v, Long::sum));
            other.byChannel.forEach((k, v) -> {
                long[] mine = byChannel.computeIfAbsent(k, c -> new long[2]);
                mine[0] += v[0];
                mine[1] += v[1];
            });
            other.chosen.forEach((k, v) -> chosen.computeIfAbsent(k, c -> new ArrayList<>()).addAll(v));
        }
    }

    private Preview decide(Campaign campaign, ContactPolicy.DryRun run, Source source, boolean sampled, long t0) {
        if (!source.rows.usable()) {
            throw new IllegalStateException("campaign " + campaign.id() + ": the preview's rows do not make one list");
        }
        SortedTargets targets = source.rows.build();
        Tally all = new Tally(targets, source.kept);
        campaign.definition().channels().forEach(c -> all.byChannel.put(c.strip().toUpperCase(java.util.Locale.ROOT),
                new long[2]));
        run.decide(targets, () -> new Tally(targets, source.kept)).forEach(all::add);
        Map<String, Long> funnel = new LinkedHashMap<>();
        if (source.bad > 0) {
            funnel.put("BAD_MSISDN", source.bad);
        }
        if (source.duplicate > 0) {
            funnel.put("DUPLICATE", source.duplicate);
        }
        all.outcomes.forEach((code, n) -> {
            if (!code.equals("CONTROL") && !code.equals("TREATMENT")) {
                funnel.put(code, n);
            }
        });
        funnel.put("CONTROL", all.outcomes.getOrDefault("CONTROL", 0L));
        funnel.put("TREATMENT", all.outcomes.getOrDefault("TREATMENT", 0L));
        // the first lines of the source, whatever order the policy decided them in
        Map<String, List<Chosen>> chosen = new LinkedHashMap<>();
        all.chosen.forEach((channel, of) -> chosen.put(channel, of.stream()
                .sorted(java.util.Comparator.comparingLong(c -> c.row().lineNo())).limit(SAMPLES).toList()));
        List<ChannelLoad> channels = loads(campaign, all.byChannel);
        List<Sample> samples = render(campaign, chosen);
        long took = (System.nanoTime() - t0) / 1_000_000;
        LOG.info("campaign {}: previewed {} rows ({} treatment, {} control) in {} ms; nothing written", campaign.id(),
                source.read, funnel.get("TREATMENT"), funnel.get("CONTROL"), took);
        return new Preview(campaign.id(), source.read, sampled, funnel, channels, samples, took);
    }

    private record Chosen(TargetRow row, Outcome outcome) {
    }

    /**
     * Spreads each touchpoint's treatment contacts over days from the day the campaign would start sending, each day up
     * to the touchpoint's capacity less what is already booked on it (today's contacts made and due, across every
     * running campaign; later days' bookings are not known before their lists are decided).
     */
    private List<ChannelLoad> loads(Campaign campaign, Map<String, long[]> byChannel) {
        LocalDate today = LocalDate.now(HubTime.ZONE);
        CampaignDefinition d = campaign.definition();
        LocalDate first = d.start() == null ? today : max(today, d.start().atZoneSameInstant(HubTime.ZONE).toLocalDate());
        LocalDate last = d.end() == null ? null : d.end().atZoneSameInstant(HubTime.ZONE).toLocalDate();
        Map<String, TouchpointLoad.Counts> booked = load.today();
        List<ChannelLoad> out = new ArrayList<>();
        byChannel.forEach((id, counts) -> {
            Touchpoint touchpoint = touchpoints.get(id);
            Long capacity = touchpoint == null ? null : preferences.dailyCapacity(touchpoint);
            List<Day> days = new ArrayList<>();
            long left = counts[0];
            LocalDate day = first;
            while (left > 0 && days.size() < MAX_DAYS && (last == null || !day.isAfter(last))) {
                TouchpointLoad.Counts c = day.equals(today) ? booked.get(id) : null;
                long taken = c == null ? 0 : c.planned() + c.used();
                long free = capacity == null ? left : Math.max(0, capacity - taken);
                long here = Math.min(left, free);
                days.add(new Day(day, here, taken, capacity, capacity != null && taken + here >= capacity));
                left -= here;
                day = day.plusDays(1);
            }
            out.add(new ChannelLoad(id, counts[0], counts[1], capacity, days, left));
        });
        return out;
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    /**
     * Renders the chosen customers' messages as dispatch renders them ({@link TemplateRenderer}, with the fields a claim
     * reads: the customer index's name, brand and city, the list row's segment and attributes, and the MM apps), the
     * MSISDN masked in the answer and in any text that shows it.
     */
    private List<Sample> render(Campaign campaign, Map<String, List<Chosen>> chosen) {
        List<String> msisdns = new ArrayList<>();
        chosen.values().forEach(l -> l.forEach(c -> msisdns.add(c.row().msisdn())));
        Map<String, Map<String, String>> customers = new HashMap<>();
        if (!msisdns.isEmpty()) {
            jdbc.query(con -> {
                var ps = con.prepareStatement("SELECT msisdn, cust_name, brand, city_code FROM customer"
                        + " WHERE msisdn = ANY (?) AND NOT deleted");
                ps.setArray(1, con.createArrayOf("text", msisdns.toArray()));
                return ps;
            }, rs -> {
                Map<String, String> fields = new HashMap<>();
                put(fields, "name", rs.getString(2));
                put(fields, "brand", rs.getString(3));
                put(fields, "city", rs.getString(4));
                customers.put(rs.getString(1), fields);
            });
        }
        List<Sample> out = new ArrayList<>();
        chosen.forEach((channel, of) -> {
            Touchpoint touchpoint = touchpoints.get(channel);
            if (touchpoint == null) {
                return;
            }
            Map<String, String> texts = TemplateRenderer.texts(touchpoint, campaign.definition().template(touchpoint.id()));
            for (Chosen c : of) {
                String masked = Msisdn.mask(c.row().msisdn());
                Map<String, String> vars = new HashMap<>(customers.getOrDefault(c.row().msisdn(), Map.of()));
                put(vars, "msisdn", masked);
                put(vars, "segment", c.row().segment());
                put(vars, "attr1", c.row().attr1());
                put(vars, "attr2", c.row().attr2());
                put(vars, "attr3", c.row().attr3());
                if (c.outcome().apps() != null) {
                    put(vars, "apps", String.join(",", c.outcome().apps()));
                }
                Map<String, String> fields = new LinkedHashMap<>();
                String failure = null;
                for (Map.Entry<String, String> t : texts.entrySet()) {
                    TemplateRenderer.Result r = TemplateRenderer.render(t.getValue(), vars);
                    if (!r.ok()) {
                        failure = r.failure();
                        fields.clear();
                        break;
                    }
                    fields.put(t.getKey(), Msisdn.maskAll(r.text()));
                }
                out.add(new Sample(channel, masked, fields, failure));
            }
        });
        return out;
    }

    private static void put(Map<String, String> fields, String name, String value) {
        if (value != null && !value.isEmpty()) {
            fields.put(name, value);
        }
    }
}
