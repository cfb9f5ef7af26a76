-- Issue 18: OUTCOME_UNKNOWN is resolved, not left.
-- resent: the contact was handed back to dispatch once because its receipt window closed without a receipt (the SMSC
-- had not accepted it); a second unknown outcome stands.
ALTER TABLE campaign_contact ADD COLUMN resent BOOLEAN NOT NULL DEFAULT false;

-- The unresolved contacts the ledger matches receipts to (by MSISDN) and the resend pass reads: a handful at any time,
-- so a partial index keeps both passes off the campaign's millions of rows.
CREATE INDEX campaign_contact_unresolved ON campaign_contact (msisdn) WHERE status = 'OUTCOME_UNKNOWN';

-- A contact never has delivered = true with an unknown outcome: a receipt attributed to an unresolved contact is
-- settled by the correlator's resolution step (which turns the contact SENT once every part has its receipt and sets
-- delivered then); the flag trigger leaves such contacts alone.
CREATE OR REPLACE FUNCTION contact_response_flags() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE campaign_contact c
       SET delivered = c.delivered OR (f.delivered AND c.status <> 'OUTCOME_UNKNOWN'),
           responded = c.responded OR f.responded
      FROM (SELECT campaign_id, msisdn,
                   bool_or(type = 'DELIVERED') AS delivered,
                   bool_or(type IN ('REPLIED', 'CLICKED', 'DOWNLOADED', 'INSTALLED', 'ORDERED')) AS responded
              FROM attributed
             WHERE outcome = 'ATTRIBUTED' AND campaign_id IS NOT NULL AND msisdn IS NOT NULL
             GROUP BY campaign_id, msisdn) f
     WHERE c.campaign_id = f.campaign_id AND c.msisdn = f.msisdn
       AND ((f.delivered AND NOT c.delivered AND c.status <> 'OUTCOME_UNKNOWN') OR (f.responded AND NOT c.responded));
    RETURN NULL;
END $$;

-- Existing data: an unresolved contact with an attributed receipt was accepted by the SMSC (a receipt proves it), so it
-- is SENT (the reason, INTERRUPTED or a timeout, was the feed's failure code, which a SENT contact has none of).
-- updated_at moves so the CONTACT feed sends the corrected row.
UPDATE campaign_contact c
   SET status = 'SENT', reason = NULL, updated_at = now()
 WHERE c.status = 'OUTCOME_UNKNOWN'
   AND EXISTS (SELECT 1 FROM response_attribution a
                WHERE a.campaign_id = c.campaign_id AND a.msisdn = c.msisdn AND a.outcome = 'ATTRIBUTED'
                  AND a.channel = 'SMS' AND a.type IN ('DELIVERED', 'UNDELIVERED'));
