-- Triggered campaigns (PEERS.md §7.4): events of §11 make targets.

-- Every event that met a running triggered campaign's condition, once per campaign (the key makes a redelivered or
-- duplicated event harmless), with what became of it: TREATMENT or CONTROL (a contact row was decided), a §7.2
-- exclusion code, COOLDOWN (the customer was contacted by this campaign within its cooldown) or EVENT_EXPIRED (it
-- arrived too late to be contacted within contactWithin). Written in the transaction that decides the contacts, before
-- the event's Kafka offset is committed.
CREATE TABLE trigger_event (
    campaign_id   TEXT        NOT NULL,
    source_system TEXT        NOT NULL,
    message_id    TEXT        NOT NULL,
    msisdn        TEXT        NOT NULL COLLATE "C",
    event_time    TIMESTAMPTZ NOT NULL,
    outcome       TEXT        NOT NULL,
    decided_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (campaign_id, source_system, message_id)
);

-- A triggered contact must be made by its event's time plus contactWithin: dispatch, quiet hours and capacity holds
-- turn a contact past it into EXCLUDED with reason EVENT_EXPIRED instead of sending it late. NULL for list contacts.
ALTER TABLE campaign_contact ADD COLUMN expires_at TIMESTAMPTZ;
