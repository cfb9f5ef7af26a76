-- Issue 15, the APP touchpoint (PEERS §8, §10).
-- refusals: each touchpoint that refused the customer for a reason another channel could serve, as CHANNEL:REASON
-- (APP:NO_DEVICE), in order; channel is the one that finally served the contact (or EXCLUDED NO_CHANNEL when none was
-- left). Null for a contact never refused.
ALTER TABLE campaign_contact ADD COLUMN refusals TEXT[];

-- An app push opened (OPENED, §10.2) is a response, as a click is.
CREATE OR REPLACE FUNCTION contact_response_flags() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE campaign_contact c
       SET delivered = c.delivered OR (f.delivered AND c.status <> 'OUTCOME_UNKNOWN'),
           responded = c.responded OR f.responded
      FROM (SELECT campaign_id, msisdn,
                   bool_or(type = 'DELIVERED') AS delivered,
                   bool_or(type IN ('REPLIED', 'CLICKED', 'OPENED', 'DOWNLOADED', 'INSTALLED', 'ORDERED')) AS responded
              FROM attributed
             WHERE outcome = 'ATTRIBUTED' AND campaign_id IS NOT NULL AND msisdn IS NOT NULL
             GROUP BY campaign_id, msisdn) f
     WHERE c.campaign_id = f.campaign_id AND c.msisdn = f.msisdn
       AND ((f.delivered AND NOT c.delivered AND c.status <> 'OUTCOME_UNKNOWN') OR (f.responded AND NOT c.responded));
    RETURN NULL;
END $$;
