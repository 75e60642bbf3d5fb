-- The audit log read by photo (a photo's history, "is the newest entry
-- about this photo my own save?") and by who tagged what lately (the
-- practitioner's recent saves, which they may undo for a while).
CREATE INDEX IF NOT EXISTS audit_by_photo ON audit (photo_id, seq);
CREATE INDEX IF NOT EXISTS audit_by_actor ON audit (actor, action, at);
