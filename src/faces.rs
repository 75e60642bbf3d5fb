//! Counting faces, offline, on the CPU: the CenterFace detector (MIT,
//! `models/centerface.onnx`, embedded in the binary) run with tract.
//!
//! The detector never replaces the practitioner's tagging: it only holds a
//! photo back when it sees more faces than tagged children, so that a child
//! in the background is not stored unchecked. It is tuned for recall (a
//! missed child costs more than a second look at a poster).

use image::{DynamicImage, GenericImageView};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};
use tract_onnx::prelude::*;

const MODEL: &[u8] = include_bytes!("../models/centerface.onnx");

/// A face box as fractions of the upright image, with the detector's score.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Face {
    pub rect: [f64; 4],
    pub score: f32,
}

/// A runnable plan, shared between threads.
type Plan = std::sync::Arc<TypedSimplePlan>;

static PARSED: LazyLock<Result<InferenceModel, String>> =
    LazyLock::new(|| tract_onnx::onnx().model_for_read(&mut std::io::Cursor::new(MODEL)).map_err(|e| e.to_string()));
static PLANS: LazyLock<Mutex<HashMap<(usize, usize), Plan>>> = LazyLock::new(|| Mutex::new(HashMap::new()));

/// The optimised plan for one input size (built once, then cached).
fn plan(w: usize, h: usize) -> Result<Plan, String> {
    if let Some(p) = PLANS.lock().unwrap_or_else(std::sync::PoisonError::into_inner).get(&(w, h)) {
        return Ok(p.clone());
    }
    let parsed = PARSED.as_ref().map_err(Clone::clone)?.clone();
    let p = parsed
        .with_input_fact(0, f32::fact([1, 3, h, w]).into())
        .and_then(|m| m.into_optimized())
        .and_then(|m| m.into_runnable())
        .map_err(|e| format!("face model: {e}"))?;
    PLANS.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert((w, h), p.clone());
    Ok(p)
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

/// Finds faces in an upright image, scaled so its longer side is at most
/// `max_side`. Boxes scoring at least `threshold` are kept.
pub fn detect(img: &DynamicImage, max_side: u32, threshold: f32) -> Result<Vec<Face>, String> {
    let (w0, h0) = img.dimensions();
    if w0 == 0 || h0 == 0 {
        return Ok(Vec::new());
    }
    let (w, h) = crate::media::fit_within(w0, h0, max_side);
    let small = crate::media::resize_rgb(img.to_rgb8(), w, h);
    // The network wants sides that are multiples of 32: pad right and bottom.
    let pw = (w as usize).div_ceil(32) * 32;
    let ph = (h as usize).div_ceil(32) * 32;
    let input: Tensor = tract_ndarray::Array4::<f32>::from_shape_fn((1, 3, ph, pw), |(_, c, y, x)| {
        if x < w as usize && y < h as usize {
            f32::from(small.get_pixel(x as u32, y as u32)[c])
        } else {
            0.0
        }
    })
    .into();
    let outputs = plan(pw, ph)?.run(tvec!(input.into())).map_err(|e| format!("face model: {e}"))?;
    let view = |i: usize| {
        outputs
            .get(i)
            .ok_or_else(|| "face model: missing output".to_string())?
            .to_plain_array_view::<f32>()
            .map_err(|e| e.to_string())
    };
    let (heat, scales, offsets) = (view(0)?, view(1)?, view(2)?);
    let (gh, gw) = (heat.shape()[2], heat.shape()[3]);
    let mut boxes = Vec::new();
    for gy in 0..gh {
        for gx in 0..gw {
            let s = heat[[0, 0, gy, gx]];
            if s < threshold {
                continue;
            }
            let s0 = scales[[0, 0, gy, gx]].exp() * 4.0;
            let s1 = scales[[0, 1, gy, gx]].exp() * 4.0;
            let (o0, o1) = (offsets[[0, 0, gy, gx]], offsets[[0, 1, gy, gx]]);
            let x1 = ((gx as f32 + o1 + 0.5) * 4.0 - s1 / 2.0).max(0.0);
            let y1 = ((gy as f32 + o0 + 0.5) * 4.0 - s0 / 2.0).max(0.0);
            let x2 = (x1 + s1).min(w as f32);
            let y2 = (y1 + s0).min(h as f32);
            if x2 > x1 && y2 > y1 && x1 < w as f32 && y1 < h as f32 {
                boxes.push([x1, y1, x2, y2, s]);
            }
        }
    }
    Ok(nms(boxes, 0.3)
        .into_iter()
        .map(|b| Face {
            rect: [
                f64::from(b[0]) / f64::from(w),
                f64::from(b[1]) / f64::from(h),
                f64::from(b[2] - b[0]) / f64::from(w),
                f64::from(b[3] - b[1]) / f64::from(h),
            ],
            score: b[4],
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::imageops::FilterType;

    fn astronaut() -> DynamicImage {
        image::open(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/faces_astronaut.png"))
            .expect("fixture")
    }

    #[test]
    fn finds_the_astronauts_face_where_it_is() {
        let faces = detect(&astronaut(), 1920, 0.2).expect("detect");
        assert_eq!(faces.len(), 1, "{faces:?}");
        let r = faces[0].rect;
        // Her face is in the upper middle of the picture.
        let (cx, cy) = (r[0] + r[2] / 2.0, r[1] + r[3] / 2.0);
        assert!((0.3..0.6).contains(&cx) && (0.1..0.4).contains(&cy), "{r:?}");
    }

    #[test]
    fn photos_without_people_mostly_have_no_faces() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let count = |n: &str| detect(&image::open(dir.join(n)).expect("fixture"), 1920, 0.2).expect("detect").len();
        let total: usize = [
            "camera_canon_eos7d_serial.webp",
            "camera_canon_s40.webp",
            "no_camera_orientation6.jpg",
            "camera_motorola_moto_g9.jpg",
        ]
        .iter()
        .map(|n| count(n))
        .sum();
        // Tuned for recall: a rock face in the mountain photo scores 0.33.
        // Such a photo waits for a practitioner to confirm "not a face".
        assert!(total <= 1, "{total} false faces on four photos without people");
    }

    /// A scene of `heights.len()` faces (crops of the astronaut's face,
    /// `heights` pixels tall, some mirrored) pasted on a landscape with no
    /// people, 1600x1000; returns it with the true boxes (fractions).
    pub fn group_scene(heights: &[u32], seed: u32) -> (DynamicImage, Vec<[f64; 4]>) {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let bg = image::open(dir.join("camera_canon_eos7d_serial.webp")).expect("background");
        let mut scene = bg.resize_exact(1600, 1000, FilterType::Triangle).to_rgb8();
        let face = astronaut();
        let found = detect(&face, 1920, 0.2).expect("detect");
        let r = found[0].rect;
        let (fx, fy, fw, fh) =
            ((r[0] * 512.0) as u32, (r[1] * 512.0) as u32, (r[2] * 512.0) as u32, (r[3] * 512.0) as u32);
        // a little margin around the face, as a real head has
        let (mx, my) = (fw / 5, fh / 5);
        let crop = face.crop_imm(fx.saturating_sub(mx), fy.saturating_sub(my), fw + 2 * mx, fh + 2 * my).to_rgb8();
        let mut truth = Vec::new();
        let cols = heights.len().div_ceil(2) as u32;
        for (i, &h) in heights.iter().enumerate() {
            let w = h * crop.width() / crop.height();
            let mut c = image::imageops::resize(&crop, w, h, FilterType::Triangle);
            if (i as u32 + seed) % 2 == 1 {
                image::imageops::flip_horizontal_in_place(&mut c);
            }
            let (col, row) = (i as u32 % cols, i as u32 / cols);
            let x = 60 + col * (1500 / cols) + (seed * 37 + i as u32 * 53) % 60;
            let y = 80 + row * 480 + (seed * 29 + i as u32 * 71) % 120;
            image::imageops::overlay(&mut scene, &c, i64::from(x), i64::from(y));
            // the face itself, without the margin
            let (ix, iy) = (x + mx * w / crop.width(), y + my * h / crop.height());
            let (iw, ih) = (fw * w / crop.width(), fh * h / crop.height());
            truth.push([
                f64::from(ix) / 1600.0,
                f64::from(iy) / 1000.0,
                f64::from(iw) / 1600.0,
                f64::from(ih) / 1000.0,
            ]);
        }
        (DynamicImage::ImageRgb8(scene), truth)
    }

    fn overlap(a: [f64; 4], b: [f64; 4]) -> f64 {
        let x = (a[0] + a[2]).min(b[0] + b[2]) - a[0].max(b[0]);
        let y = (a[1] + a[3]).min(b[1] + b[3]) - a[1].max(b[1]);
        let inter = x.max(0.0) * y.max(0.0);
        inter / (a[2] * a[3] + b[2] * b[3] - inter)
    }

    /// The recall figure on a small labelled set: found / present, and
    /// boxes that match no face. The detector's floor: at the detector's
    /// scale, faces of 40 px and more are all found; smaller ones may not be.
    #[test]
    fn recall_on_labelled_group_scenes() {
        let scenes: &[&[u32]] = &[&[160, 120, 90, 70], &[100, 80, 60, 50, 40, 34], &[60, 48, 40, 36, 32, 30, 44, 52]];
        let (mut present, mut found, mut false_pos) = (0, 0, 0);
        let mut missed = Vec::new();
        for (seed, heights) in scenes.iter().enumerate() {
            let (img, truth) = group_scene(heights, seed as u32);
            let faces = detect(&img, 1920, 0.2).expect("detect");
            present += truth.len();
            for (t, h) in truth.iter().zip(heights.iter()) {
                if faces.iter().any(|f| overlap(f.rect, *t) > 0.3) {
                    found += 1;
                } else {
                    missed.push(*h);
                }
            }
            false_pos += faces.iter().filter(|f| !truth.iter().any(|t| overlap(f.rect, *t) > 0.3)).count();
        }
        eprintln!("face recall: {found}/{present} found (missed heights {missed:?} px), {false_pos} false positive(s), threshold 0.2, max side 1920");
        assert!(missed.iter().all(|h| *h < 40), "a face of 40 px or more was missed: {missed:?}");
        assert!(found * 10 >= present * 8, "recall {found}/{present}");
        assert_eq!(false_pos, 0, "false positives in the scenes");
    }

    /// Threshold study (`cargo test --lib threshold_study -- --ignored --nocapture`).
    #[test]
    #[ignore]
    fn threshold_study() {
        let scenes: &[&[u32]] = &[&[160, 120, 90, 70], &[100, 80, 60, 50, 40, 34], &[60, 48, 40, 36, 32, 30, 44, 52]];
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let empties: Vec<DynamicImage> = [
            "camera_canon_eos7d_serial.webp",
            "camera_canon_s40.webp",
            "no_camera_orientation6.jpg",
            "camera_motorola_moto_g9.jpg",
        ]
        .iter()
        .map(|n| image::open(dir.join(n)).expect("fixture"))
        .collect();
        for upscale in [false, true] {
            for t in [0.1f32, 0.15, 0.2, 0.3] {
                let (mut present, mut found, mut fp) = (0, 0, 0);
                for (seed, h) in scenes.iter().enumerate() {
                    let (img, truth) = group_scene(h, seed as u32);
                    let img = if upscale { img.resize(1920, 1920, FilterType::Triangle) } else { img };
                    let faces = detect(&img, 1920, t).expect("detect");
                    present += truth.len();
                    found += truth.iter().filter(|tr| faces.iter().any(|f| overlap(f.rect, **tr) > 0.3)).count();
                    fp += faces.iter().filter(|f| !truth.iter().any(|tr| overlap(f.rect, *tr) > 0.3)).count();
                }
                let empty_fp: usize = empties.iter().map(|e| detect(e, 1920, t).expect("detect").len()).sum();
                eprintln!("upscale={upscale} threshold={t}: {found}/{present}, {fp} fp in scenes, {empty_fp} on 4 photos without people");
            }
        }
    }

    #[test]
    fn nms_keeps_the_best_of_overlapping_boxes() {
        let kept =
            nms(vec![[0.0, 0.0, 10.0, 10.0, 0.5], [1.0, 1.0, 11.0, 11.0, 0.9], [50.0, 50.0, 60.0, 60.0, 0.3]], 0.3);
        assert_eq!(kept.len(), 2);
        assert_eq!(kept[0][4], 0.9);
    }
}
