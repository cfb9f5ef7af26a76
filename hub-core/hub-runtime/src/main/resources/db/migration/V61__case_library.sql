-- The case library: a completed campaign whose evaluation is frozen becomes a case planners can search.
CREATE TABLE campaign_case (
    campaign_id     TEXT PRIMARY KEY REFERENCES campaign (id),
    name            TEXT        NOT NULL,
    type            TEXT        NOT NULL,
    product_id      TEXT,
    segments        TEXT[]      NOT NULL,
    lift            DOUBLE PRECISION,
    p_value         DOUBLE PRECISION,
    owner           TEXT,
    definition      JSONB       NOT NULL,
    evaluation      JSONB       NOT NULL,
    self_assessment TEXT,
    assessed_at     TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX campaign_case_search ON campaign_case (type, product_id);
CREATE INDEX campaign_case_segments ON campaign_case USING gin (segments);

-- Managers' scores: one per manager and case (a second score replaces the first); the scorer is never shown.
CREATE TABLE case_score (
    campaign_id TEXT        NOT NULL REFERENCES campaign_case (campaign_id),
    scorer      TEXT        NOT NULL,
    score       SMALLINT    NOT NULL CHECK (score BETWEEN 1 AND 5),
    comment     TEXT,
    scored_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (campaign_id, scorer)
);
