-- The correlator finds late-committed events through ledger_gap, not by arrival time: the index only slowed inserts.
DROP INDEX IF EXISTS response_event_received;
