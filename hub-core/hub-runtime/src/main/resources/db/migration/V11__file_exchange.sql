-- Batch-file exchange (PEERS.md common rules): one reconciliation record per data file and outcome, and the file
-- claims the SFTP consumers share so a restart or a second hub instance never processes a file twice.

-- Every file the engine decided on: rows read = accepted + rejected, bytes, timings, outcome and reason.
CREATE TABLE file_record (
    id            BIGSERIAL PRIMARY KEY,
    feed          TEXT        NOT NULL,
    file_name     TEXT        NOT NULL,
    outcome       TEXT        NOT NULL,
    reason        TEXT,
    detail        TEXT,
    rows_read     BIGINT      NOT NULL,
    rows_accepted BIGINT      NOT NULL,
    rows_rejected BIGINT      NOT NULL,
    bytes         BIGINT      NOT NULL,
    md5           TEXT,
    started_at    TIMESTAMPTZ NOT NULL,
    finished_at   TIMESTAMPTZ NOT NULL,
    CONSTRAINT file_record_rows CHECK (rows_read = rows_accepted + rows_rejected)
);
CREATE INDEX file_record_feed_name ON file_record (feed, file_name);
CREATE INDEX file_record_finished ON file_record (finished_at);

-- Claims on remote files (camel-ftp idempotent repository): taken when a file is listed, confirmed when its exchange
-- completes; an unconfirmed claim older than the lease may be taken again.
CREATE TABLE file_claim (
    claim_key  TEXT PRIMARY KEY,
    confirmed  BOOLEAN     NOT NULL DEFAULT false,
    claimed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
