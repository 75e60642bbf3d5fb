-- The manager's workflow: when a photo entered its state (retention counts
-- from it), deletion tombstones, redaction lineage, incidents.

ALTER TABLE photos ADD COLUMN state_since TEXT;
UPDATE photos SET state_since = updated_at;
ALTER TABLE photos ADD COLUMN deleted_at TEXT;
ALTER TABLE photos ADD COLUMN deleted_rule TEXT;     -- retention rule, or 'manager'
ALTER TABLE photos ADD COLUMN deleted_note TEXT;
ALTER TABLE photos ADD COLUMN derived_from TEXT REFERENCES photos(id);

CREATE TABLE incidents (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    photo_id    TEXT NOT NULL REFERENCES photos(id),
    opened_at   TEXT NOT NULL,
    opened_by   TEXT NOT NULL,
    reason      TEXT NOT NULL,
    closed_at   TEXT,
    closed_by   TEXT,
    resolution  TEXT
) STRICT;
CREATE INDEX incidents_photo ON incidents (photo_id);

ALTER TABLE devices ADD COLUMN removed_by TEXT;
