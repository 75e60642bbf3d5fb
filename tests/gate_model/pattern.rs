//! The model's faces: a black-and-white checkerboard of 4 px squares,
//! drawn on a smooth background, and a detector that finds exactly such
//! boards. Pixelating a board (blocks of 8 px or more) turns it grey and
//! the detector finds nothing there; a board left whole, or half of one,
//! is found again. So the model's "faces" behave as the product assumes
//! real ones do, thousands of times faster than YuNet.

use consentgate::faces::{Detector, Face};
use image::{DynamicImage, GrayImage, Rgb, RgbImage};

/// The side of a checkerboard square, and of the detector's cells.
const CELL: u32 = 4;
/// A face is this many pixels square.
pub const FACE: u32 = 32;
pub const WIDTH: u32 = 256;
pub const HEIGHT: u32 = 192;
/// Where faces go: left edges of four slots in one row, far enough apart
/// that a face's head (what redaction covers) never reaches the next.
pub const SLOTS: [u32; 4] = [16, 80, 144, 208];
pub const ROW: u32 = 80;

/// A face's box in slot `slot`, as fractions of the image.
pub fn face_box(slot: usize) -> [f64; 4] {
    let (w, h) = (f64::from(WIDTH), f64::from(HEIGHT));
    [f64::from(SLOTS[slot]) / w, f64::from(ROW) / h, f64::from(FACE) / w, f64::from(FACE) / h]
}

/// A region a person or a photo tool would draw around the face in `slot`:
/// a little larger than the face, on all sides.
pub fn region_around(slot: usize) -> [f64; 4] {
    let b = face_box(slot);
    [b[0] - 0.02, b[1] - 0.04, b[2] + 0.04, b[3] + 0.08]
}

/// A region around no face at all (a corner of the photo).
pub const MISS: [f64; 4] = [0.0, 0.0, 0.05, 0.08];

/// A photo of `slots` faces on a background that `seed` makes unique.
pub fn picture(slots: &[usize], seed: u64) -> RgbImage {
    let tint = (seed % 23) as u8;
    let shade = ((seed / 23) % 19) as u8;
    let mut img = RgbImage::from_fn(WIDTH, HEIGHT, |x, y| {
        let v = 110 + (y * 40 / HEIGHT) as u8;
        Rgb([v.saturating_add(tint), v, v.saturating_add(shade) / 2 + 60 + (x % 3) as u8])
    });
    for &slot in slots {
        for dy in 0..FACE {
            for dx in 0..FACE {
                let on = ((dx / CELL) + (dy / CELL)).is_multiple_of(2);
                img.put_pixel(SLOTS[slot] + dx, ROW + dy, if on { Rgb([250, 250, 250]) } else { Rgb([5, 5, 5]) });
            }
        }
    }
    img
}

/// Finds checkerboards: cells of 4 px whose mean differs strongly from
/// both their right and their lower neighbour, in groups of nine or more.
pub struct Boards;

impl Detector for Boards {
    fn detect(&self, img: DynamicImage, _original_side: u32) -> Result<Vec<Face>, consentgate::faces::FaceError> {
        Ok(find(&img.to_luma8()))
    }
}

fn find(g: &GrayImage) -> Vec<Face> {
    let (w, h) = g.dimensions();
    let (cw, ch) = ((w / CELL) as usize, (h / CELL) as usize);
    if cw < 2 || ch < 2 {
        return Vec::new();
    }
    let mut mean = vec![0f64; cw * ch];
    for cy in 0..ch {
        for cx in 0..cw {
            let mut sum = 0u32;
            for y in 0..CELL {
                for x in 0..CELL {
                    sum += u32::from(g.get_pixel(cx as u32 * CELL + x, cy as u32 * CELL + y)[0]);
                }
            }
            mean[cy * cw + cx] = f64::from(sum) / f64::from(CELL * CELL);
        }
    }
    let marked = |cx: usize, cy: usize| {
        cx + 1 < cw
            && cy + 1 < ch
            && (mean[cy * cw + cx] - mean[cy * cw + cx + 1]).abs() > 120.0
            && (mean[cy * cw + cx] - mean[(cy + 1) * cw + cx]).abs() > 120.0
    };
    let mut seen = vec![false; cw * ch];
    let mut faces = Vec::new();
    for start in 0..cw * ch {
        let (sx, sy) = (start % cw, start / cw);
        if seen[start] || !marked(sx, sy) {
            continue;
        }
        // One board: the cells marked and joined to it (diagonals count,
        // as a board's alternate squares touch at their corners).
        let (mut x0, mut y0, mut x1, mut y1, mut n) = (sx, sy, sx, sy, 0);
        let mut stack = vec![(sx, sy)];
        seen[start] = true;
        while let Some((x, y)) = stack.pop() {
            n += 1;
            (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
            for (dx, dy) in [(-1i64, -1i64), (0, -1), (1, -1), (-1, 0), (1, 0), (-1, 1), (0, 1), (1, 1)] {
                let (nx, ny) = (x as i64 + dx, y as i64 + dy);
                if nx < 0 || ny < 0 || nx as usize >= cw || ny as usize >= ch {
                    continue;
                }
                let (nx, ny) = (nx as usize, ny as usize);
                if !seen[ny * cw + nx] && marked(nx, ny) {
                    seen[ny * cw + nx] = true;
                    stack.push((nx, ny));
                }
            }
        }
        if n >= 9 {
            let (fw, fh) = (f64::from(w), f64::from(h));
            let px = |c: usize| (c as u32 * CELL) as f64;
            faces.push(Face {
                rect: [
                    px(x0) / fw,
                    px(y0) / fh,
                    (px(x1 + 1) - px(x0) + f64::from(CELL)) / fw,
                    (px(y1 + 1) - px(y0) + f64::from(CELL)) / fh,
                ],
                score: 1.0,
            });
        }
    }
    faces.sort_by(|a, b| a.rect[0].total_cmp(&b.rect[0]));
    faces
}

/// The slot a box found on a photo of the model is, if it is one.
pub fn slot_of(rect: [f64; 4]) -> Option<usize> {
    (0..SLOTS.len()).find(|&s| consentgate::faces::overlap(rect, face_box(s)) >= 0.4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boards_are_found_where_drawn_and_not_once_pixelated() {
        let img = picture(&[0, 2], 7);
        let found = find(&DynamicImage::ImageRgb8(img.clone()).to_luma8());
        let slots: Vec<Option<usize>> = found.iter().map(|f| slot_of(f.rect)).collect();
        assert_eq!(slots, vec![Some(0), Some(2)]);
        let mut blurred = img;
        consentgate::workflow::redact::pixelate(&mut blurred, face_box(2));
        let found = find(&DynamicImage::ImageRgb8(blurred).to_luma8());
        assert_eq!(found.iter().map(|f| slot_of(f.rect)).collect::<Vec<_>>(), vec![Some(0)]);
    }
}
