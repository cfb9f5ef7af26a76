-- A target list is staged whole in one transaction, then decided in parts on several connections at once (issue 6:
-- one backend decided about 60k customers/s). Until every part is decided the list is DECIDING: dispatch does not
-- claim its contacts and progress counts its undecided rows, and a restart (or the same list landing again) finishes
-- it. Lists accepted before this migration have no row here and count as decided.
CREATE TABLE campaign_list (
    campaign_id TEXT        NOT NULL,
    list_id     TEXT        NOT NULL,
    state       TEXT        NOT NULL,       -- DECIDING, DECIDED
    parts       INT         NOT NULL,       -- how many parts the list is decided in (msisdn hash)
    rows_read   BIGINT      NOT NULL,
    staged      JSONB       NOT NULL,       -- step-1 codes counted at staging: {"BAD_MSISDN": n, "DUPLICATE": n}
    accepted_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    decided_at  TIMESTAMPTZ,
    PRIMARY KEY (campaign_id, list_id)
);
CREATE INDEX campaign_list_deciding ON campaign_list (campaign_id) WHERE state = 'DECIDING';

-- One row per decided part, committed in the same transaction as the part's campaign_contact rows: a part is decided
-- exactly once (a second decider waits on the row, then skips it), and its counts by outcome survive a restart.
CREATE TABLE campaign_list_part (
    campaign_id TEXT        NOT NULL,
    list_id     TEXT        NOT NULL,
    part        INT         NOT NULL,
    decided     BIGINT      NOT NULL DEFAULT 0,
    outcomes    JSONB       NOT NULL DEFAULT '{}',
    decided_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (campaign_id, list_id, part)
);
