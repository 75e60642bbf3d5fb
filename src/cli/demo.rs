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
    /// After the tour, open the web UI on the demo setting (a manager login
    /// is made for it and printed once); Ctrl-C stops it
    #[arg(long)]
    pub serve: bool,
    /// Where the web UI listens with --serve
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    bind: String,
}

const ACTOR: &str = "demo";

/// Fills a fresh register with the demo setting: three children, their
/// guardians and consents, and two devices.
/// One of the demo's own child ids (all well formed).
fn demo_id(id: &str) -> crate::error::Result<crate::model::ChildId> {
    Ok(crate::model::ChildId::parse(id)?)
}

pub fn seed(reg: &mut Register, today: chrono::NaiveDate) -> crate::error::Result<()> {
    let child = |id: &str, name: &str, alias: &str| -> crate::error::Result<Child> {
        Ok(Child {
            id: demo_id(id)?,
            name: name.into(),
            aliases: vec![alias.into()],
            room: Some("Rainbow".into()),
            started: Some(today - chrono::Days::new(400)),
            left: None,
        })
    };
    reg.add_children(
        &[
            child("C001", "Amelia Rose", "Millie")?,
            child("C002", "Ben Ade", "Benji")?,
            child("C003", "Chloe Diaz", "Clo")?,
        ],
        ACTOR,
    )?;
    let link = |g: &str, c: &str, name: &str, rel: &str, pr: bool| -> crate::error::Result<GuardianLink> {
        Ok(GuardianLink {
            guardian_id: g.into(),
            child_id: demo_id(c)?,
            name: name.into(),
            relationship: rel.into(),
            parental_responsibility: pr,
        })
    };
    for l in [
        link("G001", "C001", "Parent of C001", "mother", true)?,
        link("G002", "C002", "Parent of C002", "father", true)?,
        link("G003", "C003", "Parent of C003", "mother", true)?,
        link("G004", "C003", "Grandparent of C003", "grandparent", false)?,
    ] {
        reg.add_guardian(&l, ACTOR)?;
    }
    let signed = today - chrono::Days::new(60);
    let ev = |c: &str, p: &str, action: ConsentAction, by: &str| -> crate::error::Result<ConsentEvent> {
        Ok(ConsentEvent {
            seq: 0,
            child_id: demo_id(c)?,
            purpose: p.into(),
            action,
            by: by.into(),
            date: signed,
            review_by: None,
            evidence: Some("admission form".into()),
        })
    };
    use ConsentAction::Grant;
    reg.add_consent_events(
        &[
            ev("C001", "learning_journey", Grant, "G001")?,
            ev("C001", "group_in_others_journey", Grant, "G001")?,
            ev("C001", "display", Grant, "G001")?,
            ev("C002", "learning_journey", Grant, "G002")?,
            ev("C002", "group_in_others_journey", Grant, "G002")?,
            // C003's consent was signed by a grandparent: it does not count.
            ev("C003", "learning_journey", Grant, "G004")?,
        ],
        ACTOR,
    )?;
    reg.add_device(
        &Device {
            id: crate::model::DeviceId::parse("cam1")?,
            label: "Rainbow room camera".into(),
            make: "Canon".into(),
            model: "Canon EOS 7D".into(),
            serial: Some("1070700342".into()),
            folder: Some("cam1".into()),
            retired_on: None,
        },
        ACTOR,
    )?;
    reg.add_device(
        &Device {
            id: crate::model::DeviceId::parse("ipad1")?,
            label: "Rainbow room iPad".into(),
            make: "Apple".into(),
            model: "iPad (9th generation)".into(),
            serial: None,
            folder: Some("ipad1".into()),
            retired_on: None,
        },
        ACTOR,
    )?;
    reg.add_device(
        &Device {
            id: crate::model::DeviceId::parse("phone1")?,
            label: "Setting phone".into(),
            make: "motorola".into(),
            model: "moto g(9) plus".into(),
            serial: None,
            folder: Some("phone1".into()),
            retired_on: None,
        },
        ACTOR,
    )?;
    Ok(())
}

/// The bundled photos the demo drops into the inbox.
const MOTOROLA: &[u8] = include_bytes!("../../fixtures/camera_motorola_moto_g9.jpg");
const CANON_7D: &[u8] = include_bytes!("../../fixtures/camera_canon_eos7d_serial.webp");
const CANON_S40: &[u8] = include_bytes!("../../fixtures/camera_canon_s40.webp");
const NO_CAMERA: &[u8] = include_bytes!("../../fixtures/no_camera_orientation6.jpg");
const TRUNCATED: &[u8] = include_bytes!("../../fixtures/fail_truncated.png");
const FACE: &[u8] = include_bytes!("../../fixtures/generated_ipad_face.jpg");
const FACE_HEIC: &[u8] = include_bytes!("../../fixtures/generated_ipad_face_rotated.heic");
const TWO_FACES: &[u8] = include_bytes!("../../fixtures/generated_ipad_two_faces.jpg");

fn write(path: &std::path::Path, bytes: &[u8]) -> crate::error::Result<()> {
    std::fs::write(path, bytes).map_err(|e| crate::error::err!("{}: {e}", path.display()))
}

pub fn run(args: &DemoArgs) -> crate::error::Result<()> {
    let temp = tempfile::tempdir()?;
    let dir = args.keep.clone().unwrap_or_else(|| temp.path().join("setting"));
    let config_path = create_setup(&dir, None, ACTOR)?;
    let mut config = Config::load(&config_path)?;
    config.ingest.settle_ms = 0;
    // The bundled photos are real ones taken 2003-2025; with the default
    // three-year limit the older ones would be held as older_than_retention.
    config.retention.max_age_days = 36_500;
    let today = super::today()?;
    {
        let mut reg = Register::open(&config.database_path())?;
        seed(&mut reg, today)?;
    }
    let inbox = config.paths.inbox.clone();
    for sub in ["phone1", "cam1", "ipad1"] {
        std::fs::create_dir_all(inbox.join(sub))?;
    }

    println!("consentgate demo — a setting in {}\n", dir.display());
    println!("Register: C001 Millie and C002 Benji (learning journey, group photos),");
    println!("          C003 Chloe (consent signed by a grandparent: no parental responsibility)");
    println!(
        "Devices:  phone1 = motorola moto g(9) plus (inbox/phone1), cam1 = Canon EOS 7D #1070700342 (inbox/cam1),"
    );
    println!("          ipad1 = Apple iPad (9th generation) (inbox/ipad1)\n");

    // What the setting's devices import, with the tags practitioners gave.
    write(&inbox.join("phone1/IMG_0001.jpg"), MOTOROLA)?;
    write(&inbox.join("phone1/IMG_0001.jpg.tags.json"), br#"{"children": ["Millie"], "tagged_by": "jess"}"#)?;
    // A group photo from the iPad: the tagging app marked each child's
    // face, so each face the check finds has its child.
    write(&inbox.join("ipad1/IMG_0102.JPG"), TWO_FACES)?;
    write(
        &inbox.join("ipad1/IMG_0102.JPG.tags.json"),
        br#"{"children": ["Millie", "Benji"], "tagged_by": "jess",
            "regions": {"Millie": [0.12, 0.05, 0.2, 0.4], "Benji": [0.68, 0.05, 0.2, 0.4]}}"#,
    )?;
    write(&inbox.join("phone1/IMG_0003.jpg"), MOTOROLA)?; // an accidental second import
    write(&inbox.join("cam1/denali.webp"), CANON_7D)?; // nobody has tagged it yet
    write(&inbox.join("phone1/flower.webp"), CANON_S40)?; // another camera's photo in phone1's folder
    write(&inbox.join("downloaded.jpg"), NO_CAMERA)?; // no camera information at all
    write(&inbox.join("broken.png"), TRUNCATED)?;
    // Cut short long ago (past the damaged-file grace time): judged now.
    std::fs::File::options()
        .write(true)
        .open(inbox.join("broken.png"))?
        .set_modified(crate::clock::system_now() - std::time::Duration::from_secs(3600))?;
    // Tagged "no children", but there is a face in it (an adult's, here).
    write(&inbox.join("ipad1/IMG_0100.JPG"), FACE)?;
    write(&inbox.join("ipad1/IMG_0100.JPG.tags.json"), br#"{"nobody": true, "tagged_by": "jess"}"#)?;
    // An iPad's own format, HEIC, stored on its side: decoded upright by the
    // system's libheif, face-checked, and stored (one face, Millie's).
    write(&inbox.join("ipad1/IMG_0101.HEIC"), FACE_HEIC)?;
    write(
        &inbox.join("ipad1/IMG_0101.HEIC.tags.json"),
        br#"{"children": ["Millie"], "tagged_by": "jess", "regions": {"Millie": [0.3, 0.05, 0.3, 0.4]}}"#,
    )?;
    if let Err(why) = crate::media::heif_available() {
        println!("note: {why}; the HEIC photo will be held as decoder_unavailable\n");
    }

    let (ingestor, _) = crate::ingest::Ingestor::open(config.clone(), today)?;
    let entries = ingestor.run_once(std::time::Duration::from_secs(5), &crate::progress::Quiet);
    drop(ingestor);
    println!("1. The inbox is processed (`consentgate ingest --once`):\n");
    super::photos::print_entries(&entries);

    let mut reg = Register::open(&config.database_path())?;
    // The mountain photo: a practitioner tags it "no children".
    let waiting = reg.photos(Some(crate::model::PhotoState::AwaitingTags))?;
    if let Some(photo) = waiting.iter().find(|p| p.source_name == "denali.webp") {
        let mut w = crate::workflow::Ctx::new(&mut reg, &config, today, "jess");
        let nobody = crate::workflow::tag::TagRequest { nobody: true, ..Default::default() };
        let (state, _) = crate::workflow::tag::tag(&mut w, photo, &nobody)?;
        println!(
            "\n2. A practitioner tags the mountain photo as showing no children (`consentgate tag {} --nobody`): {state}",
            &photo.id[..12]
        );
    }
    // The photo tagged "no children" has a face in it: it waits until a
    // person says whose the face is. It is a visiting adult's.
    if let Some(photo) = waiting.iter().find(|p| p.source_name == "IMG_0100.JPG") {
        let mut w = crate::workflow::Ctx::new(&mut reg, &config, today, "jess");
        let visitor = crate::workflow::tag::TagRequest {
            nobody: true,
            not_faces: vec![1],
            note: Some("a visiting adult".into()),
            ..Default::default()
        };
        let (state, _) = crate::workflow::tag::tag(&mut w, photo, &visitor)?;
        println!(
            "   IMG_0100 was tagged \"no children\", but a face is in it: it waited until she said whose \
             (`consentgate tag {} --nobody --not-a-face 1 --note \"a visiting adult\"`): {state}",
            &photo.id[..12]
        );
    }

    // A parent changes their mind: the stored group photo leaves the vault.
    reg.add_consent_events(
        &[ConsentEvent {
            seq: 0,
            child_id: demo_id("C002")?,
            purpose: "group_in_others_journey".into(),
            action: ConsentAction::Withdraw,
            by: "G002".into(),
            date: today,
            review_by: None,
            evidence: Some("email from parent".into()),
        }],
        ACTOR,
    )?;
    let moved = {
        let mut w = crate::workflow::Ctx::new(&mut reg, &config, today, ACTOR);
        crate::workflow::recheck_owed(&mut w, "consent withdraw C002 group_in_others_journey")?
    };
    println!("\n3. Benji's parent withdraws consent for group photos (`consentgate consent withdraw C002 group_in_others_journey ...`):");
    for m in &moved {
        let why: Vec<String> = m.reasons.iter().map(ToString::to_string).collect();
        println!("   photo {} moved from {} to {}: {}", &m.photo[..12], m.from, m.to, why.join("; "));
    }
    // The manager redacts Benji's face from it; the copy is checked on its
    // own pixels (Benji's face must be gone), and goes back to the vault.
    if let Some(m) = moved.first() {
        if let Some(photo) = reg.photo(&m.photo)? {
            let identity = crate::keys::load_identity(&config.paths.identity)?;
            let mut w = crate::workflow::Ctx::new(&mut reg, &config, today, "manager");
            let (new_id, state) = crate::workflow::redact::redact(&mut w, &photo, "Benji blurred out", &identity)??;
            println!(
                "\n4. The manager blurs Benji's face (`consentgate quarantine redact {} --note ...`); the blurred copy is\n   checked on its own pixels (Benji's face is found no more): the new photo {} is {state}; the original is deleted",
                &photo.id[..12],
                &new_id[..12]
            );
        }
    }
    let stored = reg.photos(Some(crate::model::PhotoState::Stored))?.len();
    let quarantined = reg.photos(Some(crate::model::PhotoState::Quarantined))?.len();
    println!("\n   vault: {stored} photo(s); quarantine: {quarantined} for the manager; inbox: empty of photos.");
    println!(
        "   Every file in data/ and quarantine/ is age-encrypted; `consentgate audit verify`: {}",
        if reg.audit_verify()?.broken.is_none() { "chain intact" } else { "BROKEN" }
    );

    println!("\n5. What the policy says about other situations (`consentgate consent check`):\n");
    let snapshot = reg.snapshot()?;
    let rules = config.rules();
    let canon = Camera { make: "Canon".into(), model: "Canon EOS 7D".into(), serial: Some("1070700342".into()) };
    let situation = |tags: &[&str], camera: Option<Camera>, purposes: &[&str]| -> crate::error::Result<Facts> {
        let mut f = Facts::new(today);
        f.camera = camera;
        f.captured_on = Some(today);
        f.tagging = if tags.is_empty() {
            Tagging::Nobody
        } else {
            Tagging::Children(tags.iter().map(|s| demo_id(s)).collect::<crate::error::Result<_>>()?)
        };
        f.purposes = purposes.iter().map(|s| s.to_string()).collect();
        Ok(f)
    };
    let phone = Camera { make: "Google".into(), model: "Pixel 8".into(), serial: None };
    let cases: Vec<(&str, Facts)> = vec![
        ("Chloe alone", situation(&["C003"], Some(canon.clone()), &["learning_journey"])?),
        ("Millie, for social media", situation(&["C001"], Some(canon.clone()), &["social_media"])?),
        ("Millie, from a personal phone", situation(&["C001"], Some(phone), &["learning_journey"])?),
        ("Millie, on a display", situation(&["C001"], Some(canon.clone()), &["display"])?),
        ("Millie, on the website", situation(&["C001"], Some(canon), &["website"])?),
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
        println!("\nThe demo setup is kept in {} (CONSENTGATE_CONFIG={}).", dir.display(), config_path.display());
    } else {
        println!("\nThe demo setup was temporary: it is removed when the demo ends (`--keep DIR` keeps it).");
    }
    if !args.serve {
        println!("\nTo see this setting in the web UI: cargo run --release -- demo --serve");
        return Ok(());
    }
    let password = {
        use argon2::password_hash::rand_core::{OsRng, RngCore};
        let mut bytes = [0u8; 9];
        OsRng.fill_bytes(&mut bytes);
        hex::encode(bytes)
    };
    reg.add_user("manager", "manager", Some(&crate::accounts::hash_password(&password)?), ACTOR)?;
    drop(reg);
    println!("\nThe web UI on the demo setting: log in as `manager` with password {password} (shown only now).");
    let ctx = super::Ctx { config_path, config, actor: ACTOR.into(), today };
    super::photos::serve(
        &ctx,
        &super::photos::ServeArgs { bind: Some(args.bind.clone()), no_web: false, locked: false },
    )
}
