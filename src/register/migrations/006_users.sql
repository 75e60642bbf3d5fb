-- A user can be disabled (kept, but cannot log in) instead of removed.
ALTER TABLE users ADD COLUMN disabled_at TEXT;
