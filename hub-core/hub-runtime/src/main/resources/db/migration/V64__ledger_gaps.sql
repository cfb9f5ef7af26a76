-- Event ids the correlator skipped below its watermark because their transaction had not committed yet (ids are
-- taken at insert, visible at commit); looked for again on every pass until found or given up.
CREATE TABLE ledger_gap (
    id      BIGINT PRIMARY KEY,
    seen_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
