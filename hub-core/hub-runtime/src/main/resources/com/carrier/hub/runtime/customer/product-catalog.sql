-- Product catalog (PEERS 1.2), a full snapshot in a stage table (the format argument, used twice): upsert every
-- product; products missing from it are withdrawn.
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
