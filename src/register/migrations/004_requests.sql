-- Requests from parents about their child's data: subject access (a copy of
-- everything held) with the date received and the legal deadline.

CREATE TABLE requests (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        TEXT NOT NULL CHECK (kind IN ('subject_access')),
    child_id    TEXT NOT NULL REFERENCES children(id),
    received_on TEXT NOT NULL,               -- YYYY-MM-DD
    due_on      TEXT NOT NULL,               -- one calendar month later
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    fulfilled_at TEXT,
    fulfilled_by TEXT,
    destination TEXT
) STRICT;
CREATE INDEX requests_open ON requests (fulfilled_at, due_on);
