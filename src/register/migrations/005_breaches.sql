-- Incidents as a breach register: an incident marked a possible personal
-- data breach has 72 hours from then for the decision whether to report it
-- to the regulator, recorded with why and by whom.

ALTER TABLE incidents ADD COLUMN breach_at TEXT;
ALTER TABLE incidents ADD COLUMN breach_by TEXT;
ALTER TABLE incidents ADD COLUMN breach_note TEXT;
ALTER TABLE incidents ADD COLUMN decided_at TEXT;
ALTER TABLE incidents ADD COLUMN decided_by TEXT;
ALTER TABLE incidents ADD COLUMN reported INTEGER CHECK (reported IN (0, 1));
ALTER TABLE incidents ADD COLUMN decision_why TEXT;
