-- Nothing lost to paperwork: a retired device keeps the photos it took; a
-- hold starts a deletion clock only where a person decided or a written
-- rule says the photo must go; every automatic deletion is announced a
-- week ahead; a manager can keep a photo, with a note.

-- The day the setting stopped using the device (broken, replaced): photos
-- it took before stay; what it takes from then on is not the setting's.
ALTER TABLE devices ADD COLUMN retired_on TEXT;      -- YYYY-MM-DD
ALTER TABLE devices ADD COLUMN retired_by TEXT;
ALTER TABLE devices ADD COLUMN retired_note TEXT;

-- The day a held photo's deletion clock started (a reason that must go);
-- NULL while it is not on one (paperwork the setting can put right).
ALTER TABLE photos ADD COLUMN clock_since TEXT;
UPDATE photos SET clock_since = substr(state_since, 1, 10)
WHERE state = 'quarantined' AND EXISTS (
    SELECT 1 FROM json_each(photos.reasons) WHERE json_extract(value, '$.code') IN (
        'consent_withdrawn', 'purpose_forbidden', 'unregistered_device', 'no_camera_metadata',
        'unsupported_format', 'corrupt_image', 'image_too_large', 'older_than_retention',
        'child_left_setting', 'tagging_overdue'));

-- A manager's decision to keep a photo that retention would delete.
ALTER TABLE photos ADD COLUMN kept_at TEXT;
ALTER TABLE photos ADD COLUMN kept_by TEXT;
ALTER TABLE photos ADD COLUMN kept_note TEXT;

-- Every automatic deletion, announced before it is made: at least a week
-- passes from the day it was first announced (on the dashboard and the
-- retention page) to the day it is made.
CREATE TABLE deletion_notices (
    photo_id    TEXT PRIMARY KEY NOT NULL REFERENCES photos(id),
    rule        TEXT NOT NULL,
    due_on      TEXT NOT NULL,                -- the day the rule falls due
    announced_on TEXT NOT NULL                -- the day it was first announced
) STRICT;
