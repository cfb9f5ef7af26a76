-- Issue 15, MANAGER touchpoint (PEERS §6 class 1, §8): account managers get work orders, not only a call list.

-- Which account manager serves which customer, as the hub last imported it (PUT /api/managers/assignments replaces
-- the whole assignment). A customer has at most one manager; one manager id has one name.
CREATE TABLE manager_assignment (
    msisdn       TEXT COLLATE "C" PRIMARY KEY,
    manager_id   TEXT        NOT NULL,
    manager_name TEXT        NOT NULL,
    imported_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    imported_by  TEXT        NOT NULL
);
CREATE INDEX manager_assignment_manager ON manager_assignment (manager_id);

-- One work order per campaign and customer (a MANAGER contact sent again after a crash finds its order), assigned to
-- the customer's manager when it was created (id and name kept: a later import does not move or rename it). OPEN
-- until an outcome closes it (DONE); NO_ANSWER and CALL_BACK are recorded on an OPEN order without closing it.
CREATE TABLE work_order (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    campaign_id  TEXT        NOT NULL,
    msisdn       TEXT COLLATE "C" NOT NULL,
    cust_name    TEXT,
    city_code    TEXT,
    manager_id   TEXT,
    manager_name TEXT,
    script       TEXT        NOT NULL,
    status       TEXT        NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'DONE')),
    outcome      TEXT,
    note         TEXT,
    outcome_by   TEXT,
    outcome_at   TIMESTAMPTZ,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (campaign_id, msisdn)
);
-- GET /api/work-orders?manager=…[&status=…]: a manager's orders, newest first.
CREATE INDEX work_order_manager ON work_order (manager_id, status, id DESC);

-- The call list's rows become work orders with no manager (they were listed before managers were assigned), OPEN,
-- created when they were listed; the call list is read from work_order from now on.
INSERT INTO work_order (campaign_id, msisdn, cust_name, city_code, script, created_at, updated_at)
SELECT campaign_id, msisdn, cust_name, city_code, script, listed_at, listed_at FROM manager_call_list;
DROP TABLE manager_call_list;
