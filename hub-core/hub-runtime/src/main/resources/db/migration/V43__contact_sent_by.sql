-- Which hub instance handed the contact to its peer (scale-out: instances share the work).
ALTER TABLE campaign_contact ADD COLUMN sent_by TEXT;
