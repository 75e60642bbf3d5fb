//! `bench`: ingest throughput on real JPEGs and peak memory for a large
//! file, in a temporary setup. Also run by `cargo bench`.

use super::setup::create_setup;
use crate::config::Config;
use crate::ingest::Ingestor;
use clap::Args;
use std::io::Write;
use std::time::{Duration, Instant};

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// How many 16 MP phone JPEGs to ingest
    #[arg(long, default_value_t = 40)]
    photos: usize,
    /// Size of the large (video) file streamed through, in MiB (1-4095)
    #[arg(long, default_value_t = 1024, value_parser = clap::value_parser!(u64).range(1..=4095))]
    big_mib: u64,
    /// How many 12 MP photos to ingest with the face check on
    #[arg(long, default_value_t = 6)]
    faces_photos: usize,
    /// Time the face check on every photo in DIR (decode + detect, one by
    /// one); an empty or missing DIR first gets the bench's 12 MP photos
    #[arg(long, value_name = "DIR")]
    faces_dir: Option<std::path::PathBuf>,
    /// Only the face check timings (with --faces-dir), no ingest runs
    #[arg(long, requires = "faces_dir")]
    faces_only: bool,
    /// With --faces-dir: one JSON object a line per photo (file, ms, the
    /// boxes found), for comparison scripts
    #[arg(long, requires = "faces_dir")]
    json: bool,
}

const PHOTO: &[u8] = include_bytes!("../../fixtures/camera_motorola_moto_g9.jpg");
const FACES: &[u8] = include_bytes!("../../fixtures/faces_astronaut.png");
/// A real QuickTime header (the project's generated iPad clip: make, model,
/// time, place), so the large file is a video consentgate takes in.
const CLIP: &[u8] = include_bytes!("../../fixtures/generated_ipad_gps.mov");

/// Peak resident memory of this process so far, in KiB (Linux).
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status.lines().find(|l| l.starts_with("VmHWM:"))?.split_whitespace().nth(1)?.parse().ok()
}

pub fn run(args: &BenchArgs) -> crate::error::Result<()> {
    if let Some(dir) = &args.faces_dir {
        time_faces_dir(dir, args.json)?;
        if args.faces_only {
            return Ok(());
        }
    }
    let temp = tempfile::tempdir()?;
    let dir = temp.path().join("setting");
    let config_path = create_setup(&dir, None, "bench")?;
    let mut config = Config::load(&config_path)?;
    config.ingest.settle_ms = 0;
    // Ingest throughput without the face check; the check is timed apart.
    config.faces.enabled = false;
    let today = super::today()?;
    let inbox = config.paths.inbox.clone();

    // A large file first, so the peak memory it reaches is its own.
    let before = peak_rss_kib().unwrap_or(0);
    let big = inbox.join("big.mov");
    {
        // The clip's header, then a `free` box filling the file to the size
        // asked for, with bytes that differ everywhere (compressed video is
        // as good as random to a hash or a cipher).
        let mut f = std::io::BufWriter::new(std::fs::File::create(&big)?);
        f.write_all(CLIP)?;
        let pad = (args.big_mib << 20).saturating_sub(CLIP.len() as u64).max(8);
        f.write_all(&u32::try_from(pad)?.to_be_bytes())?;
        f.write_all(b"free")?;
        let mut x = 0x9E37_79B9_7F4A_7C15u64;
        let mut chunk = vec![0u8; 1 << 20];
        let mut left = pad - 8;
        while left > 0 {
            for b in chunk.chunks_exact_mut(8) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                b.copy_from_slice(&x.to_le_bytes());
            }
            let n = left.min(chunk.len() as u64);
            f.write_all(&chunk[..n as usize])?;
            left -= n;
        }
    }
    let (ingestor, _) = Ingestor::open(config.clone(), today)?;
    let t = Instant::now();
    let entries = ingestor.run_once(Duration::from_secs(1), &crate::progress::Quiet);
    let big_secs = t.elapsed().as_secs_f64();
    let after = peak_rss_kib().unwrap_or(0);
    use crate::ingest::Outcome::{AwaitingTags, Quarantined, Stored};
    let taken = entries.iter().find(|e| matches!(e.outcome, Stored | AwaitingTags | Quarantined));
    let Some(taken) = taken.filter(|_| !big.exists()) else {
        crate::error::bail!("the large file was not taken in: {entries:?}")
    };
    println!(
        "large file: {} MiB streamed in {big_secs:.2} s = {:.0} MiB/s ({}); peak RSS {} MiB before, {} MiB after",
        args.big_mib,
        args.big_mib as f64 / big_secs,
        taken.outcome,
        before / 1024,
        after / 1024
    );

    // Distinct copies of a real 16 MP phone photo (bytes after the JPEG's
    // end marker differ, so none is a duplicate).
    let secs = ingest_copies(&ingestor, &inbox, PHOTO, args.photos, "IMG")?;
    let mb = (PHOTO.len() * args.photos) as f64 / 1e6;
    println!(
        "photos (face check off): {} x {:.1} MB 16 MP JPEG in {secs:.2} s = {:.1} photos/s, {:.1} MB/s ({} workers)",
        args.photos,
        PHOTO.len() as f64 / 1e6,
        args.photos as f64 / secs,
        mb / secs,
        config.workers()
    );
    // The face check, per 12 MP photo, alone and within ingestion.
    let photos = twelve_mp_photos()?;
    let mut faces_on = config.faces.clone();
    faces_on.enabled = true;
    let limits = crate::media::Limits::from(&config.limits).for_faces(&faces_on);
    // Loads the model and builds the plan for this size, untimed.
    time_face_check(&photos[0].1, &limits, &faces_on)?;
    for (name, bytes) in &photos {
        let t = time_face_check(bytes, &limits, &faces_on)?;
        println!(
            "face check, {name}: {:.0} ms per 12 MP photo (decode {:.0} ms + detect {:.0} ms, faces from {} px), {} face(s)",
            t.decode_ms + t.detect_ms,
            t.decode_ms,
            t.detect_ms,
            faces_on.min_face,
            t.faces.len()
        );
    }
    let mut config_on = config.clone();
    config_on.faces = faces_on;
    drop(ingestor); // one ingestor per setup at a time
    let (ingestor, _) = Ingestor::open(config_on, today)?;
    let secs = ingest_copies(&ingestor, &inbox, &photos[0].1, args.faces_photos, "FACES")?;
    println!(
        "photos (face check on): {} x 12 MP JPEG in {secs:.2} s = {:.2} photos/s ({} workers)",
        args.faces_photos,
        args.faces_photos as f64 / secs,
        config.workers()
    );
    Ok(())
}

/// Drops `n` distinct copies of `photo` (bytes after the image's end
/// differ, so none is a duplicate) into the inbox, ingests them in one run
/// and returns the seconds it took; every copy must have been taken in.
fn ingest_copies(
    ingestor: &Ingestor,
    inbox: &std::path::Path,
    photo: &[u8],
    n: usize,
    prefix: &str,
) -> crate::error::Result<f64> {
    for i in 0..n {
        let mut bytes = photo.to_vec();
        bytes.extend_from_slice(format!("{prefix} bench {i}").as_bytes());
        std::fs::write(inbox.join(format!("{prefix}_{i:04}.jpg")), bytes)?;
    }
    let t = Instant::now();
    let entries = ingestor.run_once(Duration::from_secs(1), &crate::progress::Quiet);
    let secs = t.elapsed().as_secs_f64();
    let done = entries
        .iter()
        .filter(|e| {
            e.outcome == crate::ingest::Outcome::Quarantined || e.outcome == crate::ingest::Outcome::AwaitingTags
        })
        .count();
    crate::error::ensure!(done == n, "only {done} of {n} photos were ingested");
    Ok(secs)
}

/// What one face check cost.
struct FaceTiming {
    decode_ms: f64,
    detect_ms: f64,
    faces: Vec<crate::faces::Face>,
}

/// Decodes one photo as ingestion does (upright, at the DCT scale nearest
/// the detector's size) and runs the detector, timing each step.
fn time_face_check(
    bytes: &[u8],
    limits: &crate::media::Limits,
    faces: &crate::config::Faces,
) -> crate::error::Result<FaceTiming> {
    let t = Instant::now();
    let analysis = crate::media::analyse(bytes, limits);
    let decode_ms = t.elapsed().as_secs_f64() * 1000.0;
    let side = analysis.width.zip(analysis.height).map(|(w, h)| w.max(h));
    let upright = analysis.upright.ok_or_else(|| crate::error::err!("the photo did not decode"))?;
    let side = side.unwrap_or(upright.width().max(upright.height()));
    let t = Instant::now();
    let found = crate::faces::detect_in(&upright, side, &crate::faces::Settings::from(faces))
        .map_err(crate::error::Error::msg)?;
    Ok(FaceTiming { decode_ms, detect_ms: t.elapsed().as_secs_f64() * 1000.0, faces: found })
}

/// Two 12 MP (4000x3000) JPEGs made from the bundled photos: the phone
/// photo of a cat (no human face) and the same scene with two faces.
fn twelve_mp_photos() -> crate::error::Result<Vec<(String, Vec<u8>)>> {
    use image::imageops::FilterType;
    let scene = image::load_from_memory(PHOTO)?.resize_exact(4000, 3000, FilterType::Triangle).to_rgb8();
    let face = image::load_from_memory(FACES)?.to_rgb8();
    let mut with_faces = scene.clone();
    image::imageops::overlay(&mut with_faces, &face, 600, 900);
    image::imageops::overlay(&mut with_faces, &image::imageops::flip_horizontal(&face), 2600, 1100);
    let encode = |img: &image::RgbImage| -> crate::error::Result<Vec<u8>> {
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90).encode_image(img)?;
        Ok(out)
    };
    Ok(vec![("no faces".into(), encode(&scene)?), ("two faces".into(), encode(&with_faces)?)])
}

/// `--faces-dir`: the face check on every photo in `dir`, one at a time,
/// with the default settings and any `CONSENTGATE__FACES__*` override (to
/// try a threshold or a size), on the same images a comparison tool gets.
fn time_faces_dir(dir: &std::path::Path, json: bool) -> crate::error::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut files: Vec<std::path::PathBuf> =
        std::fs::read_dir(dir)?.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_file()).collect();
    if files.is_empty() {
        for (i, (_, bytes)) in twelve_mp_photos()?.into_iter().enumerate() {
            let path = dir.join(format!("bench-12mp-{}.jpg", i + 1));
            std::fs::write(&path, bytes)?;
        }
        return time_faces_dir(dir, json);
    }
    files.sort();
    let env: Vec<(String, String)> =
        std::env::vars().filter(|(k, _)| k.starts_with(crate::config::ENV_PREFIX)).collect();
    let config = Config::parse("", std::path::Path::new("(the defaults, with CONSENTGATE__ overrides)"), &env)?;
    let mut faces = config.faces.clone();
    faces.enabled = true;
    let limits = crate::media::Limits::from(&config.limits).for_faces(&faces);
    // Loads the model and builds the plan for the first photo's size, untimed.
    if let Some(first) = files.first() {
        let _ = time_face_check(&std::fs::read(first)?, &limits, &faces);
    }
    let (mut total, mut n) = (0.0, 0usize);
    for path in &files {
        let bytes = std::fs::read(path)?;
        match time_face_check(&bytes, &limits, &faces) {
            Ok(t) if json => {
                let line = serde_json::json!({
                    "file": path,
                    "ms": t.decode_ms + t.detect_ms,
                    "decode_ms": t.decode_ms,
                    "detect_ms": t.detect_ms,
                    "faces": t.faces,
                });
                println!("{line}");
                total += t.decode_ms + t.detect_ms;
                n += 1;
            }
            Ok(t) => {
                println!(
                    "{}: decode {:.0} ms + detect {:.0} ms, {} face(s)",
                    path.display(),
                    t.decode_ms,
                    t.detect_ms,
                    t.faces.len()
                );
                total += t.decode_ms + t.detect_ms;
                n += 1;
            }
            Err(e) => println!("{}: skipped ({e})", path.display()),
        }
    }
    crate::error::ensure!(n > 0, "no photo in {} decoded", dir.display());
    if json {
        return Ok(());
    }
    println!(
        "consentgate face check: {:.0} ms per photo (decode + detect, faces from {} px, threshold {}, every core), {n} photos",
        total / n as f64,
        faces.min_face,
        faces.threshold
    );
    Ok(())
}
