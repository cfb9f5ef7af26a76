package com.carrier.hub.batchfile.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import com.carrier.hub.api.HubTime;

/**
 * Set-based publication of staged BOSS feeds into the hub's tables (hub-runtime migration V10: {@code customer},
 * {@code product}, {@code holding}, {@code boss_order}). Each runs inside the {@link CopyStage}'s transaction, with
 * timestamps read in Asia/Shanghai. Kept beside the engine (rather than in the runtime) so the benchmark measures
 * exactly what the hub runs.
 */
public final class BossTablePublishers {

    private static final String CUSTOMER_COLUMNS = "msisdn, cust_id, cust_name, brand, city_code, plan_id, status, "
            + "handset_model, open_date, arpu_3m_fen, customer_class, update_time, deleted";

    /** Per MSISDN of a stage table ({@code %s}) the winning row, typed as {@code customer}'s columns, in key order. */
    private static final String LATEST_CUSTOMER = """
            SELECT msisdn, cust_id, NULLIF(cust_name, '') AS cust_name, brand, city_code, NULLIF(plan_id, '') AS plan_id,
                   status::smallint AS status, NULLIF(handset_model, '') AS handset_model,
                   to_date(NULLIF(open_date, ''), 'YYYYMMDD') AS open_date, NULLIF(arpu_3m_fen, '')::bigint AS arpu_3m_fen,
                   customer_class::smallint AS customer_class,
                   to_timestamp(update_time, 'YYYYMMDDHH24MISS') AS update_time, op = 'D' AS deleted
              FROM (SELECT DISTINCT ON (msisdn COLLATE "C") *
                      FROM %s
                     ORDER BY msisdn COLLATE "C", update_time COLLATE "C" DESC, line_no DESC) latest""";

    /** Upserts the rows of a query ({@code %s}) with customer's columns; a stored later update_time is kept. */
    private static final String UPSERT_CUSTOMER = """
            INSERT INTO customer AS t (%1$s)
            %%s
            ON CONFLICT (msisdn) DO UPDATE
               SET cust_id = EXCLUDED.cust_id, cust_name = EXCLUDED.cust_name, brand = EXCLUDED.brand,
                   city_code = EXCLUDED.city_code, plan_id = EXCLUDED.plan_id, status = EXCLUDED.status,
                   handset_model = EXCLUDED.handset_model, open_date = EXCLUDED.open_date,
                   arpu_3m_fen = EXCLUDED.arpu_3m_fen, customer_class = EXCLUDED.customer_class,
                   update_time = EXCLUDED.update_time, deleted = EXCLUDED.deleted
             WHERE t.update_time <= EXCLUDED.update_time""".formatted(CUSTOMER_COLUMNS);

    private BossTablePublishers() {
    }

    /**
     * Customer index (§1.1): per MSISDN the row that wins when the file's rows apply in line order under the rule
     * "a row older than the stored update_time does not overwrite it" — the latest update_time, the later line on a
     * tie — then one upsert; a delete keeps a tombstone ({@code deleted = true}) so an older add cannot revive it.
     */
    public static CopyStage.Publisher customerIndex() {
        return (c, stage, file) -> run(c, UPSERT_CUSTOMER.formatted(LATEST_CUSTOMER.formatted(stage)));
    }

    /**
     * The customer index for a {@link PipelinedCopyStage}: each slice's winning rows are picked, typed and sorted by
     * MSISDN on the loader connection (the same {@link #customerIndex()} rule within the slice), so the file's
     * transaction only upserts them, in key order; slices apply in line order, so across slices the rule holds too.
     */
    public static PipelinedCopyStage.Publication customerIndexSlices() {
        return new PipelinedCopyStage.Publication(
                (c, copied, prepared) -> run(c, "CREATE UNLOGGED TABLE " + prepared + " AS " + LATEST_CUSTOMER.formatted(copied)),
                (c, prepared, file) -> run(c, UPSERT_CUSTOMER.formatted("SELECT " + CUSTOMER_COLUMNS + " FROM " + prepared)));
    }

    /** Product catalog (§1.2), a full snapshot: upsert every product; products missing from it are withdrawn. */
    public static CopyStage.Publisher productCatalog() {
        return (c, stage, file) -> run(c, """
                INSERT INTO product AS t (product_id, name, type, price_fen, status, effective_date, expire_date,
                                          exclusive_group, updated_at)
                SELECT DISTINCT ON (product_id) product_id, name, type, price_fen::bigint, status::smallint,
                       to_date(NULLIF(effective_date, ''), 'YYYYMMDD'), to_date(NULLIF(expire_date, ''), 'YYYYMMDD'),
                       NULLIF(exclusive_group, ''), now()
                  FROM %1$s ORDER BY product_id, line_no DESC
                ON CONFLICT (product_id) DO UPDATE
                   SET name = EXCLUDED.name, type = EXCLUDED.type, price_fen = EXCLUDED.price_fen,
                       status = EXCLUDED.status, effective_date = EXCLUDED.effective_date,
                       expire_date = EXCLUDED.expire_date, exclusive_group = EXCLUDED.exclusive_group,
                       updated_at = EXCLUDED.updated_at;
                UPDATE product SET status = 0, updated_at = now()
                 WHERE status <> 0 AND product_id NOT IN (SELECT product_id FROM %1$s)
                """.formatted(stage));
    }

    /** Holdings (§1.3): per (msisdn, product) the last row in line order; {@code A} holds, {@code D} removes. */
    public static CopyStage.Publisher holdings() {
        return (c, stage, file) -> run(c, """
                CREATE TEMP TABLE subs_last ON COMMIT DROP AS
                SELECT DISTINCT ON (msisdn, product_id) op, msisdn, product_id,
                       to_timestamp(NULLIF(effective_time, ''), 'YYYYMMDDHH24MISS') AS effective_time,
                       to_timestamp(NULLIF(expire_time, ''), 'YYYYMMDDHH24MISS') AS expire_time
                  FROM %s ORDER BY msisdn, product_id, line_no DESC;
                DELETE FROM holding h USING subs_last s
                 WHERE s.op = 'D' AND h.msisdn = s.msisdn AND h.product_id = s.product_id;
                INSERT INTO holding (msisdn, product_id, effective_time, expire_time)
                SELECT msisdn, product_id, effective_time, expire_time FROM subs_last WHERE op = 'A'
                ON CONFLICT (msisdn, product_id) DO UPDATE
                   SET effective_time = EXCLUDED.effective_time, expire_time = EXCLUDED.expire_time
                """.formatted(stage));
    }

    /** Orders (§1.4): upsert by order id (a later row, e.g. a cancellation, updates the status). */
    public static CopyStage.Publisher orders() {
        return (c, stage, file) -> run(c, """
                INSERT INTO boss_order AS t (order_id, msisdn, product_id, channel_code, order_time, status)
                SELECT DISTINCT ON (order_id) order_id, msisdn, product_id, NULLIF(channel_code, ''),
                       to_timestamp(order_time, 'YYYYMMDDHH24MISS'), status::smallint
                  FROM %s ORDER BY order_id, line_no DESC
                ON CONFLICT (order_id) DO UPDATE
                   SET status = EXCLUDED.status, channel_code = EXCLUDED.channel_code, order_time = EXCLUDED.order_time
                """.formatted(stage));
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
