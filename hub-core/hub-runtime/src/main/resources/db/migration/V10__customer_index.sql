-- The hub's picture of BOSS (PEERS.md §1.1-1.4), fed by the file-exchange routes and read by the contact policy.

-- Customer index (§1.1). A delete keeps the row as a tombstone (deleted = true) with its update_time, so an older
-- add or update arriving later cannot bring the customer back; a row older than the stored update_time never
-- overwrites it.
CREATE TABLE customer (
    msisdn         TEXT PRIMARY KEY,
    cust_id        TEXT        NOT NULL,
    cust_name      TEXT,
    brand          TEXT        NOT NULL,
    city_code      TEXT        NOT NULL,
    plan_id        TEXT,
    status         SMALLINT    NOT NULL,
    handset_model  TEXT,
    open_date      DATE,
    arpu_3m_fen    BIGINT,
    customer_class SMALLINT    NOT NULL,
    update_time    TIMESTAMPTZ NOT NULL,
    deleted        BOOLEAN     NOT NULL DEFAULT false
);

-- Product catalog (§1.2), a full snapshot each day; a customer holds at most one product of an exclusive group.
CREATE TABLE product (
    product_id      TEXT PRIMARY KEY,
    name            TEXT        NOT NULL,
    type            TEXT        NOT NULL,
    price_fen       BIGINT      NOT NULL,
    status          SMALLINT    NOT NULL,
    effective_date  DATE,
    expire_date     DATE,
    exclusive_group TEXT,
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX product_group ON product (exclusive_group) WHERE exclusive_group IS NOT NULL;

-- Holdings (§1.3): which customer holds which product.
CREATE TABLE holding (
    msisdn         TEXT        NOT NULL,
    product_id     TEXT        NOT NULL,
    effective_time TIMESTAMPTZ,
    expire_time    TIMESTAMPTZ,
    PRIMARY KEY (msisdn, product_id)
);

-- Orders (§1.4): the conversions campaign evaluation counts.
CREATE TABLE boss_order (
    order_id     TEXT PRIMARY KEY,
    msisdn       TEXT        NOT NULL,
    product_id   TEXT        NOT NULL,
    channel_code TEXT,
    order_time   TIMESTAMPTZ NOT NULL,
    status       SMALLINT    NOT NULL,
    received_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX boss_order_customer ON boss_order (msisdn, product_id, order_time);
