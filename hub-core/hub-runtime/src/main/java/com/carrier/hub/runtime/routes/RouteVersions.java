package com.carrier.hub.runtime.routes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;

/**
 * The versions of every route file, kept in the database: each applied version with its author, time, comment, source
 * and the unified diff to the version before; which version every instance sharing the database should run; and what
 * each instance runs. Version numbers are taken under a per-file advisory lock, so two instances applying the same
 * file at once get n+1 and n+2, never the same number.
 */
@Repository
public class RouteVersions {

    /** Where a version came from. */
    public enum Source { FOLDER, API, ROLLBACK, IMPORT }

    /** One version of one file; {@code content} is null in listings. */
    public record Version(String file, int version, String content, String sha256, String author, String comment,
                          Source source, String diff, Instant createdAt) {
    }

    /** The version a file should run at everywhere. */
    public record Current(String file, int version, String folderSha256, boolean retired) {
    }

    /** What one instance runs of one file. */
    public record InstanceFile(String instanceId, String file, int version, String status, String error,
                               Instant appliedAt) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public RouteVersions(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    public List<Current> currents() {
        return jdbc.query("SELECT file, current_version, folder_sha256, retired FROM route_file ORDER BY file",
                (rs, i) -> new Current(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getBoolean(4)));
    }

    public Optional<Current> current(String file) {
        return jdbc.query("SELECT file, current_version, folder_sha256, retired FROM route_file WHERE file = ?",
                (rs, i) -> new Current(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getBoolean(4)), file).stream().findFirst();
    }

    /** Every version of a file, newest first, without their texts. */
    public List<Version> versions(String file) {
        return jdbc.query("SELECT file, version, NULL, sha256, author, comment, source, diff, created_at FROM route_file_version"
                + " WHERE file = ? ORDER BY version DESC", RouteVersions::version, file);
    }

    public Optional<Version> version(String file, int version) {
        return jdbc.query("SELECT file, version, content, sha256, author, comment, source, diff, created_at FROM route_file_version"
                + " WHERE file = ? AND version = ?", RouteVersions::version, file, version).stream().findFirst();
    }

    /**
     * Keeps a new version of a file and makes it the one every instance runs: the next number, the diff against the
     * current version. {@code folderSha256} is recorded when the text was taken from the routes folder (null keeps the
     * one recorded before).
     */
    public Version add(String file, String content, String author, String comment, Source source, String folderSha256) {
        return tx.execute(s -> {
            lock(file);
            Optional<Current> current = current(file);
            Optional<Version> currentVersion = current.flatMap(c -> version(file, c.version()));
            if (current.isPresent() && !current.get().retired() && currentVersion.isPresent()
                    && currentVersion.get().sha256().equals(sha256(content))) {
                // the same text applied twice (two instances taking the same folder edit): one version
                if (folderSha256 != null) {
                    folderSeen(file, folderSha256);
                }
                return currentVersion.get();
            }
            String before = currentVersion.map(Version::content).orElse(null);
            int next = next(file);
            String diff = before == null ? null : diff(file, current.get().version(), before, next, content);
            if (current.isEmpty()) {
                jdbc.update("INSERT INTO route_file (file, current_version, folder_sha256) VALUES (?, 0, ?)", file, folderSha256);
            }
            jdbc.update("INSERT INTO route_file_version (file, version, content, sha256, author, comment, source, diff)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", file, next, content, sha256(content), author, comment, source.name(), diff);
            jdbc.update("UPDATE route_file SET current_version = ?, retired = false, updated_at = now(),"
                    + " folder_sha256 = coalesce(?, folder_sha256) WHERE file = ?", next, folderSha256, file);
            return version(file, next).orElseThrow();
        });
    }

    /** The number the file's next version gets (1 for a file without versions). */
    public int next(String file) {
        return jdbc.queryForObject("SELECT coalesce(max(version), 0) + 1 FROM route_file_version WHERE file = ?",
                Integer.class, file);
    }

    /** Records that the folder's text (equal to the current version) has been seen, without a new version. */
    public void folderSeen(String file, String folderSha256) {
        jdbc.update("UPDATE route_file SET folder_sha256 = ? WHERE file = ?", folderSha256, file);
    }

    /** A file removed from the routes folder: its routes stop on every instance; its versions stay. */
    public void retire(String file) {
        jdbc.update("UPDATE route_file SET retired = true, folder_sha256 = NULL, updated_at = now() WHERE file = ?", file);
    }

    /** Runs {@code work} holding the file's lock, so that the folder is taken once when instances start together. */
    public void withLock(String file, Runnable work) {
        tx.executeWithoutResult(s -> {
            lock(file);
            work.run();
        });
    }

    public void recordInstance(String instanceId, String file, int version, String status, String error) {
        jdbc.update("INSERT INTO route_file_instance (instance_id, file, version, status, error) VALUES (?, ?, ?, ?, ?)"
                + " ON CONFLICT (instance_id, file) DO UPDATE SET version = excluded.version, status = excluded.status,"
                + " error = excluded.error, applied_at = now()", instanceId, file, version, status, error);
    }

    /** What every live instance runs (instances whose heartbeat is within the lease), by instance and file. */
    public List<InstanceFile> instances(java.time.Duration lease) {
        return jdbc.query("SELECT r.instance_id, r.file, r.version, r.status, r.error, r.applied_at FROM route_file_instance r"
                + " JOIN hub_instance i ON i.id = r.instance_id WHERE i.heartbeat_at > now() - ? * interval '1 millisecond'"
                + " ORDER BY r.file, r.instance_id", (rs, i) -> new InstanceFile(rs.getString(1), rs.getString(2),
                rs.getInt(3), rs.getString(4), rs.getString(5), rs.getTimestamp(6).toInstant()), lease.toMillis());
    }

    private void lock(String file) {
        jdbc.query("SELECT pg_advisory_xact_lock(hashtext('route_file'), hashtext(?))", rs -> { }, file);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String diff(String file, int fromVersion, String from, int toVersion, String to) {
        List<String> a = lines(from);
        List<String> b = lines(to);
        List<String> unified = UnifiedDiffUtils.generateUnifiedDiff(file + "@" + fromVersion, file + "@" + toVersion, a,
                DiffUtils.diff(a, b), 3);
        return String.join("\n", unified);
    }

    private static List<String> lines(String text) {
        return Arrays.asList(text.split("\n", -1));
    }

    private static Version version(ResultSet rs, int i) throws SQLException {
        Timestamp at = rs.getTimestamp(9);
        return new Version(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), Source.valueOf(rs.getString(7)), rs.getString(8), at == null ? null : at.toInstant());
    }
}
