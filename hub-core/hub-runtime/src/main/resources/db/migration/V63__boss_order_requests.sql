-- BOSS order requests (PEERS.md §1.5) placed when a customer accepts an autoOrder campaign's offer by SMS within
-- its response window; requestId = campaignId:msisdn, so a customer's accepts place one order per campaign.
-- status: PENDING (to send or to retry after next_attempt_at), ACCEPTED (201), CONFLICT (409), INVALID (422).
CREATE TABLE boss_order_request (
    request_id      TEXT PRIMARY KEY,
    campaign_id     TEXT        NOT NULL,
    msisdn          TEXT        NOT NULL,
    product_id      TEXT        NOT NULL,
    event_id        BIGINT      NOT NULL,
    status          TEXT        NOT NULL DEFAULT 'PENDING',
    http_status     INT,
    order_id        TEXT,
    reason          TEXT,
    attempts        INT         NOT NULL DEFAULT 0,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    answered_at     TIMESTAMPTZ
);
CREATE INDEX boss_order_request_due ON boss_order_request (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX response_attribution_accepted ON response_attribution (correlated_at) WHERE accepted;
