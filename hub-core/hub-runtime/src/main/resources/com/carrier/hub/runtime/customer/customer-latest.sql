-- Customer index (PEERS 1.1): per MSISDN of a stage table (the format argument) the winning row, typed as the
-- columns of customer, in key order: the latest update_time, the later line on a tie; op D marks a tombstone.
SELECT msisdn, cust_id, NULLIF(cust_name, '') AS cust_name, brand, city_code, NULLIF(plan_id, '') AS plan_id,
       status::smallint AS status, NULLIF(handset_model, '') AS handset_model,
       to_date(NULLIF(open_date, ''), 'YYYYMMDD') AS open_date, NULLIF(arpu_3m_fen, '')::bigint AS arpu_3m_fen,
       customer_class::smallint AS customer_class,
       to_timestamp(update_time, 'YYYYMMDDHH24MISS') AS update_time, op = 'D' AS deleted
  FROM (SELECT DISTINCT ON (msisdn COLLATE "C") *
          FROM %s
         ORDER BY msisdn COLLATE "C", update_time COLLATE "C" DESC, line_no DESC) latest
