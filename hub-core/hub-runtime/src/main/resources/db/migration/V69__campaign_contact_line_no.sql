-- The contact policy no longer copies each treated customer's template fields into campaign_contact.vars (a JSONB per
-- row, about a seventh of the cost of deciding a list of millions, issue 6): dispatch reads them when it claims the
-- contact, from the customer index and the list row, found by its line number. vars keeps what only the policy
-- knows (the MM apps suited to the handset); rows decided before this migration keep their full vars.
ALTER TABLE campaign_contact ADD COLUMN line_no BIGINT;
