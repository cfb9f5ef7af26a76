-- Hub events out (PEERS §12): the transactional outbox. Each row is written in the transaction that makes the change
-- it announces (a campaign's status, a contact made, a response attributed), so a change rolled back announces nothing
-- and a committed one is published by the route hub-events-to-kafka, which deletes the row once the broker has it.
-- message_id is derived from the event's identity, so an event written or published again keeps its id. It is not
-- unique here: the index cost the dispatch's outcome storage more than the rare event written twice costs (published
-- twice with the same id, which at-least-once delivery allows and consumers deduplicate).
CREATE TABLE hub_event_outbox (
    id            BIGSERIAL PRIMARY KEY,
    message_id    TEXT        NOT NULL,
    type          TEXT        NOT NULL,
    record_key    TEXT        NOT NULL,
    event_time    TIMESTAMPTZ NOT NULL,
    payload       JSONB       NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- the publisher holding the row (a batch on its way to the broker) and until when; taken again after that
    claimed_by    TEXT,
    claimed_until TIMESTAMPTZ
);

-- An event's time as the hub writes times in envelopes: ISO-8601 at the hub's offset (Asia/Shanghai, +08:00, no DST),
-- to the microsecond. JSON's own rendering of a timestamp, which costs a fraction of to_char's.
CREATE FUNCTION hub_event_time(t TIMESTAMPTZ) RETURNS TEXT LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT (to_jsonb(t AT TIME ZONE 'Asia/Shanghai') #>> '{}') || '+08:00'
$$;
