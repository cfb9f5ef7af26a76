-- Target lists and contact history (PEERS.md §2.1, §7.2, §2.2 CONTACT).

-- Every row of every target list as received; code holds a step-1 exclusion (BAD_MSISDN, DUPLICATE).
CREATE TABLE campaign_target (
    campaign_id TEXT   NOT NULL REFERENCES campaign (id),
    list_id     TEXT   NOT NULL,
    line_no     BIGINT NOT NULL,
    msisdn      TEXT   NOT NULL,
    segment     TEXT,
    score       NUMERIC(6,5),
    attr1       TEXT,
    attr2       TEXT,
    attr3       TEXT,
    code        TEXT,
    PRIMARY KEY (campaign_id, list_id, line_no)
);

-- One row per campaign x customer: the decision (group, channel, exclusion) and the contact's progress.
-- status: PENDING (to send), DEFERRED (quiet hours / capacity, not before not_before), CLAIMED (taken by an instance,
-- not yet submitted: safe to hand back), SUBMITTING (handed to the peer: outcome known only from its answer),
-- SENT, FAILED, OUTCOME_UNKNOWN, EXCLUDED (reason = code), CONTROL (group C, never contacted).
CREATE TABLE campaign_contact (
    campaign_id  TEXT        NOT NULL REFERENCES campaign (id),
    msisdn       TEXT        NOT NULL,
    list_id      TEXT,
    segment      TEXT,
    grp          CHAR(1),
    channel      TEXT,
    status       TEXT        NOT NULL,
    reason       TEXT,
    vars         JSONB,
    not_before   TIMESTAMPTZ,
    claimed_by   TEXT,
    claimed_at   TIMESTAMPTZ,
    message_ids  TEXT[],
    parts        INT,
    decided_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    contacted_at TIMESTAMPTZ,
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (campaign_id, msisdn)
);
CREATE INDEX campaign_contact_dispatch ON campaign_contact (campaign_id, channel, status, not_before);
CREATE INDEX campaign_contact_history ON campaign_contact (msisdn, contacted_at) WHERE contacted_at IS NOT NULL;
CREATE INDEX campaign_contact_claims ON campaign_contact (claimed_by) WHERE status IN ('CLAIMED', 'SUBMITTING');

-- Live hub instances sharing this database; a claim of an instance whose heartbeat is stale is recovered.
CREATE TABLE hub_instance (
    id           TEXT PRIMARY KEY,
    started_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    heartbeat_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
