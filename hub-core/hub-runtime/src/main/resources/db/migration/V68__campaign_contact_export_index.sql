-- The CONTACT feed exports contacts that reached an outcome (ContactFeedExport: status NOT IN ('PENDING', 'CLAIMED',
-- 'SUBMITTING')); its index no longer holds the pending rows the contact policy writes by the million (issue 6).
DROP INDEX campaign_contact_export;
CREATE INDEX campaign_contact_export ON campaign_contact (updated_at)
    WHERE (exported_at IS NULL OR exported_at < updated_at) AND status NOT IN ('PENDING', 'CLAIMED', 'SUBMITTING');
