//! The gate as a state machine (the way FoundationDB and SQLite test
//! themselves): random sequences of what happens in a setting, with
//! crashes in the middle of steps and between them, and after every step an
//! oracle, written here apart from the policy, that looks at the files
//! themselves.
//!
//! What happens: photos arrive (0-3 faces, each a child or an adult, with a
//! sidecar, XMP names and face regions, a caption, each of them right or
//! wrong), practitioners tag them (whose each face is, faces that are not a
//! child's, regions drawn around a face or around nothing, contradictions),
//! aliases move between children, consent is granted, refused, withdrawn
//! and lapses as days pass, devices are removed and added back, managers
//! release, send back, redact and delete, children are erased, photos are
//! exported for a learning journey or a purpose and given to a parent, and
//! a manager downloads each of those three from the web pages and cuts a
//! child's picture there (the real router, in this process: the zip it
//! streams is unpacked and checked, the picture it serves looked at).
//!
//! What the oracle checks after every step, by its own reckoning (its own
//! consent history, its own record of who said whose each face is, its own
//! detector run on the decrypted files):
//! - every face on the pixels of a stored photo, and of every file written
//!   out, is a tagged child's with current consent for every purpose (the
//!   group rule too) or was said by a person not to be a child's; every
//!   child the photo is tagged with, or its own files name, has consent;
//! - a parent's copy shows only their child's face and names nobody else;
//! - a child's picture, as the web serves it, shows no face but theirs (or
//!   one said not to be a child's) and is served only while their
//!   learning-journey consent is current;
//! - nothing is lost: every file put in the inbox is still there or on the
//!   register, every photo on the register has its ciphertext, and every
//!   photo deleted was deleted by a person or a written rule.
//!
//! The faces are checkerboards (see `gate_model/pattern.rs`) and the
//! product's face check is given a detector that finds them: the product
//! code is otherwise the real one, on a real register and real encrypted
//! files in a temporary folder. `CASES` runs in CI (shared out over the
//! cores, one process each); `GATE_MODEL_CASES`
//! sets more, and the `--ignored` soak runs 20,000.

#[path = "common/mod.rs"]
mod common;
#[path = "gate_model/pattern.rs"]
mod pattern;

use chrono::{Days, NaiveDate};
use consentgate::config::Config;
use consentgate::ingest::Ingestor;
use consentgate::model::{Child, ConsentAction, ConsentEvent, PhotoState};
use consentgate::register::{Change, Register};
use consentgate::workflow::{self, tag::TagRequest, Ctx};
use pattern::{face_box, picture, region_around, slot_of, Boards, MISS};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Once};

/// Cases in CI (each a fresh setting and up to `STEPS` steps).
const CASES: u64 = 1500;
const STEPS: usize = 24;
const ACTOR: &str = "model";
/// The manager who downloads from the web pages.
const WEB_MANAGER: &str = "webmanager";
/// In every note a member of staff writes: never in a parent's copy.
const NOTE: &str = "staff-note-7f3a";
const START: &str = "2026-09-01";

/// The children: id, name, aliases, guardian (with parental responsibility).
const KIDS: [(&str, &str, &[&str], &str); 4] = [
    ("C001", "Amelia Rose", &["Millie"], "G1"),
    ("C002", "Ben Ade", &["Benji"], "G2"),
    ("C003", "Chloe Diaz", &["Coco"], "G3"),
    ("C004", "Dan Eze", &[], "G4"),
];
/// A grandparent of C003's, without parental responsibility.
const GRANDPARENT: &str = "G9";
const PURPOSES: [&str; 3] = ["learning_journey", "group_in_others_journey", "display"];

/// A child id of the model's own (all well formed).
fn cid(id: &str) -> consentgate::model::ChildId {
    consentgate::model::ChildId::parse(id).expect("the model's child ids are well formed")
}

// ---------------------------------------------------------------- randomness

/// A small deterministic generator: a case is its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // splitmix64
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

// ---------------------------------------------------------------- the oracle

/// Who a drawn face truly is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Truth {
    Child(usize),
    Adult,
}

/// What a person (or a photo tool's named region) said of a face.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Said {
    Child(String),
    NotAChild,
}

/// What the oracle knows of one photo on the register.
#[derive(Debug, Clone, Default)]
struct Known {
    /// Who each face drawn truly is, by slot (whatever has become of the
    /// faces since).
    truth: BTreeMap<usize, Truth>,
    /// The children it is tagged with, by id, as the oracle bound them.
    tagged: BTreeSet<String>,
    /// A tag that named nobody.
    unknown: bool,
    /// Tagged "no children".
    nobody: bool,
    /// Sent back: untagged until a person tags it again.
    untagged: bool,
    /// Who each face is, by slot.
    said: BTreeMap<usize, Said>,
    /// Whom the photo's own files named, and whether one named nobody.
    file_named: BTreeSet<String>,
    file_unknown: bool,
    /// A manager released it, having seen where its files disagree.
    reviewed: bool,
    purposes: Vec<String>,
    /// A person or a written rule decided it may be deleted.
    may_go: bool,
    /// A person has said who is in it (or that nobody is).
    person_tagged: bool,
    /// The day it arrived.
    arrived: Option<NaiveDate>,
    /// A manager kept it from retention.
    kept: bool,
}

/// The oracle's consent history: (seq, child, purpose, action, date,
/// review by, signed by someone with parental responsibility).
type History = Vec<(usize, String, String, ConsentAction, NaiveDate, Option<NaiveDate>, bool)>;

/// Whether `child` has current consent for `purpose` on `today`, by the
/// oracle's own reading of the rules: the latest event in effect (by date,
/// then as recorded) is a grant by someone with parental responsibility,
/// not past its review date (a year after signing unless given).
fn consents(h: &History, erased: &BTreeSet<String>, child: &str, purpose: &str, today: NaiveDate) -> bool {
    if erased.contains(child) {
        return false;
    }
    let latest = h.iter().filter(|e| e.1 == child && e.2 == purpose && e.4 <= today).max_by_key(|e| (e.4, e.0));
    match latest {
        Some((_, _, _, ConsentAction::Grant, signed, review, pr)) => {
            *pr && today <= review.unwrap_or_else(|| *signed + Days::new(365))
        }
        _ => false,
    }
}

/// The purposes every child in a photo needs, with the group rule.
fn needed(purposes: &[String], children: usize) -> Vec<String> {
    let mut out = purposes.to_vec();
    if children >= 2
        && out.iter().any(|p| p == "learning_journey")
        && !out.iter().any(|p| p == "group_in_others_journey")
    {
        out.push("group_in_others_journey".into());
    }
    out
}

/// A sidecar: nobody, children named, regions (label, slot or none),
/// purposes.
type SidecarSpec = (bool, Vec<String>, Vec<(String, Option<usize>)>, Vec<String>);

/// A file put in the inbox.
#[derive(Debug, Clone)]
struct Shot {
    name: String,
    id: String,
    faces: Vec<(usize, Truth)>,
    sidecar: Option<SidecarSpec>,
    /// XMP: people named, with MWG regions (label, slot).
    xmp: Vec<(String, Option<usize>)>,
    /// A caption naming a child (in the XMP).
    #[allow(dead_code)]
    caption: Option<String>,
}

// ---------------------------------------------------------------- the world

struct World {
    _dir: tempfile::TempDir,
    config: Config,
    identity: age::x25519::Identity,
    ingestor: Option<Ingestor>,
    today: NaiveDate,
    rng: Rng,
    /// The oracle's register: aliases, consent, erased children.
    aliases: Vec<Vec<String>>,
    history: History,
    erased: BTreeSet<String>,
    known: BTreeMap<String, Known>,
    /// Files put in the inbox, not yet seen on the register.
    inbox: Vec<Shot>,
    all_shots: Vec<Shot>,
    out_dirs: usize,
    log: Vec<String>,
    seq: usize,
    /// The iPad is registered (not removed).
    device_present: bool,
    /// Deletions retention announced, and when.
    announced: BTreeMap<String, NaiveDate>,
}

fn template() -> PathBuf {
    static MADE: Once = Once::new();
    static QUIET: Once = Once::new();
    // Simulated crashes unwind through the product's threads: not worth a
    // line each on the test's output.
    QUIET.call_once(|| {
        let loud = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let payload = info.payload();
            let scoped = payload.downcast_ref::<&str>().is_some_and(|s| s.contains("scoped thread panicked"));
            if !consentgate::vault::is_simulated_crash(payload) && !scoped {
                loud(info);
            }
        }));
    });
    let dir = std::env::temp_dir().join(format!("consentgate-gate-model-{}", std::process::id()));
    MADE.call_once(|| {
        let _ = std::fs::remove_dir_all(&dir);
        assert_cmd::Command::cargo_bin("consentgate")
            .expect("binary")
            .args(["init", "--no-passphrase", "--dir"])
            .arg(&dir)
            .env_remove("CONSENTGATE_CONFIG")
            .assert()
            .success();
        consentgate::faces::install_for_tests(Arc::new(Boards));
    });
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read template") {
        let e = e.expect("entry");
        let dest = to.join(e.file_name());
        if e.file_type().expect("type").is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), &dest).expect("copy");
        }
    }
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

impl World {
    fn new(seed: u64) -> World {
        let template = template();
        // Temporary files on a memory file system where there is one: the
        // model's fsyncs cost nothing there.
        let base = Path::new("/dev/shm");
        let dir = if base.is_dir() { tempfile::tempdir_in(base) } else { tempfile::tempdir() }.expect("tempdir");
        let root = dir.path().join("setting");
        copy_dir(&template, &root);
        let mut config = Config::load(&root.join("consentgate.toml")).expect("config");
        config.ingest.settle_ms = 0;
        config.ingest.damaged_grace_secs = 0;
        config.retention.max_age_days = 36_500;
        config.faces.enabled = true;
        let identity = consentgate::keys::load_identity(&config.paths.identity).expect("identity");
        let today = d(START);
        std::env::set_var("CONSENTGATE_TODAY", today.to_string());
        let mut w = World {
            _dir: dir,
            config,
            identity,
            ingestor: None,
            today,
            rng: Rng(seed),
            aliases: KIDS.iter().map(|k| k.2.iter().map(|a| a.to_string()).collect()).collect(),
            history: Vec::new(),
            erased: BTreeSet::new(),
            known: BTreeMap::new(),
            inbox: Vec::new(),
            all_shots: Vec::new(),
            out_dirs: 0,
            log: Vec::new(),
            seq: 0,
            device_present: true,
            announced: BTreeMap::new(),
        };
        w.seed_register();
        w.restart();
        w
    }

    fn register(&self) -> Register {
        Register::open(&self.config.database_path()).expect("register")
    }

    fn seed_register(&mut self) {
        let mut reg = self.register();
        let children: Vec<Child> = KIDS
            .iter()
            .map(|(id, name, aliases, _)| Child {
                id: cid(id),
                name: name.to_string(),
                aliases: aliases.iter().map(|a| a.to_string()).collect(),
                room: Some("Rainbow".into()),
                started: Some(d("2025-09-01")),
                left: None,
            })
            .collect();
        reg.add_children(&children, ACTOR).expect("children");
        for (id, _, _, g) in KIDS {
            reg.add_guardian(
                &consentgate::model::GuardianLink {
                    guardian_id: g.into(),
                    child_id: cid(id),
                    name: format!("Parent {g}"),
                    relationship: "mother".into(),
                    parental_responsibility: true,
                },
                ACTOR,
            )
            .expect("guardian");
        }
        reg.add_guardian(
            &consentgate::model::GuardianLink {
                guardian_id: GRANDPARENT.into(),
                child_id: cid("C003"),
                name: "Grandparent".into(),
                relationship: "grandmother".into(),
                parental_responsibility: false,
            },
            ACTOR,
        )
        .expect("grandparent");
        reg.add_device(
            &consentgate::model::Device {
                id: consentgate::model::DeviceId::parse("ipad1").expect("a device id"),
                label: "Rainbow iPad".into(),
                make: "Apple".into(),
                model: "iPad (9th generation)".into(),
                serial: None,
                folder: Some("ipad1".into()),
                retired_on: None,
            },
            ACTOR,
        )
        .expect("device");
        std::fs::create_dir_all(self.config.paths.inbox.join("ipad1")).expect("inbox folder");
        // Most start with every purpose granted; some with none.
        let mut events = Vec::new();
        for (i, (id, _, _, g)) in KIDS.iter().enumerate() {
            if i == 3 && self.rng.chance(50) {
                continue;
            }
            for p in PURPOSES {
                events.push(self.event(id, p, ConsentAction::Grant, g, None));
            }
        }
        reg.add_consent_events(&events, ACTOR).expect("consent");
        drop(reg);
        self.settle();
    }

    /// A consent event now (and the oracle's note of it).
    fn event(
        &mut self,
        child: &str,
        purpose: &str,
        action: ConsentAction,
        by: &str,
        review: Option<NaiveDate>,
    ) -> ConsentEvent {
        self.seq += 1;
        self.history.push((self.seq, child.into(), purpose.into(), action, self.today, review, by != GRANDPARENT));
        ConsentEvent {
            seq: 0,
            child_id: cid(child),
            purpose: purpose.into(),
            action,
            by: by.into(),
            date: self.today,
            review_by: review,
            evidence: Some(format!("form {NOTE}")),
        }
    }

    /// A crash: everything held is dropped; the next start recovers the
    /// files, finishes any re-check left owing.
    fn restart(&mut self) {
        self.ingestor = None;
        let (ingestor, _) = Ingestor::open(self.config.clone(), self.today).expect("ingestor");
        self.ingestor = Some(ingestor);
        self.settle();
    }

    /// What every command does when it opens the register.
    fn settle(&mut self) {
        let mut reg = self.register();
        workflow::finish_owed(&mut reg, &self.config, self.today, ACTOR).expect("owed re-check");
    }

    /// The oracle's binding of a label to a child id, with its aliases as
    /// they are now: ids, names and aliases, case and spaces aside.
    fn bind(&self, label: &str) -> Option<String> {
        let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
        let want = norm(label);
        if let Some((id, ..)) = KIDS.iter().find(|k| norm(k.0) == want) {
            return Some(id.to_string());
        }
        let hits: Vec<usize> = (0..KIDS.len())
            .filter(|&i| !self.erased.contains(KIDS[i].0))
            .filter(|&i| norm(KIDS[i].1) == want || self.aliases[i].iter().any(|a| norm(a) == want))
            .collect();
        match hits.as_slice() {
            [one] => Some(KIDS[*one].0.to_string()),
            _ => None,
        }
    }

    fn label_for(&mut self, kid: usize) -> String {
        let (id, name, ..) = KIDS[kid];
        let mut forms = vec![id.to_string(), name.to_string(), id.to_lowercase()];
        forms.extend(self.aliases[kid].iter().cloned());
        self.rng.pick(&forms).clone()
    }

    fn ctx<'a>(&'a self, reg: &'a mut Register) -> Ctx<'a> {
        Ctx::new(reg, &self.config, self.today, ACTOR)
    }

    // ------------------------------------------------------------ steps

    fn step(&mut self) {
        let n = self.rng.below(100);
        match n {
            0..=24 => self.arrive(),
            25..=44 => self.tag(),
            45..=52 => self.consent(),
            53..=56 => self.move_alias(),
            57..=60 => self.days_pass(),
            61..=64 => self.release(),
            65..=67 => self.send_back(),
            68..=73 => self.redact(),
            74..=75 => self.delete(),
            76..=77 => self.devices(),
            78 => self.erase(),
            89 => self.keep(),
            90..=91 => self.web_download(),
            92..=93 => self.child_picture(),
            79..=84 => self.export(),
            85..=88 => self.subject_access(),
            _ => {
                self.log.push("restart".into());
                self.restart();
            }
        }
    }

    /// A failpoint to crash at during the next step, sometimes.
    fn maybe_crash(&mut self, points: &[&str]) -> Option<String> {
        if !self.rng.chance(15) {
            return None;
        }
        let p = self.rng.pick(points).to_string();
        consentgate::vault::crash_at(Some(&p));
        Some(p)
    }

    /// Runs a step that may crash in the middle: true when it crashed (the
    /// world has restarted by then).
    fn crashing<T>(&mut self, run: impl FnOnce(&mut World) -> T) -> Result<T, ()> {
        let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(self)));
        consentgate::vault::crash_at(None);
        match out {
            Ok(v) => Ok(v),
            Err(e) => {
                if !consentgate::vault::crashed() {
                    std::panic::resume_unwind(e);
                }
                self.log.push("  crashed".into());
                self.restart();
                Err(())
            }
        }
    }

    fn arrive(&mut self) {
        let mut faces = Vec::new();
        let mut slots: Vec<usize> = (0..4).collect();
        for _ in 0..self.rng.below(4) {
            let slot = slots.remove(self.rng.below(slots.len()));
            let truth = if self.rng.chance(80) { Truth::Child(self.rng.below(KIDS.len())) } else { Truth::Adult };
            faces.push((slot, truth));
        }
        faces.sort_by_key(|f| f.0);
        // Children in the photo, some of them with their back to the camera.
        let mut in_photo: BTreeSet<usize> = faces
            .iter()
            .filter_map(|(_, t)| match t {
                Truth::Child(k) => Some(*k),
                Truth::Adult => None,
            })
            .collect();
        if self.rng.chance(15) {
            in_photo.insert(self.rng.below(KIDS.len()));
        }
        let slot_of_kid = |k: usize| faces.iter().find(|(_, t)| *t == Truth::Child(k)).map(|(s, _)| *s);
        let sidecar = if self.rng.chance(60) {
            if self.rng.chance(10) {
                Some((true, vec![], vec![], vec![]))
            } else {
                let mut named = Vec::new();
                let mut regions = Vec::new();
                for &k in &in_photo {
                    if self.rng.chance(85) {
                        let label = self.label_for(k);
                        if self.rng.chance(50) {
                            let slot = slot_of_kid(k).filter(|_| self.rng.chance(80));
                            regions.push((label.clone(), slot));
                        }
                        named.push(label);
                    }
                }
                if self.rng.chance(10) {
                    let k = self.rng.below(KIDS.len());
                    named.push(self.label_for(k)); // a child who is not there
                }
                if self.rng.chance(5) {
                    named.push("Zara".into()); // nobody on the register
                }
                if named.is_empty() {
                    None
                } else {
                    let purposes =
                        if self.rng.chance(30) { vec!["learning_journey".into(), "display".into()] } else { vec![] };
                    Some((false, named, regions, purposes))
                }
            }
        } else {
            None
        };
        let mut xmp = Vec::new();
        if self.rng.chance(30) {
            for &k in &in_photo {
                if self.rng.chance(70) {
                    let slot = slot_of_kid(k).filter(|_| self.rng.chance(50));
                    xmp.push((self.label_for(k), slot));
                }
            }
        }
        let caption = self.rng.chance(10).then(|| {
            let k = self.rng.below(KIDS.len());
            format!("{} at the water tray", KIDS[k].1)
        });
        let seed = self.rng.next();
        let slots_drawn: Vec<usize> = faces.iter().map(|f| f.0).collect();
        let bytes = jpeg(&picture(&slots_drawn, seed), self.today, &xmp, caption.as_deref());
        let id = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&bytes));
        let name = format!("IMG_{:04}.JPG", self.all_shots.len());
        let folder = self.config.paths.inbox.join("ipad1");
        std::fs::write(folder.join(&name), &bytes).expect("photo");
        if let Some((nobody, named, regions, purposes)) = &sidecar {
            let regions: serde_json::Map<String, serde_json::Value> = regions
                .iter()
                .map(|(l, s)| (l.clone(), serde_json::json!(s.map(region_around).unwrap_or(MISS))))
                .collect();
            let json = if *nobody {
                serde_json::json!({ "nobody": true })
            } else {
                serde_json::json!({ "children": named, "regions": regions, "purposes": purposes })
            };
            // A sidecar whose regions name a label twice is refused by the
            // parser; the model writes each label once.
            std::fs::write(folder.join(format!("{name}.tags.json")), json.to_string()).expect("sidecar");
        }
        let shot = Shot { name: name.clone(), id, faces, sidecar, xmp, caption };
        self.log.push(format!("arrive {name}: {:?}", shot));
        self.inbox.push(shot.clone());
        self.all_shots.push(shot);
        let crash = self.maybe_crash(&["after_temp_write", "after_blob_persist", "after_row_commit"]);
        if let Some(p) = &crash {
            self.log.push(format!("  (crash at {p})"));
        }
        let _ = self.crashing(|w| {
            if let Some(i) = &w.ingestor {
                i.run_once(std::time::Duration::from_secs(5), &consentgate::progress::Quiet);
            }
        });
        self.learn_arrivals();
    }

    /// Photos that reached the register since: the oracle binds their own
    /// tags now, as the ingest did.
    fn learn_arrivals(&mut self) {
        let reg = self.register();
        let arrived: Vec<Shot> =
            self.inbox.iter().filter(|s| reg.photo(&s.id).ok().flatten().is_some()).cloned().collect();
        self.inbox.retain(|s| !arrived.iter().any(|a| a.name == s.name));
        for shot in arrived {
            if self.known.contains_key(&shot.id) {
                continue;
            }
            let mut k =
                Known { truth: shot.faces.iter().copied().collect(), arrived: Some(self.today), ..Known::default() };
            let mut claims: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
            let mut any_source = false;
            let mut sidecar_nobody = false;
            k.purposes = vec!["learning_journey".into()];
            if let Some((nobody, named, regions, purposes)) = &shot.sidecar {
                any_source = true;
                sidecar_nobody = *nobody;
                if !purposes.is_empty() {
                    k.purposes = purposes.clone();
                }
                for l in named {
                    match self.bind(l) {
                        Some(id) => {
                            k.file_named.insert(id);
                        }
                        None => k.file_unknown = true,
                    }
                }
                for (l, slot) in regions {
                    if let (Some(id), Some(s)) = (self.bind(l), slot) {
                        claims.entry(*s).or_default().insert(id);
                    }
                }
            }
            if !shot.xmp.is_empty() {
                any_source = true;
                for (l, slot) in &shot.xmp {
                    match self.bind(l) {
                        Some(id) => {
                            k.file_named.insert(id.clone());
                            if let Some(s) = slot {
                                claims.entry(*s).or_default().insert(id);
                            }
                        }
                        None => k.file_unknown = true,
                    }
                }
            }
            k.tagged = k.file_named.clone();
            k.unknown = k.file_unknown;
            k.untagged = !any_source;
            k.nobody = sidecar_nobody && k.tagged.is_empty() && !k.unknown;
            // A face two named regions claim is nobody's; a child claiming
            // two faces has neither.
            let mut by_child: BTreeMap<String, Vec<usize>> = BTreeMap::new();
            for (s, ids) in &claims {
                if let [id] = ids.iter().collect::<Vec<_>>().as_slice() {
                    by_child.entry((*id).clone()).or_default().push(*s);
                }
            }
            for (id, slots) in by_child {
                if let [s] = slots.as_slice() {
                    k.said.insert(*s, Said::Child(id));
                }
            }
            self.known.insert(shot.id.clone(), k);
        }
    }

    /// A photo the oracle knows that is not deleted, at random.
    fn some_photo(&mut self, want: Option<PhotoState>) -> Option<consentgate::register::PhotoRecord> {
        let reg = self.register();
        let ids: Vec<String> = self.known.keys().cloned().collect();
        let photos: Vec<_> = ids
            .iter()
            .filter_map(|id| reg.photo(id).ok().flatten())
            .filter(|p| p.state != PhotoState::Deleted && want.is_none_or(|s| p.state == s))
            .collect();
        if photos.is_empty() {
            return None;
        }
        Some(photos[self.rng.below(photos.len())].clone())
    }

    fn tag(&mut self) {
        let Some(photo) = self.some_photo(None) else { return };
        let Some(known) = self.known.get(photo.id.as_str()).cloned() else { return };
        let truth = known.truth.clone();
        // The faces the photo's ledger has, by slot: what the pixels still
        // show (a redacted copy has fewer).
        let slots: Vec<usize> = photo.faces.iter().flatten().filter_map(|r| r.rect.and_then(slot_of)).collect();
        let mut req = TagRequest::default();
        // Face numbers: the ledger's order is left to right, as the slots.
        let face_no = |slot: usize| slots.iter().position(|s| *s == slot).map(|i| i + 1);
        let mut said_here: Vec<(usize, Said)> = Vec::new();
        let mut regions_here: Vec<(String, Option<usize>)> = Vec::new();
        let mut named: Vec<String> = Vec::new();
        if self.rng.chance(8) {
            req.nobody = true;
            for &s in &slots {
                if self.rng.chance(70) {
                    if let Some(n) = face_no(s) {
                        req.not_faces.push(n);
                        said_here.push((s, Said::NotAChild));
                    }
                }
            }
        } else {
            for &s in &slots {
                let t = truth.get(&s).copied().unwrap_or(Truth::Adult);
                let Some(n) = face_no(s) else { continue };
                let roll = self.rng.below(100);
                match (t, roll) {
                    // honest: the face's own child, or not a child
                    (Truth::Child(k), 0..=59) => {
                        let l = self.label_for(k);
                        req.faces.push((n, l.clone()));
                        named.push(l);
                    }
                    (Truth::Adult, 0..=69) => {
                        req.not_faces.push(n);
                        said_here.push((s, Said::NotAChild));
                    }
                    // a region drawn around it (or, missing, a corner)
                    (Truth::Child(k), 60..=74) => {
                        let l = self.label_for(k);
                        let slot = self.rng.chance(70).then_some(s);
                        regions_here.push((l.clone(), slot));
                        named.push(l);
                    }
                    // mistaken: another child, or "not a child"
                    (_, 75..=82) => {
                        let k = self.rng.below(KIDS.len());
                        let l = self.label_for(k);
                        req.faces.push((n, l.clone()));
                        named.push(l);
                    }
                    (_, 83..=88) => {
                        req.not_faces.push(n);
                        said_here.push((s, Said::NotAChild));
                    }
                    _ => {}
                }
            }
            // Contradictions: a face both a child's and not; a child with
            // two faces. The gate must refuse them.
            if self.rng.chance(6) && !slots.is_empty() {
                let n = face_no(slots[0]).unwrap_or(1);
                let kid = self.rng.below(KIDS.len());
                let l = self.label_for(kid);
                req.faces.push((n, l.clone()));
                req.not_faces.push(n);
                named.push(l);
            }
            if self.rng.chance(4) && slots.len() >= 2 {
                let kid = self.rng.below(KIDS.len());
                let l = self.label_for(kid);
                req.faces.push((1, l.clone()));
                req.faces.push((2, l.clone()));
            }
            if self.rng.chance(30) {
                let k = self.rng.below(KIDS.len());
                let l = self.label_for(k);
                req.children.push(l.clone());
                named.push(l);
            }
        }
        for (l, slot) in &regions_here {
            req.regions.push((l.clone(), slot.map(region_around).unwrap_or(MISS)));
        }
        if self.rng.chance(15) {
            req.purposes = vec!["learning_journey".into(), "display".into()];
        }
        if !req.not_faces.is_empty() {
            req.note = Some(format!("poster {NOTE}"));
        }
        if req.children.is_empty() && req.faces.is_empty() && req.regions.is_empty() && !req.nobody {
            // Nothing said of the children: a purpose change only, or the
            // faces said not to be children's (needs children or nobody
            // kept as they are).
            if req.not_faces.is_empty() && req.purposes.is_empty() {
                return;
            }
        }
        let contradictory = {
            let dismissed: BTreeSet<usize> = req.not_faces.iter().copied().collect();
            let mut faces_of: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
            let mut owners: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
            for (n, l) in &req.faces {
                let id = self.bind(l).unwrap_or_else(|| l.clone());
                faces_of.entry(id.clone()).or_default().insert(*n);
                owners.entry(*n).or_default().insert(id);
            }
            let mut boxed = BTreeSet::new();
            let two_boxes = req.regions.iter().any(|(l, _)| !boxed.insert(self.bind(l).unwrap_or_else(|| l.clone())));
            req.faces.iter().any(|(n, _)| dismissed.contains(n))
                || faces_of.values().any(|s| s.len() > 1)
                || owners.values().any(|s| s.len() > 1)
                || two_boxes
        };
        self.log.push(format!("tag {} {:?}", &photo.id[..8], req));
        let crash = self.maybe_crash(&["after_blob_move"]);
        let result = self.crashing(|w| {
            let mut reg = w.register();
            let mut ctx = w.ctx(&mut reg);
            workflow::tag::tag(&mut ctx, &photo, &req).map(|(s, _)| s)
        });
        if let Some(p) = crash {
            self.log.push(format!("  (crash at {p})"));
        }
        let Ok(result) = result else { return }; // crashed before its row: nothing changed
        match result {
            Err(e) => {
                self.log.push(format!("  refused: {e:#}"));
                return;
            }
            Ok(state) => {
                self.log.push(format!("  -> {state}"));
                assert!(!contradictory, "a contradictory tagging was accepted: {req:?}\n{}", self.log.join("\n"));
            }
        }
        // The oracle's own reading of what was said.
        let named_ids: BTreeSet<String> = named.iter().filter_map(|l| self.bind(l)).collect();
        let k = self.known.get_mut(photo.id.as_str()).expect("known");
        if req.nobody || !named_ids.is_empty() {
            k.person_tagged = true;
        }
        if req.nobody {
            k.nobody = true;
            k.tagged.clear();
            k.unknown = false;
            k.untagged = false;
            k.said.retain(|_, s| *s == Said::NotAChild);
        } else if !named_ids.is_empty() {
            k.nobody = false;
            k.untagged = false;
            k.unknown = false;
            k.tagged = named_ids.clone();
            k.said.retain(|_, s| match s {
                Said::Child(c) => named_ids.contains(c),
                Said::NotAChild => true,
            });
        }
        let _ = k;
        // Explicit statements, then regions (which give way to them).
        let mut explicit_faces: BTreeSet<usize> = BTreeSet::new();
        let mut explicit_kids: BTreeSet<String> = BTreeSet::new();
        for (s, said) in said_here {
            explicit_faces.insert(s);
            self.known.get_mut(photo.id.as_str()).expect("known").said.insert(s, said);
        }
        for (n, l) in &req.faces {
            let slot = slots[n - 1];
            let Some(id) = self.bind(l) else { continue };
            explicit_faces.insert(slot);
            explicit_kids.insert(id.clone());
            let k = self.known.get_mut(photo.id.as_str()).expect("known");
            k.said.retain(|_, s| *s != Said::Child(id.clone()));
            k.said.insert(slot, Said::Child(id));
        }
        for (l, slot) in &regions_here {
            let (Some(id), Some(slot)) = (self.bind(l), slot) else { continue };
            if explicit_faces.contains(slot) || explicit_kids.contains(&id) {
                continue;
            }
            explicit_kids.insert(id.clone());
            let k = self.known.get_mut(photo.id.as_str()).expect("known");
            k.said.retain(|_, s| *s != Said::Child(id.clone()));
            k.said.insert(*slot, Said::Child(id));
        }
        if !req.purposes.is_empty() {
            self.known.get_mut(photo.id.as_str()).expect("known").purposes = req.purposes.clone();
        }
    }

    fn consent(&mut self) {
        let k = self.rng.below(KIDS.len());
        let (id, _, _, g) = KIDS[k];
        if self.erased.contains(id) || self.erased.contains("C003") {
            return; // an erased child has no guardians left to sign
        }
        let purpose = *self.rng.pick(&PURPOSES);
        let roll = self.rng.below(100);
        let (action, by, review) = match roll {
            0..=39 => (ConsentAction::Withdraw, g, None),
            40..=54 => (ConsentAction::Refuse, g, None),
            55..=69 => (ConsentAction::Grant, GRANDPARENT, None),
            70..=84 => (ConsentAction::Grant, g, Some(self.today + Days::new(1 + self.rng.below(20) as u64))),
            _ => (ConsentAction::Grant, g, None),
        };
        let by_child = if by == GRANDPARENT { "C003" } else { id };
        let ev = self.event(by_child, purpose, action, by, review);
        self.log.push(format!("consent {action} {by_child} {purpose} by {by} review {review:?}"));
        let crash = self.maybe_crash(&["after_register_change", "after_blob_move"]);
        if let Some(p) = &crash {
            self.log.push(format!("  (crash at {p})"));
        }
        let r = self.crashing(|w| {
            let mut reg = w.register();
            reg.add_consent_events(std::slice::from_ref(&ev), ACTOR)?;
            consentgate::vault::failpoint("after_register_change");
            let mut ctx = w.ctx(&mut reg);
            workflow::recheck_owed(&mut ctx, "consent").map(|_| ())
        });
        if let Ok(Err(e)) = r {
            panic!("consent change failed: {e:#}\n{}", self.log.join("\n"));
        }
    }

    fn move_alias(&mut self) {
        // "Coco" moves to another child (a CSV import), or back.
        let from = (0..KIDS.len()).find(|&i| self.aliases[i].iter().any(|a| a == "Coco"));
        let to = self.rng.below(KIDS.len());
        let mut changed = Vec::new();
        let mut aliases = self.aliases.clone();
        if let Some(f) = from {
            aliases[f].retain(|a| a != "Coco");
        }
        aliases[to].push("Coco".into());
        for i in 0..KIDS.len() {
            if aliases[i] != self.aliases[i] && !self.erased.contains(KIDS[i].0) {
                changed.push(Child {
                    id: cid(KIDS[i].0),
                    name: KIDS[i].1.into(),
                    aliases: aliases[i].clone(),
                    room: Some("Rainbow".into()),
                    started: Some(d("2025-09-01")),
                    left: None,
                });
            }
        }
        if changed.is_empty() {
            return;
        }
        self.log.push(format!("alias Coco -> {}", KIDS[to].0));
        let mut reg = self.register();
        reg.import_children(&[], &changed, ACTOR).expect("import");
        drop(reg);
        for c in &changed {
            let i = KIDS.iter().position(|k| c.id == k.0).expect("kid");
            self.aliases[i] = c.aliases.clone();
        }
        // Nothing re-checks here: the next command that opens the register
        // finishes the re-check this change owes.
        self.settle();
    }

    fn days_pass(&mut self) {
        let n = 1 + self.rng.below(40) as u64;
        self.today = self.today + Days::new(n);
        std::env::set_var("CONSENTGATE_TODAY", self.today.to_string());
        self.log.push(format!("{n} days pass: {}", self.today));
        let mut reg = self.register();
        let before: BTreeSet<String> =
            reg.photos(Some(PhotoState::Deleted)).expect("photos").into_iter().map(|p| p.id.into()).collect();
        let mut ctx = self.ctx(&mut reg);
        let swept = workflow::run_retention(&mut ctx).expect("retention");
        drop(reg);
        for p in &swept.announced {
            self.announced.entry(p.to_string()).or_insert(self.today);
        }
        for dl in swept.deleted {
            if before.contains(dl.photo.as_str()) {
                continue;
            }
            // Announced a week before, and something that must go.
            let announced = self.announced.get(dl.photo.as_str()).copied();
            if announced.is_none_or(|a| a + Days::new(7) > self.today) {
                self.fail(format!("photo {} deleted without a week's notice ({announced:?})", &dl.photo[..8]));
            }
            let Some(k) = self.known.get(dl.photo.as_str()) else { continue };
            if k.kept {
                self.fail(format!("photo {} deleted though a manager kept it", &dl.photo[..8]));
            }
            if !self.must_go(k) {
                self.fail(format!(
                    "photo {} deleted for paperwork, not for a decision or a rule ({k:?})",
                    &dl.photo[..8]
                ));
            }
            if let Some(k) = self.known.get_mut(dl.photo.as_str()) {
                k.may_go = true;
            }
        }
    }

    /// By the oracle's own reckoning, whether a person decided or a written
    /// rule says the photo must go: a tagged child's consent refused or
    /// withdrawn for what it needs, the device it came from removed (never
    /// the setting's), or nobody (no person) tagged it in time.
    fn must_go(&self, k: &Known) -> bool {
        let need = needed(&k.purposes, k.tagged.len());
        let refused = k.tagged.iter().any(|c| {
            need.iter().any(|p| {
                let latest = self
                    .history
                    .iter()
                    .filter(|e| &e.1 == c && &e.2 == p && e.4 <= self.today)
                    .max_by_key(|e| (e.4, e.0));
                matches!(latest, Some((_, _, _, ConsentAction::Refuse | ConsentAction::Withdraw, ..)))
            })
        });
        let untagged_in_time = !k.person_tagged && k.arrived.is_some_and(|a| a + Days::new(7) <= self.today);
        refused || !self.device_present || untagged_in_time || self.erased.iter().any(|c| k.tagged.contains(c))
    }

    fn keep(&mut self) {
        let Some(photo) = self.some_photo(Some(PhotoState::Quarantined)) else { return };
        self.log.push(format!("keep {}", &photo.id[..8]));
        let mut reg = self.register();
        let mut ctx = self.ctx(&mut reg);
        workflow::keep(&mut ctx, &photo, &format!("needed for the record {NOTE}")).expect("keep");
        drop(reg);
        if let Some(k) = self.known.get_mut(photo.id.as_str()) {
            k.kept = true;
        }
    }

    fn release(&mut self) {
        let Some(photo) = self.some_photo(Some(PhotoState::Quarantined)) else { return };
        self.log.push(format!("release {}", &photo.id[..8]));
        let mut reg = self.register();
        let mut ctx = self.ctx(&mut reg);
        let r = workflow::release(&mut ctx, &photo, &format!("looked {NOTE}"), &[]);
        drop(reg);
        match r {
            Ok(Ok(s)) => {
                self.log.push(format!("  -> {s}"));
                if let Some(k) = self.known.get_mut(photo.id.as_str()) {
                    k.reviewed = true;
                }
            }
            Ok(Err(still)) => self.log.push(format!("  refused: {still}")),
            Err(e) => self.log.push(format!("  failed: {e:#}")),
        }
    }

    fn send_back(&mut self) {
        let Some(photo) = self.some_photo(Some(PhotoState::Quarantined)) else { return };
        self.log.push(format!("send back {}", &photo.id[..8]));
        let mut reg = self.register();
        let mut ctx = self.ctx(&mut reg);
        let r = workflow::send_back(&mut ctx, &photo, &format!("again {NOTE}"));
        drop(reg);
        match r {
            Ok(Ok(s)) => {
                self.log.push(format!("  -> {s}"));
                if let Some(k) = self.known.get_mut(photo.id.as_str()) {
                    k.untagged = true;
                }
            }
            Ok(Err(still)) => self.log.push(format!("  refused: {still}")),
            Err(e) => self.log.push(format!("  failed: {e:#}")),
        }
    }

    /// The children of a photo the oracle would hide: tagged, without
    /// consent for what it needs today.
    fn without_consent(&self, k: &Known) -> BTreeSet<String> {
        let need = needed(&k.purposes, k.tagged.len());
        k.tagged
            .iter()
            .filter(|c| !need.iter().all(|p| consents(&self.history, &self.erased, c, p, self.today)))
            .cloned()
            .collect()
    }

    /// A redacted copy of `from` hiding `hidden`, as the oracle knows it.
    fn learn_redacted(&mut self, from: &str, into: &str, hidden: &BTreeSet<String>) {
        let Some(mut k) = self.known.get(from).cloned() else { return };
        k.tagged.retain(|c| !hidden.contains(c));
        k.file_named.retain(|c| !hidden.contains(c));
        k.said.retain(|_, s| !matches!(s, Said::Child(c) if hidden.contains(c)));
        k.nobody = k.tagged.is_empty() && !k.unknown;
        k.may_go = false;
        if let Some(orig) = self.known.get_mut(from) {
            orig.may_go = true;
        }
        self.known.entry(into.to_string()).or_insert(k);
    }

    fn redact(&mut self) {
        let Some(photo) = self.some_photo(Some(PhotoState::Quarantined)) else { return };
        let hidden = self.known.get(photo.id.as_str()).map(|k| self.without_consent(k)).unwrap_or_default();
        self.log.push(format!("redact {} (the oracle would hide {hidden:?})", &photo.id[..8]));
        let mut reg = self.register();
        let mut ctx = self.ctx(&mut reg);
        let r = workflow::redact::redact(&mut ctx, &photo, &format!("blurred {NOTE}"), &self.identity);
        drop(reg);
        match r {
            Ok(Ok((into, s))) => {
                self.log.push(format!("  -> {} {s}", &into[..8]));
                self.learn_redacted(&photo.id, &into, &hidden);
            }
            Ok(Err(cannot)) => self.log.push(format!("  refused: {cannot}")),
            Err(e) => self.log.push(format!("  failed: {e:#}")),
        }
    }

    fn delete(&mut self) {
        let Some(photo) = self.some_photo(None) else { return };
        self.log.push(format!("delete {}", &photo.id[..8]));
        let mut reg = self.register();
        let mut ctx = self.ctx(&mut reg);
        let change = Change::new(consentgate::audit::Action::QuarantineDelete, ACTOR).note("a manager's delete");
        workflow::delete(&mut ctx, &photo, "manager", change).expect("delete");
        drop(reg);
        if let Some(k) = self.known.get_mut(photo.id.as_str()) {
            k.may_go = true;
        }
    }

    fn devices(&mut self) {
        let mut reg = self.register();
        let present = reg.devices().expect("devices").iter().any(|d| d.id == "ipad1");
        self.log.push(format!("device ipad1 {}", if present { "removed" } else { "added back" }));
        self.device_present = !present;
        let mut ctx = self.ctx(&mut reg);
        if present {
            workflow::devices::remove(&mut ctx, "ipad1").expect("remove");
        } else {
            let device = consentgate::model::Device {
                id: consentgate::model::DeviceId::parse("ipad1").expect("a device id"),
                label: "Rainbow iPad".into(),
                make: "Apple".into(),
                model: "iPad (9th generation)".into(),
                serial: None,
                folder: Some("ipad1".into()),
                retired_on: None,
            };
            workflow::devices::add(&mut ctx, &device).expect("add back");
        }
    }

    fn erase(&mut self) {
        let k = self.rng.below(KIDS.len());
        let id = KIDS[k].0;
        if self.erased.contains(id) {
            return;
        }
        self.log.push(format!("erase {id}"));
        let out = self.out_dir();
        let mut reg = self.register();
        let child = reg.children().expect("children").into_iter().find(|c| c.id == id).expect("child");
        let before: Vec<String> =
            self.known.iter().filter(|(_, k)| k.tagged.contains(id)).map(|(p, _)| p.clone()).collect();
        let mut ctx = self.ctx(&mut reg);
        let mut folder = workflow::sink::Folder::new(&ctx, &out).expect("receipt folder");
        let r = workflow::erase::erase(&mut ctx, &child, &self.identity, &format!("asked {NOTE}"), Some(&mut folder));
        drop(reg);
        let erasure = match r {
            Ok(e) => e,
            Err(e) => {
                self.log.push(format!("  failed: {e:#}"));
                return;
            }
        };
        self.erased.insert(id.to_string());
        let hidden = BTreeSet::from([id.to_string()]);
        for step in &erasure.steps {
            if let workflow::erase::Step::Redact { photo, into: Some(into) } = step {
                self.learn_redacted(photo, into, &hidden);
            }
        }
        for p in before {
            if let Some(k) = self.known.get_mut(&p) {
                k.may_go = true;
            }
        }
    }

    fn out_dir(&mut self) -> PathBuf {
        self.out_dirs += 1;
        let dir = self._dir.path().join(format!("out{}", self.out_dirs));
        std::fs::create_dir_all(&dir).expect("out");
        dir
    }

    fn export(&mut self) {
        let dir = self.out_dir();
        let mut reg = self.register();
        let (purpose, subject) = if self.rng.chance(60) {
            let k = self.rng.below(KIDS.len());
            ("learning_journey".to_string(), Some(KIDS[k].0))
        } else {
            ("display".to_string(), None)
        };
        self.log.push(format!("export {purpose} {subject:?}"));
        let mut ctx = self.ctx(&mut reg);
        match subject {
            Some(id) => {
                let Some(child) = ctx.reg.children().expect("children").into_iter().find(|c| c.id == id) else {
                    return;
                };
                workflow::export::export_child(&mut ctx, &child, &dir, &self.identity).expect("export child");
            }
            None => {
                let sel = workflow::publish::Selection { purpose: purpose.clone(), since: None, room: None };
                workflow::publish::export_purpose(&mut ctx, &sel, &dir, &self.identity).expect("export purpose");
            }
        }
        drop(reg);
        self.check_files(&dir, &Output::Use(purpose));
    }

    /// The web pages of the setting as it is today, in this process, with
    /// [`WEB_MANAGER`] on the register to log in as.
    fn web(&self) -> common::app::App {
        let mut reg = self.register();
        if reg.active_role(WEB_MANAGER).expect("read").is_none() {
            reg.add_user(WEB_MANAGER, "manager", None, ACTOR).expect("a manager for the web");
        }
        drop(reg);
        let state = consentgate::web::AppState::new(self.config.clone(), Some(self.identity.clone())).on(self.today);
        common::app::App::serving(state)
    }

    /// A manager downloads from the web pages, through the real router: a
    /// child's learning journey, the photos for a purpose, or a parent's
    /// subject access pack. The zip it streams is unpacked and checked as
    /// the same thing written to a folder is.
    fn web_download(&mut self) {
        let k = self.rng.below(KIDS.len());
        let id = KIDS[k].0;
        let (path, form, output) = match self.rng.below(3) {
            0 => (format!("/children/{id}/export"), vec![], Output::Use("learning_journey".into())),
            1 => ("/disclosures/export".to_string(), vec![("purpose", "display")], Output::Use("display".into())),
            _ => ("/disclosures/sar".to_string(), vec![("child", id), ("answer", "yes")], Output::Parent(id.into())),
        };
        if self.erased.contains(id) && !matches!(&output, Output::Use(p) if p == "display") {
            return;
        }
        self.log.push(format!("web download {path} {form:?}"));
        let app = self.web();
        let (client, csrf) = app.session_of(WEB_MANAGER, consentgate::web::auth::Role::Manager);
        let mut fields = form;
        fields.push(("csrf", csrf.as_str()));
        let res = client.post(&path).form(&fields).send().expect("sent");
        if res.status() != 200 {
            self.fail(format!("{path} answered {}", res.status()));
        }
        if res.headers()["content-type"] != "application/zip" {
            let page = res.text().expect("text");
            if !page.contains("No photo may go into") && !page.contains("No stored photo may be used") {
                self.fail(format!("{path}: neither a zip nor \"nothing to download\": {page}"));
            }
            return;
        }
        let dir = self.out_dir();
        let bytes = res.bytes().expect("zip").to_vec();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap_or_else(|e| self.fail(format!("{e}")));
        for i in 0..zip.len() {
            let mut entry = zip.by_index(i).expect("entry");
            let to = dir.join(entry.enclosed_name().unwrap_or_else(|| self.fail(format!("{path}: an entry outside"))));
            std::fs::create_dir_all(to.parent().expect("parent")).expect("folder");
            let mut file = std::fs::File::create(&to).expect("create");
            std::io::copy(&mut entry, &mut file).expect("unpack");
            drop(file);
            // Unpacked as the parent would keep it (the check of files
            // written out asks that they be owner-only).
            std::fs::set_permissions(&to, std::os::unix::fs::PermissionsExt::from_mode(0o600)).expect("mode");
        }
        match &output {
            Output::Parent(child) => {
                self.check_files(&dir.join("photos"), &output);
                self.check_pack(&dir, child);
            }
            Output::Use(_) => self.check_files(&dir, &output),
        }
    }

    /// A manager cuts a child's picture from a stored photo on the child's
    /// page (around their face, or a square drawn anywhere), then the
    /// picture is fetched as the pages show it. What is served must show no
    /// face but the child's own (or one said not to be a child's), and only
    /// while their learning-journey consent is current.
    fn child_picture(&mut self) {
        // A child in a stored photo, mostly (else any child: their picture,
        // if they have one, is fetched).
        let stored: Vec<(String, Vec<String>)> = {
            let reg = self.register();
            let photos = reg.photos(Some(PhotoState::Stored)).expect("photos");
            photos
                .into_iter()
                .map(|p| (p.id.to_string(), p.child_ids().iter().map(|c| c.to_string()).collect()))
                .collect()
        };
        let tagged: Vec<&(String, Vec<String>)> = stored.iter().filter(|(_, kids)| !kids.is_empty()).collect();
        let (id, theirs) = if !tagged.is_empty() && self.rng.chance(80) {
            let (_, kids) = *self.rng.pick(&tagged);
            let id = self.rng.pick(kids).clone();
            let theirs: Vec<String> =
                stored.iter().filter(|(_, kids)| kids.contains(&id)).map(|(p, _)| p.clone()).collect();
            (id, theirs)
        } else {
            (KIDS[self.rng.below(KIDS.len())].0.to_string(), Vec::new())
        };
        let id = id.as_str();
        if self.erased.contains(id) {
            return;
        }
        self.log.push(format!("{id}'s picture"));
        let app = self.web();
        let (client, csrf) = app.session_of(WEB_MANAGER, consentgate::web::auth::Role::Manager);
        if !theirs.is_empty() && self.rng.chance(85) {
            let photo = self.rng.pick(&theirs).clone();
            let region = match self.rng.below(3) {
                0 => String::new(),
                1 => "0,0,1,1".to_string(),
                _ => {
                    let r = region_around(self.rng.below(4));
                    format!("{},{},{},{}", r[0], r[1], r[2], r[3])
                }
            };
            self.log.push(format!("  cut from {} {region:?}", &photo[..8]));
            let cut = if region.is_empty() { "face" } else { "" };
            let form = [("csrf", csrf.as_str()), ("photo", photo.as_str()), ("cut", cut), ("region", region.as_str())];
            let res = client.post(format!("/children/{id}/picture")).form(&form).send().expect("sent");
            if res.status().is_server_error() {
                self.fail(format!("setting a picture answered {}", res.status()));
            }
        }
        let res = client.get(format!("/children/{id}/picture")).send().expect("sent");
        if res.status() == 404 {
            return;
        }
        if res.status() != 200 {
            self.fail(format!("the picture answered {}", res.status()));
        }
        let jpeg = res.bytes().expect("picture").to_vec();
        let picture = self
            .register()
            .child_picture(id)
            .expect("read")
            .unwrap_or_else(|| self.fail("served, but none on the register".into()));
        let what = format!("{id}'s picture (from {})", &picture.photo.as_str()[..8]);
        if !consents(&self.history, &self.erased, id, "learning_journey", self.today) {
            self.fail(format!("{what}: served without learning-journey consent"));
        }
        let Some(k) = self.known.get(picture.photo.as_str()) else {
            self.fail(format!("{what}: of no photo the model made"));
        };
        if image::load_from_memory(&jpeg).is_err() {
            self.fail(format!("{what}: does not decode"));
        }
        // The picture is its square of the stored photo, scaled down: the
        // faces it shows are the faces in that square at the photo's own
        // resolution (where the model's detector finds them).
        let layout = consentgate::vault::Layout::new(&self.config);
        let blob = layout.blob_path(&picture.photo, PhotoState::Stored).expect("a place");
        let photo = consentgate::vault::open(&blob, &self.identity)
            .unwrap_or_else(|e| self.fail(format!("{what}: its photo is not in the vault: {e}")));
        let photo = image::load_from_memory(&photo).expect("the stored photo decodes");
        let sq = picture.region;
        let (w, h) = (f64::from(photo.width()), f64::from(photo.height()));
        let (x0, y0) = ((sq[0] * w).floor().max(0.0), (sq[1] * h).floor().max(0.0));
        let (x1, y1) = (((sq[0] + sq[2]) * w).ceil().min(w), ((sq[1] + sq[3]) * h).ceil().min(h));
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let square = photo.crop_imm(x0 as u32, y0 as u32, (x1 - x0) as u32, (y1 - y0) as u32);
        for f in consentgate::faces::Detector::detect(&Boards, square, 0).expect("detect") {
            // In the photo's own fractions; a face the square cut through is
            // the slot it overlaps most.
            let r = [
                (x0 + f.rect[0] * (x1 - x0)) / w,
                (y0 + f.rect[1] * (y1 - y0)) / h,
                f.rect[2] * (x1 - x0) / w,
                f.rect[3] * (y1 - y0) / h,
            ];
            let slot = (0..4)
                .map(|s| (s, consentgate::faces::overlap(r, face_box(s))))
                .filter(|(_, o)| *o > 0.0)
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .map(|(s, _)| s)
                .unwrap_or_else(|| self.fail(format!("{what}: a face nowhere the model drew one: {r:?}")));
            self.shows_only(&what, k, &[slot], id);
        }
    }

    /// Each face in `slots` of photo `k` is `child`'s own or one said not to
    /// be a child's (a parent's copy, a child's picture).
    fn shows_only(&self, what: &str, k: &Known, slots: &[usize], child: &str) {
        for s in slots {
            match k.said.get(s) {
                Some(Said::Child(c)) if c == child => {}
                Some(Said::NotAChild) => {}
                other => self.fail(format!("{what} shows face {s} ({other:?}), not {child}'s")),
            }
        }
    }

    fn subject_access(&mut self) {
        let k = self.rng.below(KIDS.len());
        let id = KIDS[k].0;
        if self.erased.contains(id) {
            return;
        }
        let dir = self.out_dir().join("sar");
        self.log.push(format!("subject access {id}"));
        let mut reg = self.register();
        let child = reg.children().expect("children").into_iter().find(|c| c.id == id).expect("child");
        let mut ctx = self.ctx(&mut reg);
        let mut folder = workflow::sink::Folder::new(&ctx, &dir).expect("folder");
        workflow::sar::subject_access(&mut ctx, &child, &mut folder, &self.identity, self.today).expect("sar");
        drop(reg);
        self.check_files(&dir.join("photos"), &Output::Parent(id.to_string()));
        self.check_pack(&dir, id);
    }

    // ------------------------------------------------------------ the oracle

    fn fail(&self, what: String) -> ! {
        panic!("{what}\n--- steps ---\n{}", self.log.join("\n"));
    }

    /// The model's faces found on the pixels of `bytes`, as slots.
    fn slots_on(&self, bytes: &[u8]) -> Vec<usize> {
        let img = image::load_from_memory(bytes).unwrap_or_else(|e| self.fail(format!("does not decode: {e}")));
        let found = consentgate::faces::Detector::detect(&Boards, img, 0).expect("detect");
        found
            .iter()
            .map(|f| {
                slot_of(f.rect).unwrap_or_else(|| self.fail(format!("a face nowhere the model drew one: {:?}", f.rect)))
            })
            .collect()
    }

    /// Every face on a stored (or written-out) copy of `k` is a tagged,
    /// consenting child's or said not to be a child's; every child tagged
    /// or named by its files has consent for `purposes`.
    fn face_ok(&self, what: &str, k: &Known, slots: &[usize], purposes: &[String]) {
        let need = needed(purposes, k.tagged.len());
        for s in slots {
            match k.said.get(s) {
                None => self.fail(format!("{what}: face in slot {s} nobody said whose ({k:?})")),
                Some(Said::NotAChild) => {}
                Some(Said::Child(c)) => {
                    if !k.tagged.contains(c) {
                        self.fail(format!("{what}: face in slot {s} is {c}, who is not tagged ({k:?})"));
                    }
                }
            }
        }
        if k.unknown {
            self.fail(format!("{what}: a tag names nobody ({k:?})"));
        }
        if !k.reviewed && (k.file_unknown || !k.file_named.is_subset(&k.tagged)) {
            self.fail(format!("{what}: its own files name someone not tagged ({k:?})"));
        }
        for c in &k.tagged {
            for p in &need {
                if !consents(&self.history, &self.erased, c, p, self.today) {
                    self.fail(format!("{what}: {c} has no consent for {p} ({k:?})"));
                }
            }
        }
    }

    fn check(&self) {
        let reg = self.register();
        let layout = consentgate::vault::Layout::new(&self.config);
        // Nothing lost on its way in.
        for s in &self.all_shots {
            let in_inbox = self.config.paths.inbox.join("ipad1").join(&s.name).exists();
            let on_register = reg.photo(&s.id).expect("read").is_some();
            if !in_inbox && !on_register {
                self.fail(format!("{} left the inbox and is not on the register", s.name));
            }
        }
        for p in reg.photos(None).expect("photos") {
            let k = self.known.get(p.id.as_str());
            if p.state == PhotoState::Deleted {
                if !k.is_some_and(|k| k.may_go) {
                    self.fail(format!("photo {} was deleted, and no person or rule said it may go", &p.id[..8]));
                }
                continue;
            }
            let blob = layout.blob_path(&p.id, p.state).expect("a place");
            if !blob.exists() {
                self.fail(format!("photo {} ({}) has no ciphertext", &p.id[..8], p.state));
            }
            if p.state != PhotoState::Stored {
                continue;
            }
            let Some(k) = k else { self.fail(format!("a stored photo the model never made: {}", p.id)) };
            if k.untagged {
                self.fail(format!("photo {} stored untagged", &p.id[..8]));
            }
            let bytes = consentgate::vault::open(&blob, &self.identity).expect("decrypt");
            let slots = self.slots_on(&bytes);
            self.face_ok(&format!("stored photo {}", &p.id[..8]), k, &slots, &k.purposes);
        }
    }

    /// Every file written out, on its own pixels.
    fn check_files(&self, dir: &Path, output: &Output) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for e in entries {
            let path = e.expect("entry").path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
            mode_is_private(&path);
            self.check_file(&name, &std::fs::read(&path).expect("read"), output);
        }
    }

    /// One file sent out, named `name` (ending in its photo's short id).
    fn check_file(&self, name: &str, bytes: &[u8], output: &Output) {
        let prefix = name.rsplit('_').next().and_then(|t| t.split('.').next()).unwrap_or_default();
        let Some((id, k)) = self.known.iter().find(|(id, _)| id.starts_with(prefix)) else {
            self.fail(format!("{name}: a file of no photo the model made"));
        };
        let slots = self.slots_on(bytes);
        match output {
            Output::Use(purpose) => {
                self.face_ok(&format!("{name} (of {})", &id[..8]), k, &slots, std::slice::from_ref(purpose))
            }
            Output::Parent(child) => self.shows_only(&format!("{name}: a parent's copy"), k, &slots, child),
        }
    }

    /// A parent's copy names no other child, gives no other child's id,
    /// carries no note a member of staff wrote, and is owner-only.
    fn check_pack(&self, dir: &Path, child: &str) {
        for e in std::fs::read_dir(dir).expect("pack") {
            let path = e.expect("entry").path();
            if path.is_dir() {
                continue;
            }
            mode_is_private(&path);
            let text = String::from_utf8_lossy(&std::fs::read(&path).expect("read")).to_string();
            if text.contains(NOTE) {
                self.fail(format!("{}: carries a staff note", path.display()));
            }
            for (i, (id, name, ..)) in KIDS.iter().enumerate() {
                if *id == child {
                    continue;
                }
                let words =
                    std::iter::once(id.to_string()).chain([name.to_string()]).chain(self.aliases[i].iter().cloned());
                for w in words {
                    if text.contains(&w) {
                        self.fail(format!("{}: names another child ({w})", path.display()));
                    }
                }
            }
        }
    }
}

enum Output {
    Use(String),
    Parent(String),
}

fn mode_is_private(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "{} is {mode:o}", path.display());
}

/// A JPEG of `img` as an iPad writes it: EXIF make, model and time; XMP
/// people (with MWG face regions where given) and a caption.
fn jpeg(img: &image::RgbImage, taken: NaiveDate, people: &[(String, Option<usize>)], caption: Option<&str>) -> Vec<u8> {
    use img_parts::jpeg::{markers, Jpeg, JpegSegment};
    use img_parts::Bytes;
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 95).encode_image(img).expect("encode");
    let mut w = exif::experimental::Writer::new();
    let make = exif::Field {
        tag: exif::Tag::Make,
        ifd_num: exif::In::PRIMARY,
        value: exif::Value::Ascii(vec![b"Apple".to_vec()]),
    };
    let model = exif::Field {
        tag: exif::Tag::Model,
        ifd_num: exif::In::PRIMARY,
        value: exif::Value::Ascii(vec![b"iPad (9th generation)".to_vec()]),
    };
    let when = exif::Field {
        tag: exif::Tag::DateTimeOriginal,
        ifd_num: exif::In::PRIMARY,
        value: exif::Value::Ascii(vec![format!("{} 09:00:00", taken.format("%Y:%m:%d")).into_bytes()]),
    };
    w.push_field(&make);
    w.push_field(&model);
    w.push_field(&when);
    let mut tiff = std::io::Cursor::new(Vec::new());
    w.write(&mut tiff, false).expect("exif");
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(&tiff.into_inner());
    let mut j = Jpeg::from_bytes(Bytes::from(out)).expect("jpeg");
    let mut at = 1;
    j.segments_mut().insert(at, JpegSegment::new_with_contents(markers::APP1, Bytes::from(app1)));
    if !people.is_empty() || caption.is_some() {
        let mut xmp = String::from(
            r#"http://ns.adobe.com/xap/1.0/ <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:mwg-rs="http://www.metadataworkinggroup.com/schemas/regions/" xmlns:stArea="http://ns.adobe.com/xmp/sType/Area#">"#,
        );
        let xml_escape = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;");
        if !people.is_empty() {
            xmp.push_str("<Iptc4xmpExt:PersonInImage><rdf:Bag>");
            for (p, _) in people {
                xmp.push_str(&format!("<rdf:li>{}</rdf:li>", xml_escape(p)));
            }
            xmp.push_str("</rdf:Bag></Iptc4xmpExt:PersonInImage>");
            let regions: Vec<&(String, Option<usize>)> = people.iter().filter(|(_, s)| s.is_some()).collect();
            if !regions.is_empty() {
                xmp.push_str(r#"<mwg-rs:Regions rdf:parseType="Resource"><mwg-rs:RegionList><rdf:Bag>"#);
                for (p, s) in regions {
                    let b = face_box(s.unwrap_or(0));
                    xmp.push_str(&format!(
                        r#"<rdf:li><rdf:Description mwg-rs:Name="{}" mwg-rs:Type="Face"><mwg-rs:Area stArea:x="{}" stArea:y="{}" stArea:w="{}" stArea:h="{}" stArea:unit="normalized"/></rdf:Description></rdf:li>"#,
                        xml_escape(p),
                        b[0] + b[2] / 2.0,
                        b[1] + b[3] / 2.0,
                        b[2] * 1.2,
                        b[3] * 1.2
                    ));
                }
                xmp.push_str("</rdf:Bag></mwg-rs:RegionList></mwg-rs:Regions>");
            }
        }
        if let Some(c) = caption {
            xmp.push_str(&format!(
                r#"<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{}</rdf:li></rdf:Alt></dc:description>"#,
                xml_escape(c)
            ));
        }
        xmp.push_str("</rdf:Description></rdf:RDF></x:xmpmeta>");
        let mut contents = xmp.into_bytes();
        // The namespace is NUL-terminated, as the XMP spec lays it out.
        contents[28] = 0;
        at += 1;
        j.segments_mut().insert(at, JpegSegment::new_with_contents(markers::APP1, Bytes::from(contents)));
    }
    j.encoder().bytes().to_vec()
}

/// Runs case `seed`: a fresh setting, `STEPS` steps, the oracle after each.
fn run_case(seed: u64) {
    let mut w = World::new(seed);
    w.log.push(format!("case {seed}"));
    for _ in 0..STEPS {
        w.step();
        w.check();
    }
}

fn cases() -> u64 {
    std::env::var("GATE_MODEL_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(CASES)
}

/// Cases that once found a hole, run every time. 1600: a photo sent back
/// for tagging was tagged again by its late sidecar (left in the inbox by a
/// crash), and a redaction then stored the copy with nobody having tagged it.
#[test]
fn cases_that_once_failed_hold() {
    const ONCE_FAILED: &[u64] = &[1600];
    // In processes of their own, as the shares below: this test runs beside
    // the next one, and the model's crash points and clock are the
    // process's (run in this process, a crash point of the other's cases
    // could fire in these, and the test failed now and then).
    for &seed in ONCE_FAILED {
        cases_succeed(seed, cases_in_own_process(seed, 1));
    }
}

/// `count` cases from `seed`, run by this same binary's
/// `the_gate_holds_over_random_days_with_crashes` in a process of its own.
fn cases_in_own_process(seed: u64, count: u64) -> std::process::Child {
    std::process::Command::new(std::env::current_exe().expect("this test binary"))
        .args(["--exact", "the_gate_holds_over_random_days_with_crashes", "--test-threads=1"])
        .env("GATE_MODEL_WORKER", "1")
        .env("GATE_MODEL_SEED", seed.to_string())
        .env("GATE_MODEL_CASES", count.to_string())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("a worker")
}

/// Waits for the cases from `from` run by `child`, and asserts they held.
fn cases_succeed(from: u64, child: std::process::Child) {
    let out = child.wait_with_output().expect("the worker ends");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && said.contains("test result: ok. 1 passed"),
        "the cases from seed {from} failed (or did not run):\n{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The cases, shared out over the machine's cores: the model's crash
/// points and its clock are the process's own, so each share runs in a
/// process of its own (this same test, started again with its seeds).
#[test]
fn the_gate_holds_over_random_days_with_crashes() {
    let first: u64 = std::env::var("GATE_MODEL_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(1);
    let n = cases();
    let workers = if std::env::var_os("GATE_MODEL_WORKER").is_some() {
        1
    } else {
        std::thread::available_parallelism().map_or(1, |p| p.get()).clamp(1, 8) as u64
    };
    let share = n.div_ceil(workers);
    let others: Vec<(u64, std::process::Child)> = (1..workers)
        .map(|k| first + k * share)
        .filter(|&from| from < first + n)
        .map(|from| (from, cases_in_own_process(from, share.min(first + n - from))))
        .collect();
    for seed in first..first + share.min(n) {
        run_case(seed);
    }
    for (from, child) in others {
        cases_succeed(from, child);
    }
}

#[test]
#[ignore = "a long soak: cargo test --test gate_model -- --ignored (20,000 cases)"]
fn the_gate_holds_over_twenty_thousand_cases() {
    for seed in 1_000_000..1_020_000 {
        run_case(seed);
    }
}
