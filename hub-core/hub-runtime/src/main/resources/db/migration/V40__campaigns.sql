-- Campaigns (PEERS.md §7.1): the definition as the API took it (JSONB) plus the columns the engine queries.
CREATE TABLE campaign (
    id                   TEXT PRIMARY KEY,
    name                 TEXT        NOT NULL,
    type                 TEXT        NOT NULL,
    product_id           TEXT,
    status               TEXT        NOT NULL,
    start_at             TIMESTAMPTZ NOT NULL,
    end_at               TIMESTAMPTZ NOT NULL,
    control_percent      NUMERIC(5,2) NOT NULL,
    response_window_days INT         NOT NULL,
    definition           JSONB       NOT NULL,
    version              INT         NOT NULL DEFAULT 1,
    created_by           TEXT,
    created_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at           TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX campaign_status ON campaign (status, start_at);

-- Every lifecycle change, who made it and when.
CREATE TABLE campaign_event (
    id          BIGSERIAL PRIMARY KEY,
    campaign_id TEXT        NOT NULL REFERENCES campaign (id),
    from_status TEXT,
    to_status   TEXT        NOT NULL,
    actor       TEXT,
    note        TEXT,
    at          TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX campaign_event_campaign ON campaign_event (campaign_id, at);
