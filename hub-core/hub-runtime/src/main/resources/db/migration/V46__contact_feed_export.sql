-- When a contact last went out in a warehouse CONTACT file (PEERS §2.2).
ALTER TABLE campaign_contact ADD COLUMN exported_at TIMESTAMPTZ;
CREATE INDEX campaign_contact_export ON campaign_contact (updated_at) WHERE exported_at IS NULL OR exported_at < updated_at;

-- Sequence numbers of the feed files the hub writes, per feed and day: NAME_<yyyyMMdd>_<seq4>.dat.
CREATE TABLE feed_file_sequence (
    feed TEXT NOT NULL,
    day  DATE NOT NULL,
    seq  INT  NOT NULL,
    PRIMARY KEY (feed, day)
);
