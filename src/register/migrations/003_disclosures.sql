-- The disclosure log: every copy of a photo that left the setting (an
-- export for a child's learning journey, for a purpose, a subject access
-- request), and the take-down list a withdrawal of consent opens.

CREATE TABLE disclosures (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    photo_id    TEXT NOT NULL REFERENCES photos(id),
    purpose     TEXT NOT NULL,               -- what the copy was for
    kind        TEXT NOT NULL CHECK (kind IN ('learning_journey', 'purpose', 'subject_access')),
    subject     TEXT,                        -- the child whose journey or request, if any
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    destination TEXT NOT NULL,               -- the folder it was written to
    file        TEXT NOT NULL                -- the file's name there
) STRICT;
CREATE INDEX disclosures_photo ON disclosures (photo_id);

-- The children the photo showed when it was disclosed.
CREATE TABLE disclosure_children (
    disclosure_id INTEGER NOT NULL REFERENCES disclosures(id),
    child_id    TEXT NOT NULL,
    PRIMARY KEY (disclosure_id, child_id)
) STRICT;
CREATE INDEX disclosure_children_child ON disclosure_children (child_id);

CREATE TRIGGER disclosures_no_update BEFORE UPDATE ON disclosures
BEGIN SELECT RAISE(ABORT, 'disclosures are never changed'); END;

-- A disclosed copy that must be taken down because a child in it no longer
-- has consent for a purpose it was disclosed for. One per disclosure, child
-- and purpose: a copy taken down once is not listed again.
CREATE TABLE takedowns (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    disclosure_id INTEGER NOT NULL REFERENCES disclosures(id),
    child_id    TEXT NOT NULL,
    purpose     TEXT NOT NULL,               -- the purpose consent was withdrawn for
    opened_at   TEXT NOT NULL,
    opened_by   TEXT NOT NULL,
    done_at     TEXT,
    done_by     TEXT,
    note        TEXT,
    UNIQUE (disclosure_id, child_id, purpose)
) STRICT;
CREATE INDEX takedowns_open ON takedowns (done_at);
