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
    /// Size of the large (video) file streamed through, in MiB
    #[arg(long, default_value_t = 1024)]
    big_mib: u64,
}

const PHOTO: &[u8] = include_bytes!("../../fixtures/camera_motorola_moto_g9.jpg");

/// Peak resident memory of this process so far, in KiB (Linux).
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status.lines().find(|l| l.starts_with("VmHWM:"))?.split_whitespace().nth(1)?.parse().ok()
}

pub fn run(args: &BenchArgs) -> anyhow::Result<()> {
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
    let big = inbox.join("big.mp4");
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&big)?);
        f.write_all(b"\0\0\0\x18ftypisom\0\0\0\0isommp41")?;
        let chunk = vec![0x5Au8; 1 << 20];
        for _ in 0..args.big_mib {
            f.write_all(&chunk)?;
        }
    }
    let (ingestor, _) = Ingestor::open(config.clone(), today)?;
    let t = Instant::now();
    let entries = ingestor.run_once(Duration::from_secs(1));
    let big_secs = t.elapsed().as_secs_f64();
    let after = peak_rss_kib().unwrap_or(0);
    anyhow::ensure!(entries.iter().any(|e| e.outcome != "failed"), "the large file failed: {entries:?}");
    println!(
        "large file: {} MiB streamed in {big_secs:.2} s = {:.0} MiB/s; peak RSS {} MiB before, {} MiB after",
        args.big_mib,
        args.big_mib as f64 / big_secs,
        before / 1024,
        after / 1024
    );

    // Distinct copies of a real 16 MP phone photo (bytes after the JPEG's
    // end marker differ, so none is a duplicate).
    for i in 0..args.photos {
        let mut bytes = PHOTO.to_vec();
        bytes.extend_from_slice(format!("bench {i}").as_bytes());
        std::fs::write(inbox.join(format!("IMG_{i:04}.jpg")), bytes)?;
    }
    let t = Instant::now();
    let entries = ingestor.run_once(Duration::from_secs(1));
    let secs = t.elapsed().as_secs_f64();
    let done = entries.iter().filter(|e| e.outcome == "quarantined" || e.outcome == "awaiting_tags").count();
    anyhow::ensure!(done == args.photos, "only {done} of {} photos were ingested", args.photos);
    let mb = (PHOTO.len() * args.photos) as f64 / 1e6;
    println!(
        "photos (face check off): {} x {:.1} MB 16 MP JPEG in {secs:.2} s = {:.1} photos/s, {:.1} MB/s ({} workers)",
        args.photos,
        PHOTO.len() as f64 / 1e6,
        args.photos as f64 / secs,
        mb / secs,
        config.workers()
    );
    // The face check alone, per photo, on the same 16 MP photo (decoded
    // once at the DCT scale nearest 1920 px, as ingestion does).
    let mut faces_on = config.faces.clone();
    faces_on.enabled = true;
    let limits = crate::media::Limits::from(&config.limits).for_faces(&faces_on);
    let analysis = crate::media::analyse(PHOTO, &limits);
    let upright = analysis.upright.ok_or_else(|| anyhow::anyhow!("the bench photo did not decode"))?;
    let _ =
        crate::faces::detect(&upright, config.faces.max_side, config.faces.threshold).map_err(anyhow::Error::msg)?; // builds the plan
    let runs = 5;
    let t = Instant::now();
    for _ in 0..runs {
        let _ = crate::faces::detect(&upright, config.faces.max_side, config.faces.threshold)
            .map_err(anyhow::Error::msg)?;
    }
    println!(
        "face check: {:.0} ms per 16 MP photo at a long side of {} (after the decode)",
        t.elapsed().as_secs_f64() * 1000.0 / f64::from(runs),
        config.faces.max_side
    );
    Ok(())
}
