//! `demo`: a self-contained tour in a temporary folder.

use super::setup::create_setup;
use crate::config::Config;
use crate::model::{Child, ConsentAction, ConsentEvent, Device, GuardianLink};
use crate::policy::{decide, Camera, Facts, Tagging, Verdict};
use crate::register::Register;
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Keep the demo setup in this folder instead of a temporary one
    #[arg(long, value_name = "DIR")]
    keep: Option<PathBuf>,
}

const ACTOR: &str = "demo";

/// Fills a fresh register with the demo setting: three children, their
/// guardians and consents, and two devices.
pub fn seed(reg: &mut Register, today: chrono::NaiveDate) -> anyhow::Result<()> {
    let child = |id: &str, name: &str, alias: &str| Child {
        id: id.into(),
        name: name.into(),
        aliases: vec![alias.into()],
        room: Some("Rainbow".into()),
        started: Some(today - chrono::Days::new(400)),
        left: None,
    };
    reg.add_children(
        &[
            child("C001", "Amelia Rose", "Millie"),
            child("C002", "Ben Ade", "Benji"),
            child("C003", "Chloe Diaz", "Clo"),
        ],
        ACTOR,
    )?;
    let link = |g: &str, c: &str, name: &str, rel: &str, pr: bool| GuardianLink {
        guardian_id: g.into(),
        child_id: c.into(),
        name: name.into(),
        relationship: rel.into(),
        parental_responsibility: pr,
    };
    for l in [
        link("G001", "C001", "Parent of C001", "mother", true),
        link("G002", "C002", "Parent of C002", "father", true),
        link("G003", "C003", "Parent of C003", "mother", true),
        link("G004", "C003", "Grandparent of C003", "grandparent", false),
    ] {
        reg.add_guardian(&l, ACTOR)?;
    }
    let signed = today - chrono::Days::new(60);
    let ev = |c: &str, p: &str, action: ConsentAction, by: &str| ConsentEvent {
        seq: 0,
        child_id: c.into(),
        purpose: p.into(),
        action,
        by: by.into(),
        date: signed,
        review_by: None,
        evidence: Some("admission form".into()),
    };
    use ConsentAction::{Grant, Refuse};
    reg.add_consent_events(
        &[
            ev("C001", "learning_journey", Grant, "G001"),
            ev("C001", "group_in_others_journey", Grant, "G001"),
            ev("C001", "display", Grant, "G001"),
            ev("C002", "learning_journey", Grant, "G002"),
            ev("C002", "group_in_others_journey", Refuse, "G002"),
            // C003's consent was signed by a grandparent: it does not count.
            ev("C003", "learning_journey", Grant, "G004"),
        ],
        ACTOR,
    )?;
    reg.add_device(
        &Device {
            id: "cam1".into(),
            label: "Rainbow room camera".into(),
            make: "Canon".into(),
            model: "Canon EOS 7D".into(),
            serial: Some("1070700342".into()),
            folder: Some("cam1".into()),
        },
        ACTOR,
    )?;
    reg.add_device(
        &Device {
            id: "phone1".into(),
            label: "Setting phone".into(),
            make: "motorola".into(),
            model: "moto g(9) plus".into(),
            serial: None,
            folder: Some("phone1".into()),
        },
        ACTOR,
    )?;
    Ok(())
}

pub fn run(args: &DemoArgs) -> anyhow::Result<()> {
    let temp = tempfile::tempdir()?;
    let dir = args.keep.clone().unwrap_or_else(|| temp.path().join("setting"));
    let config_path = create_setup(&dir, None, ACTOR)?;
    let config = Config::load(&config_path)?;
    let today = super::today()?;
    let mut reg = Register::open(&config.database_path())?;
    seed(&mut reg, today)?;
    let snapshot = reg.snapshot()?;
    let rules = config.rules();

    println!("consentgate demo — a setting in {}\n", dir.display());
    println!("Register: C001 (all consents), C002 (refused group photos in others' journeys),");
    println!("          C003 (consent signed by a grandparent: no parental responsibility)");
    println!("Devices:  cam1 (Canon EOS 7D, serial 1070700342), phone1 (motorola moto g(9) plus)\n");

    let canon = Camera { make: "Canon".into(), model: "Canon EOS 7D".into(), serial: Some("1070700342".into()) };
    let situation = |tags: Option<&[&str]>, camera: Option<Camera>, purposes: &[&str]| {
        let mut f = Facts::new(today);
        f.camera = camera;
        f.captured_on = Some(today);
        f.tagging = match tags {
            None => Tagging::Untagged,
            Some([]) => Tagging::Nobody,
            Some(t) => Tagging::Children(t.iter().map(|s| s.to_string()).collect()),
        };
        f.purposes = purposes.iter().map(|s| s.to_string()).collect();
        f
    };
    let phone = Camera { make: "Google".into(), model: "Pixel 8".into(), serial: None };
    let cases: Vec<(&str, Facts)> = vec![
        ("Millie alone, setting camera", situation(Some(&["Millie"]), Some(canon.clone()), &["learning_journey"])),
        (
            "Millie and Benji, learning journey",
            situation(Some(&["C001", "Benji"]), Some(canon.clone()), &["learning_journey"]),
        ),
        ("Chloe alone", situation(Some(&["Chloe Diaz"]), Some(canon.clone()), &["learning_journey"])),
        ("Millie, for social media", situation(Some(&["C001"]), Some(canon.clone()), &["social_media"])),
        ("Millie, from a personal phone", situation(Some(&["C001"]), Some(phone), &["learning_journey"])),
        ("Artwork, nobody in it", situation(Some(&[]), Some(canon.clone()), &["display"])),
        ("Not tagged yet", situation(None, Some(canon), &["learning_journey"])),
        ("A screenshot", situation(Some(&["C001"]), None, &["learning_journey"])),
    ];
    let mut rows = Vec::new();
    for (what, facts) in &cases {
        let d = decide(facts, &snapshot, &rules, today);
        let verdict = match d.verdict {
            Verdict::Store => "stored",
            Verdict::AwaitTags => "awaiting tags",
            Verdict::Quarantine => "QUARANTINED",
        };
        let why: Vec<String> = d.reasons.iter().map(|r| r.to_string()).collect();
        rows.push(vec![what.to_string(), verdict.into(), if why.is_empty() { "-".into() } else { why.join("; ") }]);
    }
    super::table::print(&["SITUATION", "OUTCOME", "WHY"], &rows);
    if args.keep.is_some() {
        println!("\nThe demo setup is kept in {}.", dir.display());
    }
    Ok(())
}
