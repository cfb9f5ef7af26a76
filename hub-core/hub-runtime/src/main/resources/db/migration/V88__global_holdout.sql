-- The global control group (issue 21): a share of all customers, chosen by a hash of the seed in force and the MSISDN,
-- gets marketing from no campaign, so the whole programme's lift can be measured against it. A new seed re-draws the
-- group; a new share keeps the seed (a larger share is a superset). Every seed and share stays, with the time it came
-- into force, so a report can name the group of its period.
CREATE TABLE global_holdout_seed (
    id         BIGSERIAL    PRIMARY KEY,
    seed       TEXT         NOT NULL,
    percent    NUMERIC(5,2) NOT NULL CHECK (percent > 0 AND percent <= 50),
    since      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    created_by TEXT         NOT NULL
);
