-- Warehouse feeds the ledger wrote (PEERS.md §2.2 RESPONSE and EVAL): recorded once uploaded, so each is sent once.
CREATE TABLE ledger_export (
    file_name   TEXT PRIMARY KEY,
    feed        TEXT        NOT NULL,
    day         DATE        NOT NULL,
    campaign_id TEXT,
    final       BOOLEAN     NOT NULL DEFAULT false,
    rows        BIGINT      NOT NULL,
    exported_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX ledger_export_feed ON ledger_export (feed, day);
