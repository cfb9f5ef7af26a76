package com.carrier.hub.runtime.policy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.sql.Array;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import com.carrier.hub.api.InputLimits;
import com.carrier.hub.api.Msisdn;
import com.carrier.hub.runtime.touchpoints.TouchpointRegistry;

/**
 * The do-not-contact lists: the global blacklist, the greylist (contact only on some channels) and per-channel
 * opt-outs. Entries come from the admin API, from uploaded files and — for SMS opt-outs — from the SMS connector
 * through the response-event store, which the contact policy reads at once.
 */
@Repository
public class PolicyListStore {

    /** Which list. */
    public enum ListKind { BLACKLIST, GREYLIST, OPTOUT }

    /** One entry as the API shows it; {@code channels} is the greylist's allowed channels or the opt-out's channel. */
    public record Entry(String msisdn, List<String> channels, String reason, String source) {
    }

    /** One rejected line of an import. */
    public record Rejected(long line, String reason, String text) {
    }

    /** What an import did: lines read = accepted + rejected. */
    public record ImportResult(long read, long accepted, List<Rejected> rejected) {
    }

    private static final int BATCH = 1000;

    private final JdbcTemplate jdbc;
    private final TouchpointRegistry touchpoints;

    public PolicyListStore(JdbcTemplate jdbc, TouchpointRegistry touchpoints) {
        this.jdbc = jdbc;
        this.touchpoints = touchpoints;
    }

    public void blacklist(String msisdn, String reason, String source) {
        jdbc.update("INSERT INTO blacklist (msisdn, reason, source) VALUES (?, ?, ?)"
                + " ON CONFLICT (msisdn) DO UPDATE SET reason = EXCLUDED.reason, source = EXCLUDED.source", msisdn, reason, source);
    }

    public void greylist(String msisdn, Set<String> allowed, String reason, String source) {
        jdbc.update(con -> {
            var ps = con.prepareStatement("INSERT INTO greylist (msisdn, allowed_channels, reason, source) VALUES (?, ?, ?, ?)"
                    + " ON CONFLICT (msisdn) DO UPDATE SET allowed_channels = EXCLUDED.allowed_channels, reason = EXCLUDED.reason,"
                    + " source = EXCLUDED.source");
            ps.setString(1, msisdn);
            Array channels = con.createArrayOf("text", allowed.stream().sorted().toArray());
            ps.setArray(2, channels);
            ps.setString(3, reason);
            ps.setString(4, source);
            return ps;
        });
    }

    public void optOut(String msisdn, String channel, String source) {
        jdbc.update("INSERT INTO channel_optout (msisdn, channel, source) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                msisdn, channel, source);
    }

    public boolean remove(ListKind kind, String msisdn, String channel) {
        return switch (kind) {
            case BLACKLIST -> jdbc.update("DELETE FROM blacklist WHERE msisdn = ?", msisdn) > 0;
            case GREYLIST -> jdbc.update("DELETE FROM greylist WHERE msisdn = ?", msisdn) > 0;
            case OPTOUT -> channel == null
                    ? jdbc.update("DELETE FROM channel_optout WHERE msisdn = ?", msisdn) > 0
                    : jdbc.update("DELETE FROM channel_optout WHERE msisdn = ? AND channel = ?", msisdn, channel) > 0;
        };
    }

    /** Every entry of the lists that concern the customer. */
    public List<Entry> lookup(ListKind kind, String msisdn) {
        return switch (kind) {
            case BLACKLIST -> jdbc.query("SELECT msisdn, reason, source FROM blacklist WHERE msisdn = ?",
                    (rs, i) -> new Entry(rs.getString(1), List.of(), rs.getString(2), rs.getString(3)), msisdn);
            case GREYLIST -> jdbc.query("SELECT msisdn, allowed_channels, reason, source FROM greylist WHERE msisdn = ?",
                    (rs, i) -> new Entry(rs.getString(1), List.of((String[]) rs.getArray(2).getArray()), rs.getString(3),
                            rs.getString(4)), msisdn);
            case OPTOUT -> jdbc.query("SELECT msisdn, channel, source FROM channel_optout WHERE msisdn = ? ORDER BY channel",
                    (rs, i) -> new Entry(rs.getString(1), List.of(rs.getString(2)), null, rs.getString(3)), msisdn);
        };
    }

    public long count(ListKind kind) {
        String table = switch (kind) {
            case BLACKLIST -> "blacklist";
            case GREYLIST -> "greylist";
            case OPTOUT -> "channel_optout";
        };
        Long n = jdbc.queryForObject("SELECT count(*) FROM " + table, Long.class);
        return n == null ? 0 : n;
    }

    /**
     * Imports a list file: one customer per line, {@code msisdn[|reason]} for the blacklist,
     * {@code msisdn|CH1,CH2[|reason]} for the greylist, {@code msisdn|CHANNEL} for opt-outs. A bad line is rejected
     * with its number and reason; good lines beside it are stored. Lines end in \n; a trailing \r is stripped.
     */
    @Transactional
    public ImportResult importLines(ListKind kind, Reader text, String source) throws IOException {
        BufferedReader in = text instanceof BufferedReader b ? b : new BufferedReader(text);
        List<Rejected> rejected = new ArrayList<>();
        List<Object[]> rows = new ArrayList<>();
        long read = 0;
        long accepted = 0;
        String line;
        while ((line = in.readLine()) != null) {
            read++;
            String raw = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            if (raw.isBlank()) {
                rejected.add(new Rejected(read, "EMPTY_LINE", raw));
                continue;
            }
            String[] f = raw.split("\\|", -1);
            String msisdn = f[0].strip();
            if (!Msisdn.isValid(msisdn)) {
                rejected.add(new Rejected(read, "BAD_MSISDN", raw));
                continue;
            }
            int reasonField = kind == ListKind.GREYLIST ? 2 : 1;
            if (kind != ListKind.OPTOUT && f.length > reasonField
                    && InputLimits.problem(f[reasonField], InputLimits.REASON) != null) {
                // over InputLimits.REASON or with U+0000: the line is refused, shown cut short and without the NUL
                String shown = raw.replace('\u0000', ' ');
                rejected.add(new Rejected(read, "BAD_REASON", shown.length() > 100 ? shown.substring(0, 100) + "…" : shown));
                continue;
            }
            switch (kind) {
                case BLACKLIST -> rows.add(new Object[] {msisdn, f.length > 1 ? f[1] : null});
                case GREYLIST, OPTOUT -> {
                    Set<String> channels = f.length > 1 ? channels(f[1]) : null;
                    if (channels == null || channels.isEmpty() || (kind == ListKind.OPTOUT && channels.size() != 1)) {
                        rejected.add(new Rejected(read, "BAD_CHANNEL", raw));
                        continue;
                    }
                    if (kind == ListKind.GREYLIST) {
                        greylist(msisdn, channels, f.length > 2 ? f[2] : null, source);
                    } else {
                        optOut(msisdn, channels.iterator().next(), source);
                    }
                }
                default -> throw new IllegalStateException(kind.name());
            }
            accepted++;
            if (rows.size() == BATCH) {
                flushBlacklist(rows, source);
            }
        }
        flushBlacklist(rows, source);
        return new ImportResult(read, accepted, rejected);
    }

    private void flushBlacklist(List<Object[]> rows, String source) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("INSERT INTO blacklist (msisdn, reason, source) VALUES (?, ?, ?)"
                + " ON CONFLICT (msisdn) DO UPDATE SET reason = EXCLUDED.reason, source = EXCLUDED.source",
                rows.stream().map(r -> new Object[] {r[0], r[1], source}).toList());
        rows.clear();
    }

    /** Parses {@code SMS,PORTAL} into touchpoint ids; null when any name is not a registered touchpoint. */
    Set<String> channels(String list) {
        Set<String> out = new LinkedHashSet<>();
        for (String name : list.split(",")) {
            if (touchpoints.get(name) == null) {
                return null;
            }
            out.add(name.strip().toUpperCase(Locale.ROOT));
        }
        return out;
    }

    /** The touchpoint ids a list entry may name. */
    List<String> channelIds() {
        return touchpoints.ids();
    }
}
