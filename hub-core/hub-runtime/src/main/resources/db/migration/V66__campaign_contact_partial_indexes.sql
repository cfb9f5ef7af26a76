-- Every decided customer of a target list is one campaign_contact row (issue 6, `bench/run campaign-policy`): half of
-- them are exclusions and control rows that are never sent, and no row has message ids until its SMS is submitted.
-- Indexes that only sent or sendable rows need are partial, so deciding a list of millions does not maintain them for
-- every row.

-- Receipts are correlated by message id (ResponseCorrelator: message_ids @> ARRAY[ref], which implies NOT NULL).
DROP INDEX campaign_contact_message_ids;
CREATE INDEX campaign_contact_message_ids ON campaign_contact USING gin (message_ids) WHERE message_ids IS NOT NULL;

-- Dispatch claims, quiet-hours and capacity deferrals look only at due rows (ContactStore: status PENDING or DEFERRED).
DROP INDEX campaign_contact_dispatch;
CREATE INDEX campaign_contact_dispatch ON campaign_contact (campaign_id, channel, status, not_before)
    WHERE status IN ('PENDING', 'DEFERRED');
