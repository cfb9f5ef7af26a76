-- Target lists of millions (issue 6, `bench/run campaign-policy`). Lists are staged and decided by COPY; a foreign key
-- on campaign_id fires one trigger (a lookup of the campaign) per copied row, which was the largest single cost of a
-- 10M-row list. Campaigns are never deleted, and TargetListService refuses a list of an unknown campaign before it
-- stages anything, so the two list tables no longer carry that per-row check.
ALTER TABLE campaign_target DROP CONSTRAINT campaign_target_campaign_id_fkey;
ALTER TABLE campaign_contact DROP CONSTRAINT campaign_contact_campaign_id_fkey;

-- The policy aggregates the recent contact history (this week, the recent-similar window) once per list: an index on
-- the contact time lets it read only the recent part of a history of tens of millions.
CREATE INDEX campaign_contact_contacted ON campaign_contact (contacted_at) WHERE contacted_at IS NOT NULL;
