//! Counting faces, offline, on the CPU: the YuNet detector (Apache-2.0,
//! `models/yunet_n.onnx`, embedded in the binary) run with tract.
//!
//! The detector never replaces the practitioner's tagging: the faces it
//! finds on the exact pixels that are stored are the photo's face ledger,
//! and a photo is stored only when a person (or a photo tool's named face
//! region) has said whose each face is, or that it is not a child's. It is
//! tuned for recall (a missed child costs more than a second look at a
//! poster).

mod detector;
mod pool;
pub mod regions;
mod turned;

use pool::{run_each, POOL};

#[cfg(feature = "failpoints")]
pub use detector::install_for_tests;
pub use detector::{check, Detector};

use image::DynamicImage;
use serde::{Deserialize, Serialize};
use std::sync::{LazyLock, Mutex};
use tract_onnx::prelude::*;

/// Why the face check could not run, in words (the photo is then held:
/// a face check that failed never lets a photo through).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct FaceError(pub String);

impl From<FaceError> for String {
    fn from(e: FaceError) -> Self {
        e.0
    }
}

impl From<String> for FaceError {
    fn from(s: String) -> Self {
        FaceError(s)
    }
}

const MODEL: &[u8] = include_bytes!("../models/yunet_n.onnx");
/// The model's outputs used: for each of its three strides (8, 16, 32
/// pixels), the class score, the objectness and the box. (Its landmarks
/// are left out of the plan.)
const STRIDES: [usize; 3] = [8, 16, 32];

/// A face box as fractions of the upright image, with the detector's score.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Face {
    pub rect: [f64; 4],
    pub score: f32,
}

/// A runnable plan, shared between threads.
type Plan = std::sync::Arc<TypedSimplePlan>;

/// The face width, in pixels at the detector's input, from which the model
/// finds faces reliably (measured on generated scenes: faces 27-30 px wide
/// scored 0.89 and more, against at most 0.5 anywhere but once on photos
/// without people; smaller, as the photo is decoded at half size for the
/// check, 30 px faces were missed).
const DETECTOR_FACE: f64 = 27.0;
/// The largest face, in pixels at the detector's input, it finds well
/// (measured: 0.9 at 400 px, 0.83 at 500, 0.43 at 640).
const DETECTOR_FACE_MAX: f64 = 400.0;
/// The largest tile side: a tile's activations are what one run holds
/// (about 15 MB live at 640 px, and the allocator's pages around them
/// twice that). Smaller tiles run faster per pixel on tract (they stay in
/// cache) but overlap more, and where the edges fall moves what is found.
/// Measured, one 12 MP photo through `ingest`, alone: 640 px peaked at
/// 164-180 MiB, 512 at 134-141, 480 at 134-152, 448 at 107-131, in about
/// the same time. Face bench (36 faces of 30-60 px): 640, 480 and 448 found
/// all, 512 missed one; labelled scenes: 640 15/18, 512 and 480 16/18, 448
/// 13/18 (a 40 px face missed).
const TILE_MAX: usize = 480;
/// Tiles of one level overlap by this much, so that every face up to this
/// size lies whole inside some tile; larger ones are found a level up.
const OVERLAP: usize = 96;
/// Each level looks at the photo at most this many times smaller than the
/// one before: a face of `DETECTOR_FACE` a level up is `DETECTOR_FACE *
/// RATIO` here, which must stay under `OVERLAP` (with a margin). A 12 MP
/// photo so has four levels: tiles at 0.9 of its size, tiles at 0.28, the
/// whole photo in one tile, and the whole photo 400 px long.
const RATIO: f64 = OVERLAP as f64 / DETECTOR_FACE / 1.1;
/// The most the decoded photo is enlarged for the detector.
const MAX_ENLARGE: f64 = 3.0;

/// The fraction of a photo's longer side it must be decoded at, at least,
/// for faces `min_face` pixels wide to reach the detector at
/// `DETECTOR_FACE` without enlarging it more than `MAX_ENLARGE` times (0.3
/// for 30 px: a 48 MP photo 8064 px long is decoded at 2419 px or more,
/// not 1920).
pub fn decode_fraction(min_face: u32) -> f64 {
    DETECTOR_FACE / MAX_ENLARGE / f64::from(min_face.max(1))
}

/// At most this many optimised plans (one per tile shape) are kept: the
/// shape of the photos seen last, another's, and the second look's square.
const PLANS_KEPT: usize = 3;

static PARSED: LazyLock<Result<InferenceModel, FaceError>> = LazyLock::new(|| {
    tract_onnx::onnx()
        .with_ignore_value_info(true)
        .with_ignore_output_shapes(true)
        .model_for_read(&mut std::io::Cursor::new(MODEL))
        .map_err(|e| FaceError(e.to_string()))
});
/// A tile shape (width, height) and its plan.
type ShapePlan = ((usize, usize), Plan);
/// The plans for the tile shapes seen last, newest last.
static PLANS: LazyLock<Mutex<Vec<ShapePlan>>> = LazyLock::new(|| Mutex::new(Vec::new()));

/// The optimised plan for one tile shape (built once; the last
/// `PLANS_KEPT` shapes are kept, so memory does not grow with the number of
/// photo sizes seen).
fn plan(w: usize, h: usize) -> Result<Plan, FaceError> {
    {
        let mut plans = PLANS.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(i) = plans.iter().position(|(k, _)| *k == (w, h)) {
            let entry = plans.remove(i);
            let p = entry.1.clone();
            plans.push(entry);
            return Ok(p);
        }
    }
    let parsed = PARSED.as_ref().map_err(Clone::clone)?.clone();
    let p = parsed
        .with_input_fact(0, f32::fact([1, 3, h, w]).into())
        .and_then(|m| {
            let used = m.output_outlets()?.get(..3 * STRIDES.len()).map(<[OutletId]>::to_vec);
            m.with_output_outlets(&used.ok_or_else(|| crate::error::err!("the model has too few outputs"))?)
        })
        .and_then(|m| m.into_optimized())
        .and_then(|m| m.into_runnable())
        .map_err(|e| format!("face model: {e:#}"))?;
    let mut plans = PLANS.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if !plans.iter().any(|(k, _)| *k == (w, h)) {
        plans.push(((w, h), p.clone()));
    }
    while plans.len() > PLANS_KEPT {
        plans.remove(0);
    }
    Ok(p)
}

/// Bytes one tile of `tile` pixels holds in the detector: tract's live
/// tensors are about 37 bytes a pixel (heaptrack: 31 MB over two 640x640
/// tiles); the allocator's pages in use around them more than double that.
const TILE_BYTES_PER_PIXEL: u64 = 100;

/// Bytes a face check of `tiles` tiles holds: a tile on each of the
/// detector's threads it can use, and the photo's `image` bytes.
fn detector_bytes(tile: (usize, usize), tiles: usize, image: usize) -> u64 {
    let per_tile = (tile.0 * tile.1) as u64 * TILE_BYTES_PER_PIXEL;
    per_tile * POOL.threads.min(tiles).max(1) as u64 + image as u64
}

fn iou(a: &[f32; 5], b: &[f32; 5]) -> f32 {
    let (x1, y1) = (a[0].max(b[0]), a[1].max(b[1]));
    let (x2, y2) = (a[2].min(b[2]), a[3].min(b[3]));
    let inter = (x2 - x1).max(0.0) * (y2 - y1).max(0.0);
    let area = |r: &[f32; 5]| (r[2] - r[0]).max(0.0) * (r[3] - r[1]).max(0.0);
    inter / (area(a) + area(b) - inter).max(f32::EPSILON)
}

/// Keeps the best box of every overlapping group.
fn nms(mut boxes: Vec<[f32; 5]>, threshold: f32) -> Vec<[f32; 5]> {
    boxes.sort_by(|a, b| b[4].total_cmp(&a[4]));
    let mut keep: Vec<[f32; 5]> = Vec::new();
    for b in boxes {
        if keep.iter().all(|k| iou(k, &b) <= threshold) {
            keep.push(b);
        }
    }
    keep
}

/// How much two boxes (x, y, w, h) overlap: the area they share over the
/// area they cover (0 apart, 1 the same box).
pub fn overlap(a: [f64; 4], b: [f64; 4]) -> f64 {
    let x = (a[0] + a[2]).min(b[0] + b[2]) - a[0].max(b[0]);
    let y = (a[1] + a[3]).min(b[1] + b[3]) - a[1].max(b[1]);
    let inter = x.max(0.0) * y.max(0.0);
    inter / (a[2] * a[3] + b[2] * b[3] - inter).max(f64::EPSILON)
}

/// What the face check looks for.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// The photo is looked at no coarser than with its longer side at this.
    pub max_side: u32,
    /// The smallest face width, in the photo's own pixels, to be found.
    pub min_face: u32,
    /// The score a box needs.
    pub threshold: f32,
    /// Whether faces turned a quarter or half turn are looked for (where
    /// the upright look saw something weak; see `turned`).
    pub turned: bool,
}

impl From<&crate::config::Faces> for Settings {
    fn from(f: &crate::config::Faces) -> Self {
        Settings { max_side: f.max_side, min_face: f.min_face, threshold: f.threshold, turned: f.turned }
    }
}

/// Where the tiles of one level start, along one side of `len` pixels,
/// for tiles of `tile` pixels overlapping by at least `OVERLAP`.
fn tile_starts(len: usize, tile: usize) -> Vec<usize> {
    if len <= tile {
        return vec![0];
    }
    let n = (len - OVERLAP).div_ceil(tile - OVERLAP);
    let span = len - tile;
    (0..n).map(|i| if n == 1 { 0 } else { i * span / (n - 1) }).collect()
}

/// The tile side for a level `len` pixels long: tiles of at most
/// `TILE_MAX`, as few as cover it, no larger than needed (a multiple of 32,
/// as the network wants).
fn tile_side(len: usize) -> usize {
    if len <= TILE_MAX {
        return len.div_ceil(32) * 32;
    }
    let n = (len - OVERLAP).div_ceil(TILE_MAX - OVERLAP);
    (len + (n - 1) * OVERLAP).div_ceil(n).div_ceil(32) * 32
}

/// The scales (of the decoded image) the photo is looked at, finest first.
fn levels(w: usize, h: usize, first: f64, tile: (usize, usize)) -> Vec<f64> {
    // The scale at which the whole photo fits one tile.
    let fit = (tile.0 as f64 / w as f64).min(tile.1 as f64 / h as f64);
    let mut out = vec![first];
    let mut s = first;
    while s > fit {
        s = (s / RATIO).max(fit);
        out.push(s);
    }
    // A face that fills the frame must not be larger than the model sees
    // well: the last look shows the whole photo with its longer side at
    // that size.
    let whole = DETECTOR_FACE_MAX / w.max(h) as f64;
    if s > whole {
        out.push(whole);
    }
    out
}

/// Finds faces in an upright image. `original_side` is the longer side of
/// the photo as taken (the image may have been decoded smaller): faces
/// `settings.min_face` pixels wide there are looked for, at a scale no
/// coarser than a longer side of `settings.max_side`. The photo is looked
/// at in tiles of one shape, finest level first, then coarser levels for
/// the larger faces, on every core. Boxes scoring at least
/// `settings.threshold` are kept.
pub fn detect_in(img: &DynamicImage, original_side: u32, settings: &Settings) -> Result<Vec<Face>, FaceError> {
    detect_rgb(std::sync::Arc::new(img.to_rgb8()), original_side, settings)
}

/// [`detect_in`] on an image the caller gives up: no copy of its pixels
/// when it is already 8-bit RGB (a decoded JPEG is).
pub fn detect_owned(img: DynamicImage, original_side: u32, settings: &Settings) -> Result<Vec<Face>, FaceError> {
    detect_rgb(std::sync::Arc::new(img.into_rgb8()), original_side, settings)
}

fn detect_rgb(
    rgb: std::sync::Arc<image::RgbImage>,
    original_side: u32,
    settings: &Settings,
) -> Result<Vec<Face>, FaceError> {
    let (w0, h0) = rgb.dimensions();
    if w0 == 0 || h0 == 0 {
        return Ok(Vec::new());
    }
    let long = f64::from(w0.max(h0));
    let for_faces = DETECTOR_FACE / f64::from(settings.min_face.max(1)) * f64::from(original_side.max(1)) / long;
    let not_coarser = (f64::from(settings.max_side) / long).min(1.0);
    // Never blown up more than `MAX_ENLARGE` times: that shows no more
    // than is there.
    let first = for_faces.max(not_coarser).min(MAX_ENLARGE);
    let (lw, lh) = ((f64::from(w0) * first).round() as usize, (f64::from(h0) * first).round() as usize);
    let (tw, th) = (tile_side(lw.max(1)), tile_side(lh.max(1)));
    // Never taller than wide: tract's depth-wise convolution walks a tall
    // tile down its columns, on a slow path (measured: 704x768 ran at 1.7
    // times the time per pixel of 768x704).
    let tile = (tw.max(th), th);
    let plan = plan(tile.0, tile.1)?;
    // The photo, shared by the tiles: each tile's pixels are resized from
    // it on their own, so no level is ever held whole.
    let mut tiles = Vec::new();
    for scale in levels(w0 as usize, h0 as usize, first, tile) {
        let level =
            (((f64::from(w0) * scale).round() as usize).max(1), ((f64::from(h0) * scale).round() as usize).max(1));
        for y in tile_starts(level.1, tile.1) {
            for x in tile_starts(level.0, tile.0) {
                tiles.push(Tile { level, at: (x, y), size: tile });
            }
        }
    }
    // What the detector's threads hold while they run this photo's tiles,
    // besides the photo itself: waits until it fits beside the other
    // decodes and face checks (see `memory`).
    let _share = crate::memory::WORKING.take(detector_bytes(tile, tiles.len(), rgb.as_raw().len()));
    // Upright, weaker boxes are kept too: where one is not a face, the
    // photo is looked at again there, turned.
    let weakest = if settings.turned { settings.threshold.min(turned::CANDIDATE) } else { settings.threshold };
    let (mut upright, mut weak) = (Vec::new(), Vec::new());
    for (t, found) in run_tiles(&plan, &rgb, &tiles, weakest)? {
        let (w, h) = (t.level.0 as f32, t.level.1 as f32);
        for b in t.whole_boxes(found) {
            // back to fractions of the image
            let b = [b[0] / w, b[1] / h, b[2] / w, b[3] / h, b[4]];
            // (a score that is not a number is a face, as it was before)
            if b[4] >= settings.threshold || b[4].is_nan() {
                upright.push(b);
            } else {
                weak.push(b);
            }
        }
    }
    drop(_share);
    let mut faces = nms(upright, 0.3);
    if settings.turned {
        // A turned hit on a face found upright is that face: it never
        // takes the place of (or, between two faces, removes) one.
        let turned = turned::look_again(&rgb, &faces, weak, settings.threshold)?;
        let new: Vec<RawBox> = turned.into_iter().filter(|t| faces.iter().all(|u| iou(u, t) <= 0.3)).collect();
        faces.extend(new);
    }
    // Turned hits at different turns may be one face.
    Ok(nms(faces, 0.3)
        .into_iter()
        .map(|b| Face {
            rect: [f64::from(b[0]), f64::from(b[1]), f64::from(b[2] - b[0]), f64::from(b[3] - b[1])],
            score: b[4],
        })
        .collect())
}

/// The old entry point: faces at least as small as a longer side of
/// `max_side` shows them, in an image taken as the photo itself.
pub fn detect(img: &DynamicImage, max_side: u32, threshold: f32) -> Result<Vec<Face>, FaceError> {
    let side = img.width().max(img.height());
    let d = crate::config::Faces::default();
    detect_in(img, side, &Settings { max_side, min_face: d.min_face, threshold, turned: d.turned })
}

/// A box as the detector gives it: left, top, right, bottom (pixels), score.
type RawBox = [f32; 5];

/// One tile: the part at `at`, `size` pixels, of the photo scaled to
/// `level`.
#[derive(Debug, Clone, Copy)]
struct Tile {
    level: (usize, usize),
    at: (usize, usize),
    size: (usize, usize),
}

impl Tile {
    /// The boxes found in this tile, moved to the level's pixels, but for
    /// those touching an inner edge of the tile: that face is cut there, and
    /// lies whole in the next tile (if up to `OVERLAP` wide) or is found a
    /// level up.
    fn whole_boxes(&self, found: Vec<RawBox>) -> impl Iterator<Item = RawBox> + '_ {
        let ((x, y), (tw, th), (w, h)) = (self.at, self.size, self.level);
        found.into_iter().filter_map(move |b| {
            let inner_left = x > 0 && b[0] <= 1.0;
            let inner_top = y > 0 && b[1] <= 1.0;
            let inner_right = x + tw < w && b[2] >= tw.min(w - x) as f32 - 1.0;
            let inner_bottom = y + th < h && b[3] >= th.min(h - y) as f32 - 1.0;
            (!(inner_left || inner_top || inner_right || inner_bottom))
                .then(|| [b[0] + x as f32, b[1] + y as f32, b[2] + x as f32, b[3] + y as f32, b[4]])
        })
    }
}

/// Runs every tile on the detector's threads and returns each with the
/// boxes found in it (in the tile's pixels), in the tiles' order. Any
/// tile's failure or panic fails the whole check: a photo is never taken
/// as having no faces because part of it was not looked at.
fn run_tiles(
    plan: &Plan,
    src: &std::sync::Arc<image::RgbImage>,
    tiles: &[Tile],
    threshold: f32,
) -> Result<Vec<(Tile, Vec<RawBox>)>, FaceError> {
    let (plan, src) = (plan.clone(), src.clone());
    run_each(tiles, move |t| run_tile(&plan, &src, t, threshold))
}

/// The pixels of the part `(x, y, w, h)` of the level `level` (the photo
/// `src` scaled to that size), resized from the photo on their own.
fn level_pixels(src: &image::RgbImage, level: (usize, usize), (x, y, w, h): (usize, usize, usize, usize)) -> Vec<u8> {
    use fast_image_resize as fr;
    let (sw, sh) = (f64::from(src.width()), f64::from(src.height()));
    let (kx, ky) = (sw / level.0 as f64, sh / level.1 as f64);
    let mut dst = fr::images::Image::new(w as u32, h as u32, fr::PixelType::U8x3);
    let options = fr::ResizeOptions::new().resize_alg(fr::ResizeAlg::Convolution(fr::FilterType::Bilinear)).crop(
        x as f64 * kx,
        y as f64 * ky,
        w as f64 * kx,
        h as f64 * ky,
    );
    let resized = fr::images::ImageRef::new(src.width(), src.height(), src.as_raw(), fr::PixelType::U8x3)
        .ok()
        .and_then(|view| fr::Resizer::new().resize(&view, &mut dst, &options).ok());
    match resized {
        Some(()) => dst.into_vec(),
        // Never a blank tile: otherwise the slower resize of the same part.
        None => {
            let part = image::imageops::crop_imm(
                src,
                (x as f64 * kx) as u32,
                (y as f64 * ky) as u32,
                ((w as f64 * kx) as u32).max(1),
                ((h as f64 * ky) as u32).max(1),
            )
            .to_image();
            image::imageops::resize(&part, w as u32, h as u32, image::imageops::FilterType::Triangle).into_raw()
        }
    }
}

/// Runs the model on the tile `t` of `src` (zero beyond its level's
/// edges) and returns its boxes in the tile's pixels, clipped to the part
/// of the tile that holds the image.
fn run_tile(plan: &Plan, src: &image::RgbImage, t: Tile, threshold: f32) -> Result<Vec<RawBox>, FaceError> {
    let (level, (x0, y0), (tw, th)) = (t.level, t.at, t.size);
    let (vw, vh) = (tw.min(level.0 - x0), th.min(level.1 - y0));
    let pixels = level_pixels(src, level, (x0, y0, vw, vh));
    let mut data = vec![0f32; 3 * tw * th];
    put_pixels(&mut data, (tw, th), &pixels, (vw, vh), |x, y| (x, y));
    drop(pixels);
    run_model(plan, data, (tw, th), (vw, vh), threshold)
}

/// Puts the `w` x `h` RGB `pixels` into the model's input `data` (`size`
/// pixels, planes of blue, green and red, 0-255: the model was trained on
/// OpenCV's order), the pixel `(x, y)` at `at(x, y)`.
fn put_pixels(
    data: &mut [f32],
    size: (usize, usize),
    pixels: &[u8],
    (w, h): (usize, usize),
    at: impl Fn(usize, usize) -> (usize, usize),
) {
    let plane = size.0 * size.1;
    for y in 0..h {
        for (x, px) in pixels[y * w * 3..(y + 1) * w * 3].chunks_exact(3).enumerate() {
            let (tx, ty) = at(x, y);
            for c in 0..3 {
                data[c * plane + ty * size.0 + tx] = f32::from(px[2 - c]);
            }
        }
    }
}

/// Runs the model on `data` (`tw` x `th` pixels) and returns the boxes
/// scoring at least `threshold`, in its pixels, clipped to `clip`.
fn run_model(
    plan: &Plan,
    data: Vec<f32>,
    (tw, th): (usize, usize),
    clip: (usize, usize),
    threshold: f32,
) -> Result<Vec<RawBox>, FaceError> {
    let input = Tensor::from_shape(&[1, 3, th, tw], &data).map_err(|e| format!("face model: {e}"))?;
    drop(data);
    let outputs = plan.run(tvec!(input.into())).map_err(|e| format!("face model: {e}"))?;
    let view = |i: usize, cells: usize, width: usize| {
        let v = outputs
            .get(i)
            .ok_or_else(|| "face model: missing output".to_string())?
            .to_plain_array_view::<f32>()
            .map_err(|e| e.to_string())?;
        if v.shape() != [1, cells, width] {
            return Err(format!("face model: output {i} is {:?}, not [1, {cells}, {width}]", v.shape()));
        }
        Ok(v)
    };
    let (w, h) = (clip.0 as f32, clip.1 as f32);
    let mut boxes = Vec::new();
    for (k, &stride) in STRIDES.iter().enumerate() {
        let (cols, rows) = (tw / stride, th / stride);
        let n = STRIDES.len();
        let (class, object, bbox) =
            (view(k, cols * rows, 1)?, view(n + k, cols * rows, 1)?, view(2 * n + k, cols * rows, 4)?);
        let step = stride as f32;
        for cell in 0..cols * rows {
            let s = (class[[0, cell, 0]].clamp(0.0, 1.0) * object[[0, cell, 0]].clamp(0.0, 1.0)).sqrt();
            if s < threshold {
                continue;
            }
            let (gx, gy) = ((cell % cols) as f32, (cell / cols) as f32);
            let cx = (gx + bbox[[0, cell, 0]]) * step;
            let cy = (gy + bbox[[0, cell, 1]]) * step;
            let (bw, bh) = (bbox[[0, cell, 2]].exp() * step, bbox[[0, cell, 3]].exp() * step);
            let x1 = (cx - bw / 2.0).max(0.0);
            let y1 = (cy - bh / 2.0).max(0.0);
            let x2 = (cx + bw / 2.0).min(w);
            let y2 = (cy + bh / 2.0).min(h);
            if x2 > x1 && y2 > y1 && x1 < w && y1 < h {
                boxes.push([x1, y1, x2, y2, s]);
            }
        }
    }
    Ok(boxes)
}

#[cfg(test)]
mod tests;
