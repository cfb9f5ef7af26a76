-- Response ingest at 50,000 events/s (issue 7, `bench/run response-ingest`): every index and check a stored event or
-- ledger row pays for must be one a query uses.
-- response_event is read by id (correlator, feeds) and checked for duplicates by (source, event_id) only; nothing
-- looks events up by campaign or by ref (receipts are matched through campaign_contact), so those two indexes went.
DROP INDEX IF EXISTS response_event_campaign;
DROP INDEX IF EXISTS response_event_ref;

-- The correlator writes only event ids it has just read from response_event, and events are never deleted: the
-- foreign key's per-row lookup (a fifth of the correlator's insert time) checked nothing the pass had not ensured.
ALTER TABLE response_attribution DROP CONSTRAINT IF EXISTS response_attribution_event_id_fkey;

-- Nine rows in ten are events, whose order_id is NULL: a unique index on order_id only where there is one.
ALTER TABLE response_attribution DROP CONSTRAINT IF EXISTS response_attribution_order_id_key;
CREATE UNIQUE INDEX response_attribution_order ON response_attribution (order_id) WHERE order_id IS NOT NULL;

-- The daily RESPONSE feed reads a day of correlated_at; rows are written in correlated_at order, so a BRIN index
-- finds the day's blocks at a fraction of a B-tree's upkeep.
DROP INDEX IF EXISTS response_attribution_time;
CREATE INDEX response_attribution_time ON response_attribution USING brin (correlated_at);

-- The evaluation reads a campaign's attributed rows in one scan (no lookup by MSISDN); what it looks up by campaign
-- are the few attributed orders and the rows kept but not attributed.
DROP INDEX IF EXISTS response_attribution_campaign;
CREATE INDEX response_attribution_orders ON response_attribution (campaign_id) WHERE order_id IS NOT NULL AND outcome = 'ATTRIBUTED';
CREATE INDEX response_attribution_not_attributed ON response_attribution (campaign_id, outcome) WHERE outcome <> 'ATTRIBUTED';
