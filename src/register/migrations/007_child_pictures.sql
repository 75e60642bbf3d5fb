-- A child's picture on their tagging button: a small square cut the
-- manager chose from a stored photo the child is tagged in, age-encrypted
-- in data/pictures/. One per child. The row and the file go together when
-- the child leaves or is erased, when learning-journey consent ends, or
-- when the photo leaves the vault (see policy::picture).

CREATE TABLE child_pictures (
    child_id    TEXT PRIMARY KEY NOT NULL REFERENCES children(id),
    photo_id    TEXT NOT NULL REFERENCES photos(id),
    file        TEXT NOT NULL UNIQUE,        -- the ciphertext's name in data/pictures/
    region      TEXT NOT NULL,               -- JSON [x, y, w, h]: the square cut, fractions of the upright photo
    chosen_by   TEXT NOT NULL,
    chosen_at   TEXT NOT NULL
) STRICT;
CREATE INDEX child_pictures_photo ON child_pictures (photo_id);
