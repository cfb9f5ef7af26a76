package com.carrier.hub.runtime.files;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.transaction.annotation.Transactional;

import com.carrier.hub.api.HubTime;
import com.carrier.hub.batchfile.FileLedger;
import com.carrier.hub.batchfile.FileResult;
import com.carrier.hub.batchfile.Outcome;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The batch-file engine's ledger in the hub's database ({@code file_record}): the duplicate rules read it, GET
 * /api/files shows it, and every record also counts in the metrics {@code hub.files} (by feed and outcome) and
 * {@code hub.files.rows} (by feed and kind: read, accepted, rejected).
 */
public class JdbcFileLedger implements FileLedger {

    private static final RowMapper<FileResult> ROW = (rs, i) -> new FileResult(rs.getString("feed"), rs.getString("file_name"),
            Outcome.valueOf(rs.getString("outcome")), rs.getString("reason"), rs.getString("detail"), rs.getLong("rows_read"),
            rs.getLong("rows_accepted"), rs.getLong("rows_rejected"), rs.getLong("bytes"), rs.getString("md5"),
            rs.getTimestamp("started_at").toInstant(), rs.getTimestamp("finished_at").toInstant());

    /** A file's kept rejected rows, as the console shows them. */
    public record FileRejects(FileResult file, List<Rejected> rows) {
    }

    private final JdbcTemplate jdbc;
    private final MeterRegistry meters;
    private final int rejectsKept;

    public JdbcFileLedger(JdbcTemplate jdbc, MeterRegistry meters) {
        this(jdbc, meters, 0);
    }

    /** A ledger that keeps the first {@code rejectsKept} rejected rows of each file in {@code file_reject}. */
    public JdbcFileLedger(JdbcTemplate jdbc, MeterRegistry meters, int rejectsKept) {
        this.jdbc = jdbc;
        this.meters = meters;
        this.rejectsKept = rejectsKept;
    }

    @Override
    public int rejectsKept() {
        return rejectsKept;
    }

    @Override
    public Optional<String> processedMd5(String feed, String fileName) {
        return jdbc.query("""
                SELECT md5 FROM file_record
                 WHERE feed = ? AND file_name = ? AND outcome IN ('ACCEPTED', 'QUARANTINED')
                   AND md5 IS NOT NULL AND reason IS DISTINCT FROM 'NAME_CONFLICT'
                 ORDER BY id LIMIT 1""", (rs, i) -> rs.getString(1), feed, fileName).stream().findFirst();
    }

    @Override
    public void record(FileResult r) {
        record(r, List.of());
    }

    /** Records the result and, in the same transaction, its first rejected rows (one batch, at most rejectsKept). */
    @Override
    @Transactional
    public void record(FileResult r, List<Rejected> firstRejects) {
        Long id = jdbc.queryForObject("""
                INSERT INTO file_record (feed, file_name, outcome, reason, detail, rows_read, rows_accepted, rows_rejected,
                                         bytes, md5, started_at, finished_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""", Long.class,
                r.feed(), r.fileName(), r.outcome().name(), r.reason(), r.detail(), r.rowsRead(), r.rowsAccepted(),
                r.rowsRejected(), r.bytes(), r.md5(), Timestamp.from(r.startedAt()), Timestamp.from(r.finishedAt()));
        List<Rejected> kept = firstRejects.size() > rejectsKept ? firstRejects.subList(0, rejectsKept) : firstRejects;
        if (!kept.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO file_reject (file_id, line_no, reason, text) VALUES (?, ?, ?, ?)",
                    kept.stream().map(k -> new Object[] {id, k.line(), k.reason(), k.text()}).toList());
        }
        Counter.builder("hub.files").description("Batch files decided, by feed and outcome")
                .tag("feed", r.feed()).tag("outcome", r.outcome().name()).register(meters).increment();
        rows(r.feed(), "read", r.rowsRead());
        rows(r.feed(), "accepted", r.rowsPublished());
        rows(r.feed(), "rejected", r.rowsRejected());
    }

    private void rows(String feed, String kind, long n) {
        Counter.builder("hub.files.rows").description("Rows of batch files, by feed and kind (accepted counts published rows)")
                .tag("feed", feed).tag("kind", kind).register(meters).increment(n);
    }

    /**
     * The kept rejected rows of the newest record of the file that has rejected rows, by line; empty when the ledger
     * has no such record.
     */
    public Optional<FileRejects> rejects(String feed, String fileName) {
        return jdbc.query("""
                SELECT * FROM file_record WHERE feed = ? AND file_name = ? AND rows_rejected > 0
                 ORDER BY id DESC LIMIT 1""", (rs, i) -> Map.entry(rs.getLong("id"), ROW.mapRow(rs, i)), feed, fileName)
                .stream().findFirst().map(e -> new FileRejects(e.getValue(), jdbc.query(
                        "SELECT line_no, reason, text FROM file_reject WHERE file_id = ? ORDER BY line_no",
                        (rs, i) -> new Rejected(rs.getLong(1), rs.getString(2), rs.getString(3)), e.getKey())));
    }

    /** Records newest first, filtered by feed, day (Asia/Shanghai, of finishing) and outcome when given. */
    public List<FileResult> find(String feed, LocalDate date, Outcome outcome, int page, int size) {
        StringBuilder sql = new StringBuilder("SELECT * FROM file_record WHERE true");
        List<Object> args = new ArrayList<>();
        where(feed, date, outcome, sql, args);
        sql.append(" ORDER BY id DESC LIMIT ? OFFSET ?");
        args.add(size);
        args.add((long) page * size);
        return jdbc.query(sql.toString(), ROW, args.toArray());
    }

    public long count(String feed, LocalDate date, Outcome outcome) {
        StringBuilder sql = new StringBuilder("SELECT count(*) FROM file_record WHERE true");
        List<Object> args = new ArrayList<>();
        where(feed, date, outcome, sql, args);
        return jdbc.queryForObject(sql.toString(), Long.class, args.toArray());
    }

    private static void where(String feed, LocalDate date, Outcome outcome, StringBuilder sql, List<Object> args) {
        if (feed != null) {
            sql.append(" AND feed = ?");
            args.add(feed);
        }
        if (date != null) {
            sql.append(" AND finished_at >= ? AND finished_at < ?");
            args.add(Timestamp.from(date.atStartOfDay(HubTime.ZONE).toInstant()));
            args.add(Timestamp.from(date.plusDays(1).atStartOfDay(HubTime.ZONE).toInstant()));
        }
        if (outcome != null) {
            sql.append(" AND outcome = ?");
            args.add(outcome.name());
        }
    }
}
