-- The MM app catalog in force (PEERS.md §4.1): the last accepted MM_APPS_<yyyyMMdd>.dat, replaced whole in the same
-- unit as the hub's in-memory catalog, and read back at start-up so handset adaptation survives a restart.
CREATE TABLE mm_app_catalog (
    app_id       TEXT PRIMARY KEY,
    name         TEXT        NOT NULL,
    category     TEXT        NOT NULL DEFAULT '',
    min_os       TEXT        NOT NULL DEFAULT '',
    -- supported handset models as MM listed them, comma-separated; '*' for every model
    models       TEXT        NOT NULL,
    size_kb      BIGINT      NOT NULL CHECK (size_kb >= 0),
    price_fen    BIGINT      NOT NULL CHECK (price_fen >= 0),
    -- '1' on sale, '0' withdrawn
    status       CHAR(1)     NOT NULL CHECK (status IN ('0', '1')),
    -- the file this row came from and when that file was published (the same for every row)
    source_file  TEXT        NOT NULL,
    published_at TIMESTAMPTZ NOT NULL
);
