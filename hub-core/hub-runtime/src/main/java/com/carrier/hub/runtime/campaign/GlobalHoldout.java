package com.carrier.hub.runtime.campaign;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.carrier.hub.api.FieldError;
import com.carrier.hub.api.HubTime;
import com.carrier.hub.runtime.web.InvalidRequest;

/**
 * The global control group (issue 21): {@code hub.campaigns.global-holdout.percent} of all customers get marketing from
 * no campaign — list-based or triggered — so the whole programme's lift is measured against customers who got none. A
 * customer is in it when the MD5 of {@code holdout:<seed>:<msisdn>} falls in the share's buckets, as a campaign's
 * control group is drawn ({@link ControlGroup}, the same in Java and SQL); every instance reads the seed in force from
 * the database, so they all agree, and the policy excludes such a customer as {@code GLOBAL_HOLDOUT} after every other
 * rule, before the campaign's own control group. The seed is re-drawn every {@code reseed-every} (route
 * {@code global-holdout-reseed}) or by an ADMIN; each seed and share is kept with the time it came into force.
 */
@Component
public class GlobalHoldout {

    private static final Logger LOG = LoggerFactory.getLogger(GlobalHoldout.class);

    /** The exclusion code of a customer in the global control group. */
    public static final String CODE = "GLOBAL_HOLDOUT";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final GlobalHoldoutProperties settings;

    public GlobalHoldout(JdbcTemplate jdbc, TransactionTemplate tx, GlobalHoldoutProperties settings) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.settings = settings;
    }

    /** One draw of the group: its seed, share and when it came into force. */
    public record Group(String seed, double percent, Instant since) {

        /** Whether the customer is held out of every campaign. */
        public boolean contains(String msisdn) {
            return ControlGroup.isControl(key(), msisdn, percent);
        }

        /** The key the hash is drawn with ({@link ControlGroup#bucket}; bind it to {@link ControlGroup#SQL}). */
        public String key() {
            return "holdout:" + seed;
        }
    }

    /**
     * The group in force, or null when the global holdout is off (share 0). The first call with a share set draws the
     * first seed; a changed share keeps the seed.
     */
    public Group current() {
        if (settings.getPercent() <= 0) {
            return null;
        }
        Group latest = latest();
        if (latest != null && latest.percent() == settings.getPercent()) {
            return latest;
        }
        return tx.execute(status -> {
            lock();
            Group now = latest();
            if (now != null && now.percent() == settings.getPercent()) {
                return now;
            }
            return insert(now == null ? newSeed() : now.seed(), "settings");
        });
    }

    /** Draws a new group now (an ADMIN's request, or the schedule's); refused while the global holdout is off. */
    public Group reseed(String actor) {
        if (settings.getPercent() <= 0) {
            throw new InvalidRequest("the global holdout is off", List.of(new FieldError("hub.campaigns.global-holdout.percent",
                    "is 0: set a share (percent) before drawing a group")));
        }
        return tx.execute(status -> {
            lock();
            Group g = insert(newSeed(), actor);
            LOG.info("global holdout re-drawn by {}: {}% of customers from {}", actor, g.percent(), g.since());
            return g;
        });
    }

    /** Re-draws the group when the one in force has stood for {@code reseed-every}: the route's round. */
    public void reseedIfDue() {
        Group g = current();
        if (g != null && g.since().plus(settings.getReseedEvery()).isBefore(Instant.now())) {
            tx.executeWithoutResult(status -> {
                lock();
                Group now = latest();
                if (now != null && now.since().plus(settings.getReseedEvery()).isBefore(Instant.now())) {
                    Group drawn = insert(newSeed(), "schedule");
                    LOG.info("global holdout re-drawn on schedule (every {}): {}% of customers", settings.getReseedEvery(),
                            drawn.percent());
                }
            });
        }
    }

    /**
     * The group in force throughout a period (days in Asia/Shanghai, {@code to} included); a period before the first
     * draw, or one that spans a re-draw or a change of share, is refused naming the day: the group was not the same
     * throughout.
     */
    public Group throughout(LocalDate from, LocalDate to) {
        if (to.isBefore(from)) {
            throw new InvalidRequest("the period is not valid", List.of(new FieldError("to", "is before from (" + from + ")")));
        }
        Instant start = from.atStartOfDay(HubTime.ZONE).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(HubTime.ZONE).toInstant();
        List<Group> groups = jdbc.query("""
                SELECT seed, percent, since FROM global_holdout_seed
                 WHERE since < ? AND (since > ? OR id = (SELECT max(id) FROM global_holdout_seed WHERE since <= ?))
                 ORDER BY since""", (rs, i) -> new Group(rs.getString(1), rs.getBigDecimal(2).doubleValue(),
                rs.getTimestamp(3).toInstant()), Timestamp.from(end), Timestamp.from(start), Timestamp.from(start));
        if (groups.isEmpty() || groups.get(0).since().isAfter(start)) {
            throw new InvalidRequest("no global holdout for the whole period", List.of(new FieldError("from",
                    groups.isEmpty() ? "no group was drawn by then" : "the first group was drawn on "
                            + groups.get(0).since().atZone(HubTime.ZONE).toLocalDate() + ", after " + from)));
        }
        if (groups.size() > 1) {
            throw new InvalidRequest("the period spans a re-draw of the global holdout", List.of(new FieldError("to",
                    "the group was re-drawn on " + groups.get(1).since().atZone(HubTime.ZONE).toLocalDate()
                            + "; report each side of it")));
        }
        return groups.get(0);
    }

    private Group latest() {
        return jdbc.query("SELECT seed, percent, since FROM global_holdout_seed ORDER BY id DESC LIMIT 1",
                rs -> rs.next() ? new Group(rs.getString(1), rs.getBigDecimal(2).doubleValue(), rs.getTimestamp(3).toInstant())
                        : null);
    }

    private Group insert(String seed, String actor) {
        return jdbc.queryForObject("INSERT INTO global_holdout_seed (seed, percent, created_by) VALUES (?, ?, ?)"
                        + " RETURNING seed, percent, since", (rs, i) -> new Group(rs.getString(1),
                        rs.getBigDecimal(2).doubleValue(), rs.getTimestamp(3).toInstant()),
                seed, BigDecimal.valueOf(settings.getPercent()), actor);
    }

    /** One drawer at a time across instances (a transaction-scoped advisory lock). */
    private void lock() {
        jdbc.query("SELECT pg_advisory_xact_lock(hashtext('global_holdout_seed'))", rs -> { });
    }

    private static String newSeed() {
        return UUID.randomUUID().toString();
    }
}
