-- Campaign governance (issue 21): organisation units, the unit that owns a campaign, its number, its approval history.

-- Province → city → county. Units from the settings (hub.governance.units) are written here at start; imported ones
-- (POST /api/org-units) are kept here.
CREATE TABLE org_unit (
    code        TEXT PRIMARY KEY,
    name        TEXT        NOT NULL,
    parent_code TEXT REFERENCES org_unit (code),
    source      TEXT        NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The unit that created the campaign (NULL: the campaigns from before units, which belong to the root unit) and its
-- number, unique (NULL for those older campaigns).
ALTER TABLE campaign ADD COLUMN unit_code TEXT;
ALTER TABLE campaign ADD COLUMN number TEXT;
CREATE UNIQUE INDEX campaign_number ON campaign (number);
CREATE INDEX campaign_unit ON campaign (unit_code);

-- One counter per number series (the number with its sequence left out: unit or city, and year). It is taken in the
-- transaction that creates the campaign, so a rolled-back create leaves no gap and concurrent creates queue on the row.
CREATE TABLE campaign_number_counter (
    series   TEXT PRIMARY KEY,
    last_seq INT NOT NULL
);

-- Every approval step: SUBMITTED (with the chain of steps it needs), APPROVED (one step), REJECTED (back to DRAFT) and
-- RETURNED (a content change after submission or approval sent it back to DRAFT).
CREATE TABLE campaign_approval (
    id          BIGSERIAL PRIMARY KEY,
    campaign_id TEXT        NOT NULL REFERENCES campaign (id),
    decision    TEXT        NOT NULL CHECK (decision IN ('SUBMITTED', 'APPROVED', 'REJECTED', 'RETURNED')),
    step        TEXT,
    unit_code   TEXT,
    chain       TEXT,
    actor       TEXT        NOT NULL,
    comment     TEXT,
    at          TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX campaign_approval_campaign ON campaign_approval (campaign_id, id);
