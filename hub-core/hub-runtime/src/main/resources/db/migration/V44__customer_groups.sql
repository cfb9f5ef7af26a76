-- Saved customer groups: a named set of customers a planner reuses as a campaign's target selection.
CREATE TABLE customer_group (
    id          TEXT PRIMARY KEY,
    name        TEXT        NOT NULL,
    description TEXT,
    created_by  TEXT,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE customer_group_member (
    group_id TEXT NOT NULL REFERENCES customer_group (id) ON DELETE CASCADE,
    msisdn   TEXT NOT NULL,
    PRIMARY KEY (group_id, msisdn)
);
