-- Contact policy lists (PEERS.md §7.2 step 2 and 5). channel_optout (V1) holds per-channel opt-outs.
CREATE TABLE blacklist (
    msisdn     TEXT PRIMARY KEY,
    reason     TEXT,
    source     TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- A greylisted customer may be contacted only on the channels listed.
CREATE TABLE greylist (
    msisdn           TEXT PRIMARY KEY,
    allowed_channels TEXT[]      NOT NULL,
    reason           TEXT,
    source           TEXT        NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);
