-- The hub's own state. Version ranges: V1-V9 core, V10-V19 file exchange, V20-V29 SMS, V30-V39 portal/MM,
-- V40-V59 campaigns, V60-V79 response ledger and evaluation.

-- Exchanges that failed permanently (or exhausted their retries): never dropped, replayable.
CREATE TABLE dead_letter (
    id              BIGSERIAL PRIMARY KEY,
    route_id        TEXT        NOT NULL,
    from_endpoint   TEXT,
    failed_endpoint TEXT,
    exception_type  TEXT        NOT NULL,
    reason          TEXT        NOT NULL,
    body            BYTEA,
    body_type       TEXT,
    headers         JSONB       NOT NULL DEFAULT '{}'::jsonb,
    attempts        INT         NOT NULL DEFAULT 1,
    first_failed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_failed_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX dead_letter_route ON dead_letter (route_id, last_failed_at);

-- Every channel's responses in one store (SMS receipts and replies, portal and MM events, BOSS orders).
CREATE TABLE response_event (
    id          BIGSERIAL PRIMARY KEY,
    source      TEXT        NOT NULL,
    event_id    TEXT        NOT NULL,
    channel     TEXT        NOT NULL,
    type        TEXT        NOT NULL,
    msisdn      TEXT,
    campaign_id TEXT,
    ref         TEXT,
    event_time  TIMESTAMPTZ NOT NULL,
    detail      TEXT,
    received_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT response_event_unique UNIQUE (source, event_id)
);
CREATE INDEX response_event_campaign ON response_event (campaign_id, msisdn);
CREATE INDEX response_event_ref ON response_event (channel, ref);

-- Per-channel opt-outs (SMS "TD" replies, API, files); the contact policy reads them.
CREATE TABLE channel_optout (
    msisdn     TEXT        NOT NULL,
    channel    TEXT        NOT NULL,
    source     TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (msisdn, channel)
);

-- Messages upstream systems sent through Kafka (the hub's JSON envelope), stored once per (source_system, message_id).
CREATE TABLE inbox_message (
    source_system TEXT        NOT NULL,
    message_id    TEXT        NOT NULL,
    type          TEXT        NOT NULL,
    sent_at       TIMESTAMPTZ NOT NULL,
    payload       JSONB       NOT NULL,
    received_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (source_system, message_id)
);
