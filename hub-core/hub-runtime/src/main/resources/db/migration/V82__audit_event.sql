-- Issue 20, audit trail: every admin and operator action (state-changing API requests, refused ones included, and
-- actions that do not come through HTTP, such as the routes imported from the folder at start). Written only by
-- AuditTrail, read by GET /api/audit (ADMIN). MSISDNs are masked and secrets never stored before a row is written.
CREATE TABLE audit_event (
    id      BIGSERIAL PRIMARY KEY,
    at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    actor   TEXT        NOT NULL,           -- the signed-in user, or 'system'
    roles   TEXT,                           -- the user's roles, comma-separated (VIEWER, OPERATOR, ADMIN)
    address TEXT,                           -- the client's address (the TCP peer, never X-Forwarded-For); null off HTTP
    action  TEXT        NOT NULL,           -- a stable name: campaigns.start, dead-letters.replay, routes.import
    target  TEXT,                           -- what it acted on: campaign id, dead-letter id, route file
    method  TEXT,                           -- HTTP method, null off HTTP
    path    TEXT,                           -- path and query string, MSISDNs masked; null off HTTP
    outcome TEXT        NOT NULL,           -- the HTTP status (200, 400, 403, 409…), or OK / REFUSED off HTTP
    before  JSONB,                          -- the state before, where it applies
    after   JSONB,                          -- the state after, where it applies
    detail  TEXT                            -- why a request was refused, or what a programmatic record says
);
-- GET /api/audit: newest first by id, filtered by time or by actor.
CREATE INDEX audit_event_at ON audit_event (at);
CREATE INDEX audit_event_actor ON audit_event (actor, id DESC);

-- Append-only in the database too, not only in the API: a row, once written, is never changed or removed by the
-- application or anyone using its account. UPDATE, DELETE and TRUNCATE are refused by the triggers below. Pruning old
-- rows (retention) is a deliberate act by the database owner: drop or disable the trigger in a maintenance session,
-- delete, and put it back.
CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'restrict_violation';
END
$$;
CREATE TRIGGER audit_event_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();
