-- Per-contact response flags (issue 7 "Performance", `bench/run evaluation`): whether the contact has an attributed
-- delivery receipt and an attributed response (reply, click, download, install, order). They are derived data of
-- response_attribution, kept by the database itself in the transaction that attributes the events (statement
-- triggers with transition tables, one set-based UPDATE per correlator statement), so an evaluation reads one scan of
-- campaign_contact instead of aggregating the campaign's ledger rows per MSISDN and hashing them against its contacts.
-- Attribution only ever goes towards ATTRIBUTED (an UNMATCHED or EARLY row may become ATTRIBUTED, never the reverse),
-- so the flags only go from false to true.
ALTER TABLE campaign_contact
    ADD COLUMN delivered BOOLEAN NOT NULL DEFAULT false,
    ADD COLUMN responded BOOLEAN NOT NULL DEFAULT false;

-- Room on each page for the flags' new row versions, so setting them is a HOT update that touches no index.
ALTER TABLE campaign_contact SET (fillfactor = 85);

CREATE FUNCTION contact_response_flags() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE campaign_contact c
       SET delivered = c.delivered OR f.delivered,
           responded = c.responded OR f.responded
      FROM (SELECT campaign_id, msisdn,
                   bool_or(type = 'DELIVERED') AS delivered,
                   bool_or(type IN ('REPLIED', 'CLICKED', 'DOWNLOADED', 'INSTALLED', 'ORDERED')) AS responded
              FROM attributed
             WHERE outcome = 'ATTRIBUTED' AND campaign_id IS NOT NULL AND msisdn IS NOT NULL
             GROUP BY campaign_id, msisdn) f
     WHERE c.campaign_id = f.campaign_id AND c.msisdn = f.msisdn
       AND ((f.delivered AND NOT c.delivered) OR (f.responded AND NOT c.responded));
    RETURN NULL;
END $$;

CREATE TRIGGER response_attribution_flags_insert AFTER INSERT ON response_attribution
    REFERENCING NEW TABLE AS attributed FOR EACH STATEMENT EXECUTE FUNCTION contact_response_flags();
CREATE TRIGGER response_attribution_flags_update AFTER UPDATE ON response_attribution
    REFERENCING NEW TABLE AS attributed FOR EACH STATEMENT EXECUTE FUNCTION contact_response_flags();

-- Contacts attributed before this migration.
UPDATE campaign_contact c
   SET delivered = f.delivered, responded = f.responded
  FROM (SELECT campaign_id, msisdn,
               bool_or(type = 'DELIVERED') AS delivered,
               bool_or(type IN ('REPLIED', 'CLICKED', 'DOWNLOADED', 'INSTALLED', 'ORDERED')) AS responded
          FROM response_attribution
         WHERE outcome = 'ATTRIBUTED' AND campaign_id IS NOT NULL AND msisdn IS NOT NULL
         GROUP BY campaign_id, msisdn) f
 WHERE c.campaign_id = f.campaign_id AND c.msisdn = f.msisdn AND (f.delivered OR f.responded);
