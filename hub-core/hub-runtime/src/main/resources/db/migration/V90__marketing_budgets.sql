-- Marketing resources (README "Governance"): a unit's budget of a resource (hub.governance.resources.<name>) for a
-- month, and what launched campaigns have reserved of it. A unit with no budget row for a resource uses it freely.
CREATE TABLE marketing_budget (
    unit_code  TEXT        NOT NULL REFERENCES org_unit (code),
    resource   TEXT        NOT NULL,
    period     TEXT        NOT NULL CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
    amount     BIGINT      NOT NULL CHECK (amount >= 0),
    updated_by TEXT,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (unit_code, resource, period)
);

-- What a scheduled or started campaign holds of its unit's budget: the contacts it had yet to make at its launch (with
-- those it had made), so the hold shrinks as it contacts; completing or cancelling it releases the rest.
CREATE TABLE budget_reservation (
    campaign_id TEXT        NOT NULL REFERENCES campaign (id),
    unit_code   TEXT        NOT NULL,
    resource    TEXT        NOT NULL,
    period      TEXT        NOT NULL,
    amount      BIGINT      NOT NULL CHECK (amount >= 0),
    reserved_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    released_at TIMESTAMPTZ,
    PRIMARY KEY (campaign_id, resource, period)
);
CREATE INDEX budget_reservation_held ON budget_reservation (unit_code, resource, period) WHERE released_at IS NULL;
