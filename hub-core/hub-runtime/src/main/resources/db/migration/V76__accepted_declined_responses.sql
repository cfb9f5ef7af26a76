-- Issue 15, touchpoints where a person asks the customer (CALL, PEERS §9.2; MANAGER work orders): ACCEPTED and
-- DECLINED are answers, so both count as a response, as a reply or a click does.
CREATE OR REPLACE FUNCTION contact_response_flags() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE campaign_contact c
       SET delivered = c.delivered OR (f.delivered AND c.status <> 'OUTCOME_UNKNOWN'),
           responded = c.responded OR f.responded
      FROM (SELECT campaign_id, msisdn,
                   bool_or(type = 'DELIVERED') AS delivered,
                   bool_or(type IN ('REPLIED', 'CLICKED', 'OPENED', 'DOWNLOADED', 'INSTALLED', 'ORDERED',
                                    'ACCEPTED', 'DECLINED')) AS responded
              FROM attributed
             WHERE outcome = 'ATTRIBUTED' AND campaign_id IS NOT NULL AND msisdn IS NOT NULL
             GROUP BY campaign_id, msisdn) f
     WHERE c.campaign_id = f.campaign_id AND c.msisdn = f.msisdn
       AND ((f.delivered AND NOT c.delivered AND c.status <> 'OUTCOME_UNKNOWN') OR (f.responded AND NOT c.responded));
    RETURN NULL;
END $$;
