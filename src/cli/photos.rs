//! `ingest`, `serve`, `photo list|show` and `tag`.

use super::{print_json, table, BadInput, Ctx};
use crate::ingest::{Entry, Ingestor};
use crate::model::short;
use crate::model::PhotoState;
use crate::register::PhotoRecord;
use crate::vault::Layout;
use clap::{Args, Subcommand};
use std::time::Duration;

#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Process what is in the inbox now, then exit
    #[arg(long, required = true)]
    once: bool,
    /// How long to wait for files still being written [default: 10 × ingest.settle_ms, at least 5 s]
    #[arg(long, value_name = "SECS")]
    wait: Option<u64>,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Where the web UI listens [default: web.bind]; port 0 picks a free one
    #[arg(long, value_name = "ADDR")]
    pub bind: Option<String>,
    /// Only watch the inbox: no web UI (the identity is then not needed)
    #[arg(long)]
    pub no_web: bool,
    /// Start locked even on a terminal: photos are taken in, checked and
    /// encrypted; a manager unlocks the rest on the web (/unlock). Without
    /// a terminal and $CONSENTGATE_PASSPHRASE (on boot) it always starts so
    #[arg(long)]
    pub locked: bool,
}

#[derive(Debug, Subcommand)]
pub enum PhotoCmd {
    /// List photos, oldest first
    List {
        /// Only photos in this state
        #[arg(long, value_parser = parse_state)]
        state: Option<PhotoState>,
        #[arg(long)]
        json: bool,
    },
    /// Check every stored, waiting and held photo against the register now
    /// (register commands do this themselves; `serve` does it daily)
    Recheck {
        #[arg(long)]
        json: bool,
    },
    /// The faces the detector found in a photo, numbered for `tag --face`
    Faces {
        /// The photo id, or a unique prefix of at least 8 hex characters
        photo: String,
        /// The age identity that reads the archive [default: paths.identity]
        #[arg(long, value_name = "FILE")]
        identity: Option<std::path::PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Everything the register knows about one photo
    Show {
        /// The photo id, or a unique prefix of at least 8 hex characters
        photo: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct TagArgs {
    /// The photo id, or a unique prefix of at least 8 hex characters
    photo: String,
    /// The children in the photo: ids, names or aliases
    #[arg(required_unless_present_any = ["nobody", "not_faces", "faces"], conflicts_with = "nobody")]
    children: Vec<String>,
    /// Face N (see `photo faces`) is CHILD's: tags the child, and the face is theirs (repeatable)
    #[arg(long = "face", num_args = 2, value_names = ["N", "CHILD"], conflicts_with = "nobody")]
    faces: Vec<String>,
    /// Face N is not a child's face: a poster, a doll, an adult visitor (repeatable; needs --note)
    #[arg(long = "not-a-face", value_name = "N", requires = "note")]
    not_faces: Vec<usize>,
    /// Why, for the audit log
    #[arg(long)]
    note: Option<String>,
    /// There are no children in this photo (artwork, the room)
    #[arg(long)]
    nobody: bool,
    /// What the photo is for (repeatable) [default: purposes.default]
    #[arg(long = "purpose", value_name = "P")]
    purposes: Vec<String>,
    #[arg(long)]
    json: bool,
}

fn parse_state(s: &str) -> Result<PhotoState, String> {
    PhotoState::parse(s).ok_or_else(|| format!("`{s}`: use awaiting_tags, stored, quarantined or deleted"))
}

fn reasons_text(reasons: &[crate::policy::Reason]) -> String {
    if reasons.is_empty() {
        "-".into()
    } else {
        reasons.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
    }
}

/// Prints a pass's entries as a table.
pub fn print_entries(entries: &[Entry]) {
    let rows: Vec<Vec<String>> = entries
        .iter()
        .map(|e| {
            let why = match (&e.detail, e.reasons.is_empty()) {
                (Some(d), true) => d.clone(),
                (Some(d), false) => format!("{}; {d}", reasons_text(&e.reasons)),
                (None, _) => reasons_text(&e.reasons),
            };
            vec![e.file.clone(), e.outcome.to_string(), e.photo.as_deref().map(short).unwrap_or("-").to_string(), why]
        })
        .collect();
    table::print(&["FILE", "OUTCOME", "PHOTO", "WHY"], &rows);
}

/// Says once, at start, when HEIC/HEIF photos cannot be decoded here.
fn warn_without_heif() {
    if let Err(why) = crate::media::heif_available() {
        eprintln!("consentgate: warning: {why}; HEIC/HEIF photos will be held as decoder_unavailable");
    }
}

pub fn ingest_once(ctx: &Ctx, args: &IngestArgs) -> crate::error::Result<()> {
    let _ = args.once;
    warn_without_heif();
    let (ingestor, recovery) = Ingestor::open(ctx.config.clone(), ctx.today)?;
    // After recovery (the files match the rows again): a re-check a crash
    // left owing is finished before anything new is taken in.
    drop(ctx.register()?);
    let settle = ctx.config.ingest.settle_ms;
    let wait = args
        .wait
        .map(Duration::from_secs)
        .unwrap_or_else(|| Duration::from_millis(settle * 10).max(Duration::from_secs(5)));
    let bar = super::progress::Bar::new(args.json);
    let entries = ingestor.run_once(wait, &bar);
    if args.json {
        print_json(&serde_json::json!({ "recovery": recovery, "files": entries }))?;
    } else {
        if !recovery.is_clean() {
            println!("recovered from an interrupted run: {recovery}");
        }
        if entries.is_empty() {
            println!("the inbox is empty");
        } else {
            print_entries(&entries);
        }
    }
    // A scheduler is told the truth: a file not taken for a reason other
    // than a copy in progress is a failed run (the files stay in the inbox).
    let left: Vec<String> = entries
        .iter()
        .filter(|e| e.needs_attention())
        .map(|e| format!("{} ({})", e.file, e.detail.as_deref().unwrap_or(e.outcome.as_str())))
        .collect();
    if !left.is_empty() {
        return Err(crate::error::err!(
            "{} file(s) were not taken and stay in the inbox: {}",
            left.len(),
            left.join("; ")
        ));
    }
    Ok(())
}

pub fn serve(ctx: &Ctx, args: &ServeArgs) -> crate::error::Result<()> {
    warn_without_heif();
    let config = ctx.config.clone();
    // The identity first (it may ask for the passphrase on a terminal): the
    // web UI shows thumbnails and redacts; ingestion needs only the
    // recipients. Without a passphrase and a terminal (on boot) it starts
    // locked, and a manager unlocks it on the web.
    let web = if args.no_web {
        None
    } else {
        let bind = args.bind.clone().unwrap_or_else(|| config.web.bind.clone());
        let addr: std::net::SocketAddr = bind.parse().map_err(|e| BadInput(format!("--bind `{bind}`: {e}")))?;
        let path = &config.paths.identity;
        let on_terminal = std::io::IsTerminal::is_terminal(&std::io::stdin());
        let identity = if !crate::keys::is_locked(path)?
            || std::env::var_os(crate::keys::PASSPHRASE_ENV).is_some()
            || (on_terminal && !args.locked)
        {
            Some(crate::keys::load_identity(path)?)
        } else {
            None
        };
        let tls = if crate::web::tls::wanted(&config, &addr) {
            Some(crate::web::tls::Tls::load(&config, &addr)?)
        } else {
            None
        };
        Some((addr, identity, tls))
    };
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    rt.block_on(async move {
        let (identity, listener) = match web {
            Some((addr, identity, tls)) => {
                let tcp = tokio::net::TcpListener::bind(addr).await?;
                let local = tcp.local_addr()?;
                let scheme = if tls.is_some() { "https" } else { "http" };
                eprintln!("consentgate: web UI on {scheme}://{local}/");
                let url = crate::web::tls::public_url(&config, &local, tls.is_some());
                if tls.is_some() {
                    eprintln!("consentgate: iPads on the setting's Wi-Fi: {url}setup");
                }
                if identity.is_none() {
                    eprintln!("consentgate: started locked: photos are taken in, checked and encrypted; a manager unlocks the rest at {url}unlock");
                }
                let listening = match tls {
                    Some(tls) => crate::web::Listening::Tls(crate::web::tls::TlsListener::new(tcp, tls)?),
                    None => crate::web::Listening::Plain(tcp),
                };
                (identity, Some((listening, url)))
            }
            None => (None, None),
        };
        eprintln!("consentgate: watching {} (Ctrl-C to stop)", config.paths.inbox.display());
        let shutdown = crate::daemon::shutdown_signal()?;
        crate::daemon::run(config, identity, listener, shutdown).await
    })?;
    eprintln!("consentgate: stopped");
    Ok(())
}

pub fn run_photo(ctx: &Ctx, cmd: PhotoCmd) -> crate::error::Result<()> {
    if let PhotoCmd::Recheck { json } = cmd {
        return super::manager::photo_recheck(ctx, json);
    }
    let reg = ctx.register()?;
    match cmd {
        PhotoCmd::Recheck { .. } => {}
        PhotoCmd::Faces { photo, identity, json } => {
            let p = reg.find_photo(&photo)?;
            let faces = face_boxes(ctx, &p, identity)?;
            let whose = |n: usize| -> String {
                match p.faces.as_ref().and_then(|f| f.get(n - 1)).map(|r| &r.is) {
                    Some(crate::policy::FaceIs::Child(c)) => c.to_string(),
                    Some(crate::policy::FaceIs::NotAChild) => "not a child's face".into(),
                    _ => String::new(),
                }
            };
            if json {
                let not_faces: Vec<usize> = p
                    .faces
                    .iter()
                    .flatten()
                    .enumerate()
                    .filter(|(_, r)| r.is == crate::policy::FaceIs::NotAChild)
                    .map(|(i, _)| i + 1)
                    .collect();
                return print_json(&serde_json::json!({
                    "photo": p.id, "faces": faces, "not_faces": not_faces, "ledger": p.to_json()["faces"],
                }));
            }
            match &faces {
                None => println!("photo {}: the face check did not run (not decoded, or turned off)", short(&p.id)),
                Some(f) if f.is_empty() => println!("photo {}: no faces found", short(&p.id)),
                Some(f) => {
                    let rows: Vec<Vec<String>> = f
                        .iter()
                        .enumerate()
                        .map(|(i, face)| {
                            let n = i + 1;
                            let r = face.rect;
                            vec![
                                n.to_string(),
                                format!("{:.3},{:.3},{:.3},{:.3}", r[0], r[1], r[2], r[3]),
                                format!("{:.2}", face.score),
                                whose(n),
                            ]
                        })
                        .collect();
                    table::print(&["N", "BOX (x,y,w,h)", "SCORE", "WHOSE"], &rows);
                }
            }
        }
        PhotoCmd::List { state, json } => {
            let photos = reg.photos(state)?;
            if json {
                return print_json(&photos.iter().map(PhotoRecord::to_json).collect::<Vec<_>>());
            }
            let rows: Vec<Vec<String>> = photos
                .iter()
                .map(|p| {
                    let tags = if p.nobody {
                        "(nobody)".to_string()
                    } else {
                        p.tags
                            .iter()
                            .map(|t| t.child_id.as_ref().map_or(t.label.clone(), String::from))
                            .collect::<Vec<_>>()
                            .join(",")
                    };
                    vec![
                        short(&p.id).to_string(),
                        p.state.to_string(),
                        p.format.clone(),
                        table::opt(&p.device),
                        table::opt(&p.captured_at),
                        if tags.is_empty() { "-".into() } else { tags },
                        p.reasons.iter().map(|r| r.code.as_str()).collect::<Vec<_>>().join(","),
                    ]
                })
                .collect();
            table::print(&["PHOTO", "STATE", "FORMAT", "DEVICE", "CAPTURED", "TAGS", "REASONS"], &rows);
        }
        PhotoCmd::Show { photo, json } => {
            let p = reg.find_photo(&photo)?;
            if json {
                return print_json(&p.to_json());
            }
            println!("photo       {}", p.id);
            println!("state       {}", p.state);
            println!(
                "file        {}{}",
                p.source_folder.as_deref().map(|f| format!("{f}/")).unwrap_or_default(),
                p.source_name
            );
            println!(
                "format      {} ({} bytes{})",
                p.format,
                p.bytes,
                match (p.width, p.height) {
                    (Some(w), Some(h)) => format!(", {w}x{h}"),
                    _ => String::new(),
                }
            );
            println!("captured    {}", table::opt(&p.captured_at));
            println!("device      {}", table::opt(&p.device));
            if let Some(c) = &p.stored.facts.camera {
                println!(
                    "camera      {} {}{}",
                    c.make,
                    c.model,
                    c.serial.as_deref().map(|s| format!(" (serial {s})")).unwrap_or_default()
                );
            }
            println!("purposes    {}", p.purposes.join(", "));
            let tags: Vec<String> = p
                .tags
                .iter()
                .map(|t| t.child_id.as_ref().map_or(format!("{} (unknown)", t.label), String::from))
                .collect();
            println!(
                "tags        {}",
                if p.nobody {
                    "no children".into()
                } else if tags.is_empty() {
                    "not tagged yet".into()
                } else {
                    tags.join(", ")
                }
            );
            println!("received    {}", p.received_at);
            for r in &p.reasons {
                println!("reason      {r}: {}", r.code.describe());
            }
        }
    }
    Ok(())
}

/// Every label must name exactly one child: the CLI refuses a typo rather
/// than quarantining the photo for it.
/// The face boxes of a photo; `None` when the check did not run. The
/// identity is read only for faces counted before the ledger kept boxes.
fn face_boxes(
    ctx: &Ctx,
    photo: &PhotoRecord,
    identity: Option<std::path::PathBuf>,
) -> crate::error::Result<Option<Vec<crate::faces::Face>>> {
    let layout = Layout::new(&ctx.config);
    let legacy = photo.faces.as_ref().is_some_and(|f| f.iter().any(|r| r.rect.is_none()));
    let key = if legacy && layout.faces_path(&photo.id).exists() {
        Some(crate::keys::load_identity(&identity.unwrap_or_else(|| ctx.config.paths.identity.clone()))?)
    } else {
        None
    };
    crate::workflow::tag::face_boxes(&layout, photo, key.as_ref())
}

pub fn tag(ctx: &Ctx, args: TagArgs) -> crate::error::Result<()> {
    let mut reg = ctx.register()?;
    let photo = reg.find_photo(&args.photo)?;
    // `--face N CHILD` pairs: the child is tagged, the box is its region.
    let mut faces = Vec::new();
    for pair in args.faces.chunks(2) {
        let who = pair.get(1).cloned().unwrap_or_default();
        let n =
            pair[0].trim().parse().map_err(|_| BadInput(format!("--face {} {who}: N is a face's number", pair[0])))?;
        faces.push((n, who));
    }
    let req = crate::workflow::tag::TagRequest {
        children: args.children.clone(),
        nobody: args.nobody,
        purposes: args.purposes.clone(),
        faces,
        regions: Vec::new(),
        not_faces: args.not_faces.clone(),
        note: args.note.clone(),
    };
    let mut w = crate::workflow::Ctx::new(&mut reg, &ctx.config, ctx.today, &ctx.actor);
    let (state, decision) = crate::workflow::tag::tag(&mut w, &photo, &req)?;
    if args.json {
        return print_json(&serde_json::json!({ "photo": photo.id, "state": state, "reasons": decision.reasons }));
    }
    match state {
        PhotoState::Stored => println!("{}: stored in the vault", short(&photo.id)),
        PhotoState::AwaitingTags => {
            println!("{}: still waiting ({})", short(&photo.id), reasons_text(&decision.reasons))
        }
        _ => {
            println!("{}: QUARANTINED for the manager:", short(&photo.id));
            for r in &decision.reasons {
                println!("  {r}: {}", r.code.describe());
            }
        }
    }
    Ok(())
}
