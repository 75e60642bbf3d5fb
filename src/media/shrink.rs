//! An image shrunk as its rows arrive (area averaging: each output pixel is
//! the mean of the input pixels it covers, parts of pixels by their part),
//! and HEIF's quarter turns.

use image::RgbImage;

/// PNGs and TIFFs from this many pixels are read a row or a band at a time
/// into the reduced copy at ingest; smaller ones are decoded whole (about 5
/// bytes a pixel: 80 MB at this size, the working memory's share).
pub(super) const ROWS_FROM_PIXELS: u64 = 16_000_000;

/// Shrinks `from` pixels to `to` (never larger), one input row at a time,
/// holding two rows of sums.
pub(super) struct Shrink {
    to: (u32, u32),
    /// For each input column: the output column it starts in, and its
    /// share of that column (the rest goes to the next one).
    columns: Vec<(usize, f32)>,
    /// The part of an output pixel one input pixel is, across and down.
    across: f32,
    down: f64,
    /// Input rows pushed so far.
    y: u32,
    /// The output row being summed, and the sums for it.
    out_y: u32,
    sums: Vec<f32>,
    row: Vec<f32>,
    out: RgbImage,
}

impl Shrink {
    pub(super) fn new(from: (u32, u32), to: (u32, u32)) -> Shrink {
        let to = (to.0.clamp(1, from.0.max(1)), to.1.clamp(1, from.1.max(1)));
        let across = f64::from(to.0) / f64::from(from.0.max(1));
        let columns = (0..from.0)
            .map(|x| {
                let (left, right) = (f64::from(x) * across, f64::from(x + 1) * across);
                let first = left.floor();
                let share = (right.min(first + 1.0) - left) as f32;
                ((first as usize).min(to.0 as usize - 1), share)
            })
            .collect();
        let width = to.0 as usize * 3;
        Shrink {
            to,
            columns,
            across: across as f32,
            down: f64::from(to.1) / f64::from(from.1.max(1)),
            y: 0,
            out_y: 0,
            sums: vec![0.0; width],
            row: vec![0.0; width],
            out: RgbImage::new(to.0, to.1),
        }
    }

    /// Adds the next input row (packed RGB, `from.0` pixels).
    pub(super) fn push(&mut self, rgb: &[u8]) {
        self.row.fill(0.0);
        let last = self.row.len() - 3;
        for (px, &(first, share)) in rgb.chunks_exact(3).zip(&self.columns) {
            let i = first * 3;
            let rest = self.across - share;
            for (c, &v) in px.iter().enumerate() {
                let v = f32::from(v);
                self.row[i + c] += v * share;
                if rest > 0.0 && i < last {
                    self.row[i + 3 + c] += v * rest;
                }
            }
        }
        let (top, bottom) = (f64::from(self.y) * self.down, f64::from(self.y + 1) * self.down);
        self.y += 1;
        let edge = f64::from(self.out_y + 1);
        if bottom < edge {
            add(&mut self.sums, &self.row, (bottom - top) as f32);
            return;
        }
        add(&mut self.sums, &self.row, (edge - top) as f32);
        self.emit();
        add(&mut self.sums, &self.row, (bottom - edge) as f32);
    }

    /// Writes the summed row out and starts the next.
    fn emit(&mut self) {
        if self.out_y < self.to.1 {
            let start = self.out_y as usize * self.to.0 as usize * 3;
            let out: &mut [u8] = &mut self.out;
            let dest = &mut out[start..start + self.sums.len()];
            for (d, s) in dest.iter_mut().zip(&self.sums) {
                *d = s.round().clamp(0.0, 255.0) as u8;
            }
        }
        self.out_y += 1;
        self.sums.fill(0.0);
    }

    /// The shrunk image (a last row short by rounding is written as it is).
    pub(super) fn finish(mut self) -> RgbImage {
        if self.out_y < self.to.1 {
            let covered = (f64::from(self.y) * self.down - f64::from(self.out_y)).clamp(0.0, 1.0) as f32;
            if covered > 0.0 {
                self.sums.iter_mut().for_each(|s| *s /= covered);
            }
            self.emit();
        }
        self.out
    }
}

fn add(sums: &mut [f32], row: &[f32], part: f32) {
    if part > 0.0 {
        sums.iter_mut().zip(row).for_each(|(s, r)| *s += r * part);
    }
}

/// `img` turned `turns` quarter turns anticlockwise (HEIF's `irot`).
#[cfg(any(feature = "heif", feature = "heif-embedded"))]
pub(super) fn turn(img: RgbImage, turns: u8) -> RgbImage {
    use image::imageops;
    match turns & 3 {
        1 => imageops::rotate270(&img),
        2 => imageops::rotate180(&img),
        3 => imageops::rotate90(&img),
        _ => img,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shrink(img: &RgbImage, to: (u32, u32)) -> RgbImage {
        let mut s = Shrink::new(img.dimensions(), to);
        for row in img.as_raw().chunks_exact(img.width() as usize * 3) {
            s.push(row);
        }
        s.finish()
    }

    #[test]
    fn each_output_pixel_is_the_mean_of_what_it_covers() {
        // 4x2 pixels to 2x1: each output pixel averages a 2x2 block.
        let img =
            RgbImage::from_raw(4, 2, [[0, 10, 20], [40, 50, 60], [100, 100, 100], [200, 200, 200]].repeat(2).concat())
                .unwrap();
        let out = shrink(&img, (2, 1));
        assert_eq!(out.as_raw(), &[20, 30, 40, 150, 150, 150]);
        // 3 pixels to 2: the middle one is split in halves.
        let img = RgbImage::from_raw(3, 1, vec![0, 0, 0, 90, 90, 90, 180, 180, 180]).unwrap();
        assert_eq!(shrink(&img, (2, 1)).as_raw(), &[30, 30, 30, 150, 150, 150]);
    }

    #[test]
    fn a_flat_image_stays_flat_at_any_size() {
        let img = RgbImage::from_pixel(1013, 771, image::Rgb([17, 128, 250]));
        for to in [(1013, 771), (500, 381), (97, 74), (1, 1), (1012, 770)] {
            let out = shrink(&img, to);
            assert_eq!(out.dimensions(), to);
            assert!(out.pixels().all(|p| p.0 == [17, 128, 250]), "{to:?}");
        }
    }

    #[test]
    fn a_turn_is_anticlockwise() {
        // A 2x1 image, red then blue: a quarter turn anticlockwise puts
        // red (left) at the bottom.
        let img = RgbImage::from_raw(2, 1, vec![255, 0, 0, 0, 0, 255]).unwrap();
        let turned = turn(img.clone(), 1);
        assert_eq!((turned.dimensions(), turned.get_pixel(0, 1).0), ((1, 2), [255, 0, 0]));
        assert_eq!(turn(img.clone(), 2).get_pixel(0, 0).0, [0, 0, 255]);
        assert_eq!(turn(img, 3).get_pixel(0, 0).0, [255, 0, 0]);
    }
}
