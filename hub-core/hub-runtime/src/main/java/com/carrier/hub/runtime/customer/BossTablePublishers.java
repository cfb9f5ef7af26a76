package com.carrier.hub.runtime.customer;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import com.carrier.hub.api.HubTime;
import com.carrier.hub.batchfile.jdbc.CopyStage;
import com.carrier.hub.batchfile.jdbc.PipelinedCopyStage;
import com.carrier.hub.runtime.db.SqlResource;

/**
 * Set-based publication of staged BOSS feeds into the hub's tables (migration V10: {@code customer}, {@code product},
 * {@code holding}, {@code boss_order}), for the BOSS ingest ({@link BossFeedsConfiguration}, {@link CustomerDeltaIngest}).
 * Each runs inside the batch-file engine's stage transaction, with timestamps read in Asia/Shanghai. The statements are
 * the {@code .sql} resources beside this class; the stage or prepared table is their one format argument.
 */
final class BossTablePublishers {

    private static final String CUSTOMER_COLUMNS = "msisdn, cust_id, cust_name, brand, city_code, plan_id, status, "
            + "handset_model, open_date, arpu_3m_fen, customer_class, update_time, deleted";

    /** Per MSISDN of a stage table ({@code %s}) the winning row, typed as {@code customer}'s columns, in key order. */
    private static final String LATEST_CUSTOMER = SqlResource.load(BossTablePublishers.class, "customer-latest.sql");

    /** Upserts the rows of a query ({@code %s}) with {@link #CUSTOMER_COLUMNS}; a stored later update_time is kept. */
    private static final String UPSERT_CUSTOMER = SqlResource.load(BossTablePublishers.class, "customer-upsert.sql");

    private static final String PRODUCT_CATALOG = SqlResource.load(BossTablePublishers.class, "product-catalog.sql");
    private static final String HOLDINGS = SqlResource.load(BossTablePublishers.class, "holdings.sql");
    private static final String ORDERS = SqlResource.load(BossTablePublishers.class, "orders.sql");

    private BossTablePublishers() {
    }

    /**
     * Customer index (§1.1): per MSISDN the row that wins when the file's rows apply in line order under the rule
     * "a row older than the stored update_time does not overwrite it" — the latest update_time, the later line on a
     * tie — then one upsert; a delete keeps a tombstone ({@code deleted = true}) so an older add cannot revive it.
     */
    static CopyStage.Publisher customerIndex() {
        return (c, stage, file) -> run(c, UPSERT_CUSTOMER.formatted(LATEST_CUSTOMER.formatted(stage)));
    }

    /**
     * The customer index for a {@link PipelinedCopyStage}: each slice's winning rows are picked, typed and sorted by
     * MSISDN on the loader connection (the same {@link #customerIndex()} rule within the slice), so the file's
     * transaction only upserts them, in key order; slices apply in line order, so across slices the rule holds too.
     */
    static PipelinedCopyStage.Publication customerIndexSlices() {
        return new PipelinedCopyStage.Publication(
                (c, copied, prepared) -> run(c, "CREATE UNLOGGED TABLE " + prepared + " AS " + LATEST_CUSTOMER.formatted(copied)),
                (c, prepared, file) -> run(c, UPSERT_CUSTOMER.formatted("SELECT " + CUSTOMER_COLUMNS + " FROM " + prepared)));
    }

    /** Product catalog (§1.2), a full snapshot: upsert every product; products missing from it are withdrawn. */
    static CopyStage.Publisher productCatalog() {
        return (c, stage, file) -> run(c, PRODUCT_CATALOG.formatted(stage));
    }

    /** Holdings (§1.3): per (msisdn, product) the last row in line order; {@code A} holds, {@code D} removes. */
    static CopyStage.Publisher holdings() {
        return (c, stage, file) -> run(c, HOLDINGS.formatted(stage));
    }

    /** Orders (§1.4): upsert by order id (a later row, e.g. a cancellation, updates the status). */
    static CopyStage.Publisher orders() {
        return (c, stage, file) -> run(c, ORDERS.formatted(stage));
    }

    private static void run(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET LOCAL TIME ZONE '" + HubTime.ZONE.getId() + "'");
            // The per-key DISTINCT ON sorts the whole stage: let it sort in memory rather than spill for large files.
            s.execute("SET LOCAL work_mem = '128MB'");
            s.execute(sql);
        }
    }
}
