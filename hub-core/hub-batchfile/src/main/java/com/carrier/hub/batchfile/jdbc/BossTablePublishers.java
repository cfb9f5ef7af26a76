package com.carrier.hub.batchfile.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Set-based publication of staged BOSS feeds into the hub's tables (hub-runtime migration V10: {@code customer},
 * {@code product}, {@code holding}, {@code boss_order}). Each runs inside the {@link CopyStage}'s transaction, with
 * timestamps read in Asia/Shanghai. Kept beside the engine (rather than in the runtime) so the benchmark measures
 * exactly what the hub runs.
 */
public final class BossTablePublishers {

    private BossTablePublishers() {
    }

    /**
     * Customer index (§1.1): per MSISDN the row that wins when the file's rows apply in line order under the rule
     * "a row older than the stored update_time does not overwrite it" — the latest update_time, the later line on a
     * tie — typed once into {@code customer_latest}; then existing customers are updated where the stored row is not
     * newer, and new MSISDNs inserted (a plain insert: no speculative insertion per row; a customer inserted meanwhile
     * by another file fails this one with a unique violation, which is retried). A delete keeps a tombstone
     * ({@code deleted = true}) so an older add cannot revive it. The rule compares a row only with what is stored, so
     * applying the file slice by slice in line order gives the same result as applying it whole: the publisher is
     * {@linkplain CopyStage.Publisher#incremental incremental}.
     */
    public static CopyStage.Publisher customerIndex() {
        return CopyStage.Publisher.incremental((c, stage, file) -> run(c, """
                DROP TABLE IF EXISTS customer_latest;
                CREATE TEMP TABLE customer_latest ON COMMIT DROP AS
                SELECT DISTINCT ON (msisdn COLLATE "C")
                       msisdn, cust_id, NULLIF(cust_name, '') AS cust_name, brand, city_code,
                       NULLIF(plan_id, '') AS plan_id, status::smallint AS status, NULLIF(handset_model, '') AS handset_model,
                       to_date(NULLIF(open_date, ''), 'YYYYMMDD') AS open_date, NULLIF(arpu_3m_fen, '')::bigint AS arpu_3m_fen,
                       customer_class::smallint AS customer_class,
                       to_timestamp(update_time, 'YYYYMMDDHH24MISS') AS update_time, op = 'D' AS deleted
                  FROM %s
                 ORDER BY msisdn COLLATE "C", update_time COLLATE "C" DESC, line_no DESC;
                ANALYZE customer_latest;
                UPDATE customer AS t
                   SET cust_id = l.cust_id, cust_name = l.cust_name, brand = l.brand, city_code = l.city_code,
                       plan_id = l.plan_id, status = l.status, handset_model = l.handset_model, open_date = l.open_date,
                       arpu_3m_fen = l.arpu_3m_fen, customer_class = l.customer_class, update_time = l.update_time,
                       deleted = l.deleted
                  FROM customer_latest l
                 WHERE t.msisdn = l.msisdn AND t.update_time <= l.update_time;
                INSERT INTO customer (msisdn, cust_id, cust_name, brand, city_code, plan_id, status, handset_model,
                                      open_date, arpu_3m_fen, customer_class, update_time, deleted)
                SELECT msisdn, cust_id, cust_name, brand, city_code, plan_id, status, handset_model, open_date,
                       arpu_3m_fen, customer_class, update_time, deleted
                  FROM customer_latest l
                 WHERE NOT EXISTS (SELECT 1 FROM customer t WHERE t.msisdn = l.msisdn)
                """.formatted(stage)));
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
            s.execute("SET LOCAL TIME ZONE 'Asia/Shanghai'");
            // The per-key DISTINCT ON sorts the whole stage: let it sort in memory rather than spill for large files.
            s.execute("SET LOCAL work_mem = '128MB'");
            s.execute(sql);
        }
    }
}
