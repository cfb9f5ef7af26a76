package com.carrier.hub.runtime.feeds;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.carrier.hub.api.HubTime;
import com.carrier.hub.runtime.campaign.CampaignsProperties;
import com.carrier.hub.batchfile.CompiledFeed;
import com.carrier.hub.batchfile.FeedFileWriter;
import com.carrier.hub.batchfile.StandardFeeds;
import com.carrier.hub.runtime.campaign.ContactStatus;
import com.carrier.hub.runtime.files.FeedFileNames;

/**
 * Writes the warehouse CONTACT feed (PEERS.md §2.2): one row per campaign × customer whose fate is known and changed
 * since the last file — SENT, FAILED, DEFERRED, EXCLUDED with the exclusion code, control-group customers as group C
 * (list rows refused as BAD_MSISDN or DUPLICATE name no further customer and are counted in the campaign's progress).
 * OUTCOME_UNKNOWN (an SMS whose acceptance is not known yet) is reported DEFERRED with reason OUTCOME_UNKNOWN: the
 * customer is not counted contacted until it is known, and the response ledger settles it — SENT once its receipt
 * arrives, or sent again when its receipt window closes without one — which changes the row, so a later file carries
 * the final status (one that never settles stays DEFERRED OUTCOME_UNKNOWN). Excluded customers are reported in group T: they
 * were targeted, and the control group is drawn only from the eligible.
 * <p>
 * A list's decisions go out by list, once it is DECIDED: its contacts as the policy wrote them (excluded and control
 * customers, half of a typical list) are read through the primary key and the list is marked exported, so millions of
 * rows are neither indexed for the feed nor rewritten by it. A contact changed after its decision goes out by row
 * (the export index) and is marked exported. The route {@code campaign-contacts-to-warehouse-contact-feed} uploads the
 * file.
 */
@Component("contactFeedExport")
public class ContactFeedExport {

    private static final int FETCH = 10_000;
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("uuuuMMddHHmmss").withZone(HubTime.ZONE);

    private final JdbcTemplate jdbc;
    /** The same database, rows fetched from a cursor a batch at a time: a list's decisions may be millions of rows. */
    private final JdbcTemplate streaming;
    private final TransactionTemplate tx;
    private final FeedFileNames names;
    private final Path dir;
    private final CompiledFeed feed = StandardFeeds.contact().compile();

    /** The contacts of a §2.2 row, joined to their campaign for the SMS service code. */
    private static final String SELECT = """
            SELECT c.campaign_id, c.msisdn, c.channel, c.grp, c.status, c.reason,
                   coalesce(c.contacted_at, c.updated_at) AS at, k.definition ->> 'sourceAddress' AS service_code
            FROM campaign_contact c JOIN campaign k ON k.id = c.campaign_id
            """;
    /**
     * Contacts whose fate changed after they were decided or last exported, up to the cut (bound once): the export
     * index's rows (V72). A contact as its list's decision wrote it goes out with its list instead.
     */
    private static final String CHANGED = """
            c.status NOT IN ('PENDING', 'CLAIMED', 'SUBMITTING')
            AND (c.exported_at < c.updated_at OR (c.exported_at IS NULL AND c.updated_at > c.decided_at))
            AND c.updated_at <= ?""";

    public ContactFeedExport(JdbcTemplate jdbc, TransactionTemplate tx, FeedFileNames names,
                             CampaignsProperties settings) {
        this.jdbc = jdbc;
        this.streaming = new JdbcTemplate(jdbc.getDataSource());
        this.streaming.setFetchSize(FETCH);
        this.tx = tx;
        this.names = names;
        this.dir = Path.of(settings.getContactFeed().getDir());
    }

    /** Writes the next CONTACT file and returns its data file, or null when nothing changed since the last one. */
    public File write() throws IOException {
        Files.createDirectories(dir);
        return tx.execute(status -> {
            try {
                return writeInTransaction(Instant.now());
            } catch (IOException e) {
                throw new IllegalStateException("contact feed: cannot write in " + dir.toAbsolutePath() + ": " + e.getMessage(), e);
            }
        });
    }

    private File writeInTransaction(Instant now) throws IOException {
        Timestamp cut = Timestamp.from(now);
        List<String[]> lists = jdbc.query("SELECT campaign_id, list_id FROM campaign_list WHERE state = 'DECIDED'"
                + " AND exported_at IS NULL AND decided_at <= ? ORDER BY campaign_id, list_id",
                (rs, i) -> new String[] {rs.getString(1), rs.getString(2)}, cut);
        Boolean changed = jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM campaign_contact c WHERE " + CHANGED + ")",
                Boolean.class, cut);
        if (lists.isEmpty() && !Boolean.TRUE.equals(changed)) {
            return null;
        }
        String name = names.next("CONTACT", LocalDate.ofInstant(now, HubTime.ZONE));
        try (FeedFileWriter out = FeedFileWriter.open(feed, dir, name)) {
            RowCallbackHandler row = rs -> write(out, rs);
            for (String[] list : lists) {
                streaming.query(SELECT + """
                        WHERE c.campaign_id = ? AND c.list_id = ? AND c.status NOT IN ('PENDING', 'CLAIMED', 'SUBMITTING')
                          AND c.exported_at IS NULL AND c.updated_at <= c.decided_at
                        ORDER BY c.msisdn""", row, list[0], list[1]);
                jdbc.update("UPDATE campaign_list SET exported_at = ? WHERE campaign_id = ? AND list_id = ?", cut, list[0],
                        list[1]);
            }
            streaming.query(SELECT + "WHERE " + CHANGED + " ORDER BY c.campaign_id, c.msisdn", row, cut);
            out.finish();
        }
        jdbc.update("UPDATE campaign_contact c SET exported_at = ? WHERE " + CHANGED, cut, cut);
        return dir.resolve(name).toFile();
    }

    /** One contact as a §2.2 row: control-group customers as EXCLUDED CONTROL_GROUP, OUTCOME_UNKNOWN as DEFERRED. */
    private static void write(FeedFileWriter out, ResultSet rs) throws SQLException {
        String channel = rs.getString("channel");
        ContactStatus stored = ContactStatus.valueOf(rs.getString("status"));
        String status = stored.name();
        String reason = rs.getString("reason");
        String group = "C".equals(rs.getString("grp")) ? "C" : "T";
        switch (stored) {
            case CONTROL -> {
                status = ContactStatus.EXCLUDED.name();
                reason = "CONTROL_GROUP";
            }
            case OUTCOME_UNKNOWN -> {
                status = ContactStatus.DEFERRED.name();
                reason = "OUTCOME_UNKNOWN";
            }
            default -> {
                // SENT, FAILED, DEFERRED and EXCLUDED are §2.2 statuses as they are
            }
        }
        write(out, rs.getString("campaign_id"), rs.getString("msisdn"), channel == null ? "" : channel,
                touchpoint(channel, rs.getString("service_code")), group, status, reason, rs.getTimestamp("at"));
    }

    private static void write(FeedFileWriter out, String campaign, String msisdn, String channel, String touchpoint,
                              String group, String status, String reason, Timestamp at) {
        try {
            out.row(campaign, msisdn, channel, touchpoint, group, status, reason == null ? "" : reason, TS.format(at.toInstant()));
        } catch (IOException e) {
            throw new IllegalStateException("contact feed: " + e.getMessage(), e);
        }
    }

    private static String touchpoint(String channel, String serviceCode) {
        if (channel == null) {
            return "";
        }
        return switch (channel) {
            case "SMS" -> serviceCode == null ? "sms" : serviceCode;
            case "PORTAL" -> "portal";
            case "MM" -> "mmstore";
            case "MANAGER" -> "account-manager";
            default -> channel.toLowerCase();
        };
    }
}
