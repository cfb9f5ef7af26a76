package com.carrier.hub.runtime.files;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import com.carrier.hub.connector.mmstore.AppCatalog;
import com.carrier.hub.connector.mmstore.AppCatalogStore;
import com.carrier.hub.connector.mmstore.MmApp;

/**
 * The MM app catalog in the hub's database (table {@code mm_app_catalog}): a published snapshot replaces the table
 * whole in one transaction, before the in-memory catalog swaps it in; at start-up the catalog is read back from it.
 */
public class JdbcAppCatalogStore implements AppCatalogStore {

    private static final int BATCH = 1000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public JdbcAppCatalogStore(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    @Override
    public void save(AppCatalog.Snapshot snapshot) {
        Timestamp at = Timestamp.from(snapshot.publishedAt());
        List<Object[]> rows = new ArrayList<>(snapshot.apps().size());
        for (MmApp a : snapshot.apps().values()) {
            rows.add(new Object[] {a.appId(), a.name(), a.category(), a.minOs(), String.join(",", a.models()),
                    a.sizeKb(), a.priceFen(), a.onSale() ? "1" : "0", snapshot.source(), at});
        }
        tx.executeWithoutResult(status -> {
            // the catalog is one unit: a concurrent publisher on another instance waits here, then replaces it whole
            jdbc.execute("LOCK TABLE mm_app_catalog IN EXCLUSIVE MODE");
            jdbc.update("DELETE FROM mm_app_catalog");
            for (int from = 0; from < rows.size(); from += BATCH) {
                jdbc.batchUpdate("INSERT INTO mm_app_catalog (app_id, name, category, min_os, models, size_kb, price_fen, "
                        + "status, source_file, published_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        rows.subList(from, Math.min(rows.size(), from + BATCH)));
            }
        });
    }

    @Override
    public Optional<AppCatalog.Snapshot> load() {
        Map<String, MmApp> apps = new LinkedHashMap<>();
        String[] source = {null};
        Instant[] at = {null};
        jdbc.query("SELECT app_id, name, category, min_os, models, size_kb, price_fen, status, source_file, published_at "
                + "FROM mm_app_catalog ORDER BY app_id", rs -> {
            String models = rs.getString("models");
            apps.put(rs.getString("app_id"), new MmApp(rs.getString("app_id"), rs.getString("name"), rs.getString("category"),
                    rs.getString("min_os"), List.of(models.split(",")), rs.getLong("size_kb"), rs.getLong("price_fen"),
                    "1".equals(rs.getString("status"))));
            source[0] = rs.getString("source_file");
            Instant published = rs.getTimestamp("published_at").toInstant();
            at[0] = at[0] == null || published.isAfter(at[0]) ? published : at[0];
        });
        return apps.isEmpty() ? Optional.empty() : Optional.of(new AppCatalog.Snapshot(apps, source[0], at[0]));
    }

    @Override
    public Optional<Instant> publishedAt() {
        Timestamp at = jdbc.queryForObject("SELECT max(published_at) FROM mm_app_catalog", Timestamp.class);
        return Optional.ofNullable(at).map(Timestamp::toInstant);
    }
}
