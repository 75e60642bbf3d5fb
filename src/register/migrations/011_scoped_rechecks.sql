-- A re-check owed for one child's consent or guardians need only look at
-- the photos that child is tagged in: the re-check reads `child_id` and
-- checks those photos; a change without one (a child added or renamed, an
-- alias, a device) still re-checks every photo.
ALTER TABLE rechecks ADD COLUMN child_id TEXT;

DROP TRIGGER recheck_consent;
CREATE TRIGGER recheck_consent AFTER INSERT ON consent_events
BEGIN INSERT INTO rechecks (cause, owed_since, child_id) VALUES ('consent ' || NEW.action || ' ' || NEW.child_id || ' ' || NEW.purpose, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), NEW.child_id); END;
DROP TRIGGER recheck_guardian_added;
CREATE TRIGGER recheck_guardian_added AFTER INSERT ON guardian_links
BEGIN INSERT INTO rechecks (cause, owed_since, child_id) VALUES ('guardian of ' || NEW.child_id || ' added', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), NEW.child_id); END;
DROP TRIGGER recheck_guardian_changed;
CREATE TRIGGER recheck_guardian_changed AFTER UPDATE ON guardian_links
BEGIN INSERT INTO rechecks (cause, owed_since, child_id) VALUES ('guardian of ' || NEW.child_id || ' changed', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), NEW.child_id); END;
DROP TRIGGER recheck_guardian_removed;
CREATE TRIGGER recheck_guardian_removed AFTER DELETE ON guardian_links
BEGIN INSERT INTO rechecks (cause, owed_since, child_id) VALUES ('guardian of ' || OLD.child_id || ' removed', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), OLD.child_id); END;

-- The gallery's order (newest taken first) from an index, not a sort of
-- every stored photo.
CREATE INDEX photos_taken ON photos (state, coalesce(substr(captured_at, 1, 10), substr(received_at, 1, 10)) DESC, id DESC);
