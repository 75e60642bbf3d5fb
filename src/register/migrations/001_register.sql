-- The consent register: children, guardians, consent history, devices,
-- users, photos, tags and the audit chain.

CREATE TABLE children (
    id          TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL,
    room        TEXT,
    started     TEXT,            -- YYYY-MM-DD
    left_on     TEXT,            -- YYYY-MM-DD
    created_at  TEXT NOT NULL
) STRICT;

CREATE TABLE child_aliases (
    child_id    TEXT NOT NULL REFERENCES children(id),
    alias       TEXT NOT NULL,
    PRIMARY KEY (child_id, alias)
) STRICT;

CREATE TABLE guardians (
    id          TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL
) STRICT;

-- A guardian's tie to a child; the same person may be tied to siblings.
CREATE TABLE guardian_links (
    guardian_id TEXT NOT NULL REFERENCES guardians(id),
    child_id    TEXT NOT NULL REFERENCES children(id),
    relationship TEXT NOT NULL,
    parental_responsibility INTEGER NOT NULL CHECK (parental_responsibility IN (0, 1)),
    PRIMARY KEY (guardian_id, child_id)
) STRICT;

-- Consent history: append-only; the current state is derived.
CREATE TABLE consent_events (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    child_id    TEXT NOT NULL REFERENCES children(id),
    purpose     TEXT NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('grant', 'refuse', 'withdraw')),
    guardian_id TEXT NOT NULL REFERENCES guardians(id),
    date        TEXT NOT NULL,
    review_by   TEXT,
    evidence    TEXT,
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL
) STRICT;
CREATE INDEX consent_events_child ON consent_events (child_id, purpose);

CREATE TRIGGER consent_events_no_update BEFORE UPDATE ON consent_events
BEGIN SELECT RAISE(ABORT, 'consent events are never changed: record a new event'); END;
CREATE TRIGGER consent_events_no_delete BEFORE DELETE ON consent_events
BEGIN SELECT RAISE(ABORT, 'consent events are never deleted: record a new event'); END;

CREATE TABLE devices (
    id          TEXT PRIMARY KEY NOT NULL,
    label       TEXT NOT NULL,
    make        TEXT NOT NULL,
    model       TEXT NOT NULL,
    serial      TEXT,
    folder      TEXT UNIQUE,
    added_at    TEXT NOT NULL,
    removed_at  TEXT
) STRICT;

CREATE TABLE users (
    name        TEXT PRIMARY KEY NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('manager', 'practitioner')),
    password_hash TEXT,
    created_at  TEXT NOT NULL
) STRICT;

CREATE TABLE photos (
    id          TEXT PRIMARY KEY NOT NULL,   -- SHA-256 of the original bytes, hex
    state       TEXT NOT NULL CHECK (state IN ('awaiting_tags', 'stored', 'quarantined', 'deleted')),
    source_name TEXT NOT NULL,
    source_folder TEXT,                      -- inbox subfolder it came through
    format      TEXT NOT NULL,
    bytes       INTEGER NOT NULL,
    width       INTEGER,
    height      INTEGER,
    captured_at TEXT,
    device_id   TEXT,
    purposes    TEXT NOT NULL DEFAULT '[]',  -- JSON array
    tagged      INTEGER NOT NULL DEFAULT 0,
    nobody      INTEGER NOT NULL DEFAULT 0,
    reported    INTEGER NOT NULL DEFAULT 0,
    reasons     TEXT NOT NULL DEFAULT '[]',  -- JSON array of reasons
    facts       TEXT NOT NULL DEFAULT '{}',  -- JSON: the facts the decision read
    received_at TEXT NOT NULL,
    updated_at  TEXT NOT NULL
    -- where the ciphertext lives follows from the state (see vault::Layout)
) STRICT;
CREATE INDEX photos_state ON photos (state, received_at);

CREATE TABLE tags (
    photo_id    TEXT NOT NULL REFERENCES photos(id),
    label       TEXT NOT NULL,               -- as written by the tagger
    child_id    TEXT REFERENCES children(id),
    region      TEXT,                        -- JSON [x, y, w, h] as fractions
    PRIMARY KEY (photo_id, label)
) STRICT;

-- The tamper-evident log: each entry carries the hash of the one before.
CREATE TABLE audit (
    seq         INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    photo_id    TEXT,
    child_id    TEXT,
    detail      TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
) STRICT;
