-- The response ledger (PEERS.md §1.4, §7.3): every response event and every BOSS order, each linked to the campaign
-- contact it answers, or kept with the reason it answers none. One row per event (event_id) or order (order_id).
-- outcome: ATTRIBUTED (counts for the contact), UNMATCHED (no contact found yet: retried for a while, then kept),
-- LATE (after the response window), EARLY (before the contact), FUTURE (event time ahead of the hub's clock),
-- OTHER_PRODUCT (an order of a product the customer's campaigns did not offer).
CREATE TABLE response_attribution (
    id           BIGSERIAL PRIMARY KEY,
    event_id     BIGINT UNIQUE REFERENCES response_event (id),
    order_id     TEXT UNIQUE,
    campaign_id  TEXT,
    msisdn       TEXT,
    channel      TEXT        NOT NULL,
    type         TEXT        NOT NULL,
    event_time   TIMESTAMPTZ NOT NULL,
    grp          CHAR(1),
    contact_time TIMESTAMPTZ,
    outcome      TEXT        NOT NULL,
    accepted     BOOLEAN     NOT NULL DEFAULT false,
    correlated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT response_attribution_one_source CHECK ((event_id IS NULL) <> (order_id IS NULL))
);
CREATE INDEX response_attribution_campaign ON response_attribution (campaign_id, msisdn) WHERE outcome = 'ATTRIBUTED';
CREATE INDEX response_attribution_unmatched ON response_attribution (correlated_at) WHERE outcome = 'UNMATCHED';
CREATE INDEX response_attribution_time ON response_attribution (correlated_at);

-- How far the correlator has read each source (response_event by id, boss_order by received_at).
CREATE TABLE ledger_watermark (
    name     TEXT PRIMARY KEY,
    position BIGINT      NOT NULL DEFAULT 0,
    at       TIMESTAMPTZ NOT NULL DEFAULT '-infinity'
);
INSERT INTO ledger_watermark (name) VALUES ('response_event'), ('boss_order');

-- Lookups the correlator needs: receipts by SMS message id, orders of control customers by MSISDN, new rows by arrival.
CREATE INDEX campaign_contact_message_ids ON campaign_contact USING gin (message_ids);
CREATE INDEX campaign_contact_control ON campaign_contact (msisdn) WHERE status = 'CONTROL';
CREATE INDEX response_event_received ON response_event (received_at);
CREATE INDEX boss_order_received ON boss_order (received_at);

-- Evaluations (§7.3): the latest computed one per campaign; frozen once the response window has closed.
CREATE TABLE campaign_evaluation (
    campaign_id TEXT PRIMARY KEY REFERENCES campaign (id),
    computed_at TIMESTAMPTZ NOT NULL,
    frozen      BOOLEAN     NOT NULL DEFAULT false,
    body        JSONB       NOT NULL
);
