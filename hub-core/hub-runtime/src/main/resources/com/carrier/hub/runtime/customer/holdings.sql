-- Holdings (PEERS 1.3): per (msisdn, product) of a stage table (the format argument) the last row in line order;
-- op A holds, op D removes.
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
