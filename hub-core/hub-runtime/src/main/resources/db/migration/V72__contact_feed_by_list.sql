-- The CONTACT feed takes a list's decisions by list, the changes after them by row (issue 6). A decided list's contacts
-- left as the policy wrote them (updated_at = decided_at, never exported) are read once through the primary key when
-- the list is DECIDED and the list is marked exported: they are not entered in the export index when written (it cost
-- the policy about 0.9 µs a row) and not rewritten to mark them exported (an UPDATE of every excluded row of a 10M
-- list, each index entry written again). A contact changed after its decision (sent, failed, deferred, excluded at
-- dispatch) is in the index as before, until exported.
ALTER TABLE campaign_list ADD COLUMN exported_at TIMESTAMPTZ;

DROP INDEX campaign_contact_export;
CREATE INDEX campaign_contact_export ON campaign_contact (updated_at)
    WHERE (exported_at < updated_at OR (exported_at IS NULL AND updated_at > decided_at))
      AND status NOT IN ('PENDING', 'CLAIMED', 'SUBMITTING');

-- Lists accepted before V67 have no campaign_list row: one, DECIDED, so their contacts not exported yet still go out.
INSERT INTO campaign_list (campaign_id, list_id, state, parts, rows_read, staged, accepted_at, decided_at)
SELECT c.campaign_id, c.list_id, 'DECIDED', 1, count(*), '{}'::jsonb, min(c.decided_at), max(c.decided_at)
FROM campaign_contact c
WHERE c.list_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM campaign_list l WHERE l.campaign_id = c.campaign_id AND l.list_id = c.list_id)
GROUP BY c.campaign_id, c.list_id;

-- Decided lists whose contacts were all exported (or changed since) have nothing left to go out by list.
UPDATE campaign_list l SET exported_at = now()
WHERE l.state = 'DECIDED'
  AND NOT EXISTS (SELECT 1 FROM campaign_contact c WHERE c.campaign_id = l.campaign_id AND c.list_id = l.list_id
                  AND c.exported_at IS NULL AND c.updated_at <= c.decided_at);
