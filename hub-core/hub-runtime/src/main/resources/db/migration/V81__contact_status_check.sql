-- The contact status vocabulary is one enum (ContactStatus); the table takes no other name. NOT VALID then VALIDATE:
-- the existing rows are checked without holding off writers for the scan.
ALTER TABLE campaign_contact ADD CONSTRAINT campaign_contact_status
    CHECK (status IN ('PENDING', 'DEFERRED', 'CLAIMED', 'SUBMITTING', 'SENT', 'FAILED', 'OUTCOME_UNKNOWN', 'EXCLUDED', 'CONTROL'))
    NOT VALID;
ALTER TABLE campaign_contact VALIDATE CONSTRAINT campaign_contact_status;
