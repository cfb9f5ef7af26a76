-- Orders (PEERS 1.4): upsert by order id from a stage table (the format argument); a later row, for example a
-- cancellation, updates the status.
INSERT INTO boss_order AS t (order_id, msisdn, product_id, channel_code, order_time, status)
SELECT DISTINCT ON (order_id) order_id, msisdn, product_id, NULLIF(channel_code, ''),
       to_timestamp(order_time, 'YYYYMMDDHH24MISS'), status::smallint
  FROM %s ORDER BY order_id, line_no DESC
ON CONFLICT (order_id) DO UPDATE
   SET status = EXCLUDED.status, channel_code = EXCLUDED.channel_code, order_time = EXCLUDED.order_time
