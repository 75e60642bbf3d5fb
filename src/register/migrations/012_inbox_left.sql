-- Files the inbox's last pass did not take and that waiting a moment will
-- not take either (a failure, a file that cannot be checked now, a link or
-- a folder never followed, tags for a photo that never came): kept so that
-- the manager's overview and `doctor` say what waits there and since when.
-- One row per file; a pass that takes the file, or no longer finds it,
-- removes its row.
CREATE TABLE inbox_left (
    file TEXT PRIMARY KEY,
    outcome TEXT NOT NULL,
    detail TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    passes INTEGER NOT NULL
);
