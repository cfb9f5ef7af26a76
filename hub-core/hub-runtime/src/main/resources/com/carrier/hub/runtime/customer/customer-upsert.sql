-- Customer index (PEERS 1.1): upserts the rows of a query (the format argument) with the columns of customer;
-- a stored later update_time is kept.
INSERT INTO customer AS t (msisdn, cust_id, cust_name, brand, city_code, plan_id, status, handset_model, open_date,
                           arpu_3m_fen, customer_class, update_time, deleted)
%s
ON CONFLICT (msisdn) DO UPDATE
   SET cust_id = EXCLUDED.cust_id, cust_name = EXCLUDED.cust_name, brand = EXCLUDED.brand,
       city_code = EXCLUDED.city_code, plan_id = EXCLUDED.plan_id, status = EXCLUDED.status,
       handset_model = EXCLUDED.handset_model, open_date = EXCLUDED.open_date,
       arpu_3m_fen = EXCLUDED.arpu_3m_fen, customer_class = EXCLUDED.customer_class,
       update_time = EXCLUDED.update_time, deleted = EXCLUDED.deleted
 WHERE t.update_time <= EXCLUDED.update_time
