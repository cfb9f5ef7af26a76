-- The account managers' call list (PEERS §6, class 1: "account manager list"): contacts of the MANAGER channel.
CREATE TABLE manager_call_list (
    campaign_id TEXT        NOT NULL,
    msisdn      TEXT        NOT NULL,
    cust_name   TEXT,
    city_code   TEXT,
    script      TEXT        NOT NULL,
    listed_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (campaign_id, msisdn)
);
