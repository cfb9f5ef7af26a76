-- Issue 15, campaign dispatch throughput: an idempotent touchpoint's contacts are claimed straight into SUBMITTING
-- (one statement a slice fewer). resendable says so explicitly, set by every statement that writes SUBMITTING (the
-- claim: true for such a claim; markSubmitting: false): after a crash a SUBMITTING contact goes back to PENDING when it
-- is resendable (whichever touchpoints are registered then), else it becomes OUTCOME_UNKNOWN. The default is the safe
-- side: a SUBMITTING row written by anything else is never sent again. Read only while the contact is SUBMITTING.
-- A constant default: no table rewrite.
ALTER TABLE campaign_contact ADD COLUMN resendable BOOLEAN NOT NULL DEFAULT false;
