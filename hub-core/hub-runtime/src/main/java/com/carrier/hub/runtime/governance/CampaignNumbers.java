package com.carrier.hub.runtime.governance;

import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import com.carrier.hub.api.HubTime;
import com.carrier.hub.runtime.governance.GovernanceProperties.Level;

/**
 * Campaign numbers in the pattern {@code hub.governance.numbering.pattern}. The sequence counts per series (the number
 * with its sequence left out) in a counter row that the campaign's creating transaction updates: concurrent creates
 * queue on that row and get consecutive numbers, and a create that rolls back gives its number back.
 */
@Repository
public class CampaignNumbers {

    private static final Pattern SEQ = Pattern.compile("<seq([1-9])>");

    private final JdbcTemplate jdbc;
    private final OrgUnits units;
    private final GovernanceProperties properties;

    public CampaignNumbers(JdbcTemplate jdbc, OrgUnits units, GovernanceProperties properties) {
        this.jdbc = jdbc;
        this.units = units;
        this.properties = properties;
    }

    /** The next number of a campaign created now by {@code unit}; must run in the transaction that creates it. */
    @Transactional(propagation = Propagation.MANDATORY)
    public String next(String unit) {
        OrgUnits.Unit u = units.unit(unit);
        if (u == null) {
            throw new IllegalStateException("no organisation unit " + unit);
        }
        OrgUnits.Unit city = units.at(unit, Level.CITY);
        String series = properties.getNumbering().getPattern()
                .replace("<unit>", u.code())
                .replace("<city>", city == null ? u.code() : city.code())
                .replace("<province>", units.root())
                .replace("<yyyy>", String.valueOf(LocalDate.now(HubTime.ZONE).getYear()));
        Matcher seq = SEQ.matcher(series);
        if (!seq.find()) {
            throw new IllegalStateException("hub.governance.numbering.pattern has no <seqN>: " + properties.getNumbering().getPattern());
        }
        int width = Integer.parseInt(seq.group(1));
        Integer n = jdbc.queryForObject("""
                INSERT INTO campaign_number_counter (series, last_seq) VALUES (?, 1)
                ON CONFLICT (series) DO UPDATE SET last_seq = campaign_number_counter.last_seq + 1
                RETURNING last_seq""", Integer.class, series);
        return seq.replaceFirst(Matcher.quoteReplacement(String.format("%0" + width + "d", n)));
    }
}
