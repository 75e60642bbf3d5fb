-- The face ledger: every face the detector found on the stored pixels of a
-- photo, and who it is (one child, or not a child, or nobody yet). Tags
-- bound to children by id when they are made. Re-checks owed after a
-- register change, journalled with the change.

-- NULL: the face check did not run on this photo (off, or it failed).
ALTER TABLE photos ADD COLUMN faces_found INTEGER CHECK (faces_found IS NULL OR faces_found >= 0);
UPDATE photos SET faces_found = coalesce(
    json_extract(facts, '$.media.faces_found'),
    json_extract(facts, '$.facts.faces'));

CREATE TABLE faces (
    photo_id    TEXT NOT NULL REFERENCES photos(id),
    face_no     INTEGER NOT NULL CHECK (face_no >= 1),   -- the detector's order, from 1
    child_id    TEXT REFERENCES children(id),            -- this child's face
    not_child   INTEGER NOT NULL DEFAULT 0 CHECK (not_child IN (0, 1)),
    decided_by  TEXT,                                    -- who said whose face it is
    decided_at  TEXT,
    note        TEXT,
    -- The box the detector found, as fractions of the upright image (NULL
    -- for faces counted before the ledger: their boxes are in the
    -- encrypted faces file).
    x REAL, y REAL, w REAL, h REAL,
    PRIMARY KEY (photo_id, face_no),
    CHECK (child_id IS NULL OR not_child = 0)            -- a face is never both
) STRICT;
-- A child never holds two faces in one photo.
CREATE UNIQUE INDEX faces_one_face_a_child ON faces (photo_id, child_id) WHERE child_id IS NOT NULL;
CREATE INDEX faces_child ON faces (child_id) WHERE child_id IS NOT NULL;

-- Every face already counted gets its line; a box someone dismissed
-- before is not a child's face. Which face was which child was never
-- recorded: those faces are nobody's until a person says, and the re-check
-- owed below holds the photos (no deletion clock: they were stored).
WITH RECURSIVE n(photo_id, face_no, total) AS (
    SELECT id, 1, faces_found FROM photos WHERE faces_found >= 1
    UNION ALL
    SELECT photo_id, face_no + 1, total FROM n WHERE face_no < total
)
INSERT INTO faces (photo_id, face_no, not_child, decided_by, decided_at, note)
SELECT n.photo_id, n.face_no, 1, 'consentgate', p.updated_at, 'said not to be a child before the face ledger'
FROM n JOIN photos p ON p.id = n.photo_id
WHERE EXISTS (SELECT 1 FROM json_each(p.facts, '$.media.not_faces') WHERE value = n.face_no)
UNION ALL
SELECT n.photo_id, n.face_no, 0, NULL, NULL, NULL
FROM n JOIN photos p ON p.id = n.photo_id
WHERE NOT EXISTS (SELECT 1 FROM json_each(p.facts, '$.media.not_faces') WHERE value = n.face_no);

UPDATE photos SET facts = json_remove(facts, '$.facts.faces', '$.media.not_faces', '$.media.faces_found');
-- Nothing the upgrade holds may start a deletion clock: a photo in the
-- vault was stored (a hold later is paperwork), and a photo tagged before
-- counts as tagged by a person (never "nobody tagged it in time").
UPDATE photos SET facts = json_set(facts, '$.facts.was_stored', json('true')) WHERE state = 'stored';
UPDATE photos SET facts = json_set(facts, '$.facts.tagged_by_person', json('true')) WHERE tagged = 1;

-- Tags by child id: a tag that named a child is that child's id from now
-- on (the name it was written as is not read again).
CREATE TABLE tags_by_id (
    photo_id    TEXT NOT NULL REFERENCES photos(id),
    label       TEXT NOT NULL,               -- the child's id, or a tag that named nobody, as written
    child_id    TEXT REFERENCES children(id),
    region      TEXT,                        -- JSON [x, y, w, h] as fractions, as drawn
    PRIMARY KEY (photo_id, label),
    CHECK (child_id IS NULL OR label = child_id)
) STRICT;
INSERT OR IGNORE INTO tags_by_id (photo_id, label, child_id, region)
SELECT photo_id, coalesce(child_id, label), child_id, region FROM tags ORDER BY rowid;
DROP TABLE tags;
ALTER TABLE tags_by_id RENAME TO tags;
CREATE INDEX tags_child ON tags (child_id) WHERE child_id IS NOT NULL;

-- The register refuses a stored photo whose ledger is not whole: a face
-- nobody is said to be, a face of a child not tagged, or fewer lines than
-- faces found. (Consent is checked in the same transaction by the code.)
CREATE TRIGGER photos_stored_ledger_whole BEFORE UPDATE OF state ON photos
WHEN NEW.state = 'stored' AND (
    EXISTS (SELECT 1 FROM faces WHERE photo_id = NEW.id AND child_id IS NULL AND not_child = 0)
    OR EXISTS (SELECT 1 FROM faces f WHERE f.photo_id = NEW.id AND f.child_id IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM tags t WHERE t.photo_id = f.photo_id AND t.child_id = f.child_id))
    OR (NEW.faces_found IS NOT NULL AND (SELECT count(*) FROM faces WHERE photo_id = NEW.id) <> NEW.faces_found))
BEGIN SELECT RAISE(ABORT, 'a stored photo must have every face found said to be a tagged child''s or not a child''s'); END;
CREATE TRIGGER photos_stored_on_arrival BEFORE INSERT ON photos
WHEN NEW.state = 'stored' AND NEW.faces_found > 0
BEGIN SELECT RAISE(ABORT, 'a photo with faces is stored only once its face ledger is written'); END;
CREATE TRIGGER faces_of_stored_photo BEFORE INSERT ON faces
WHEN NEW.child_id IS NULL AND NEW.not_child = 0
     AND (SELECT state FROM photos WHERE id = NEW.photo_id) = 'stored'
BEGIN SELECT RAISE(ABORT, 'a stored photo cannot gain a face nobody is said to be'); END;
CREATE TRIGGER faces_of_stored_photo_change BEFORE UPDATE ON faces
WHEN NEW.child_id IS NULL AND NEW.not_child = 0
     AND (SELECT state FROM photos WHERE id = NEW.photo_id) = 'stored'
BEGIN SELECT RAISE(ABORT, 'a stored photo cannot gain a face nobody is said to be'); END;

-- A change to the register that may change what is allowed owes a re-check
-- of the photos, written in the same transaction as the change; the
-- re-check removes it when it is done, and any command that opens the
-- register finishes one left owing (after a crash).
CREATE TABLE rechecks (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    cause       TEXT NOT NULL,
    owed_since  TEXT NOT NULL
) STRICT;
-- The photos the face ledger above left with faces nobody is said to be.
INSERT INTO rechecks (cause, owed_since)
SELECT 'the face ledger: faces need a person to say whose they are', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
WHERE EXISTS (SELECT 1 FROM faces WHERE child_id IS NULL AND not_child = 0);

-- Every change that can change what is allowed owes a re-check, in the
-- change's own transaction, whichever code makes it.
CREATE TRIGGER recheck_consent AFTER INSERT ON consent_events
BEGIN INSERT INTO rechecks (cause, owed_since) VALUES ('consent ' || NEW.action || ' ' || NEW.child_id || ' ' || NEW.purpose, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')); END;
CREATE TRIGGER recheck_child_added AFTER INSERT ON children
BEGIN INSERT INTO rechecks (cause, owed_since) VALUES ('child ' || NEW.id || ' added', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')); END;
CREATE TRIGGER recheck_child_changed AFTER UPDATE ON children
BEGIN INSERT INTO rechecks (cause, owed_since) VALUES ('child ' || NEW.id || ' changed', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')); END;
CREATE TRIGGER recheck_alias_added AFTER INSERT ON child_aliases
BEGIN INSERT INTO rechecks (cause, owed_since) VALUES ('child ' || NEW.child_id || ' alias added', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')); END;
CREATE TRIGGER recheck_alias_removed AFTER DELETE ON child_aliases
BEGIN INSERT INTO rechecks (cause, owed_since) VALUES ('child ' || OLD.child_id || ' alias removed', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')); END;
CREATE TRIGGER recheck_guardian_added AFTER INSERT ON guardian_links
BEGIN INSERT INTO rechecks (cause, owed_since) VALUES ('guardian of ' || NEW.child_id || ' added', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')); END;
CREATE TRIGGER recheck_guardian_changed AFTER UPDATE ON guardian_links
BEGIN INSERT INTO rechecks (cause, owed_since) VALUES ('guardian of ' || NEW.child_id || ' changed', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')); END;
CREATE TRIGGER recheck_guardian_removed AFTER DELETE ON guardian_links
BEGIN INSERT INTO rechecks (cause, owed_since) VALUES ('guardian of ' || OLD.child_id || ' removed', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')); END;
CREATE TRIGGER recheck_device_added AFTER INSERT ON devices
BEGIN INSERT INTO rechecks (cause, owed_since) VALUES ('device ' || NEW.id || ' added', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')); END;
CREATE TRIGGER recheck_device_changed AFTER UPDATE ON devices
BEGIN INSERT INTO rechecks (cause, owed_since) VALUES ('device ' || NEW.id || ' changed', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')); END;
