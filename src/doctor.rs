//! `consentgate doctor`: what is wrong with a setup, in words. Each check
//! says what it looked at, and what to do when it is not right. Problems
//! (the service would fail, or photos are at risk) make the command exit
//! non-zero; warnings do not.

use crate::config::Config;
use serde::Serialize;
use std::path::Path;

/// How a check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ok,
    Warning,
    Problem,
}

/// One check's outcome.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub name: &'static str,
    pub status: Status,
    pub says: String,
}

fn check(name: &'static str, status: Status, says: impl Into<String>) -> Check {
    Check { name, status, says: says.into() }
}

/// Below this much free space where the vault is, a problem; below ten
/// times this, a warning.
const LOW_SPACE: u64 = 1 << 30;

/// Runs every check on the setup `config` names.
pub fn run(config: &Config, today: chrono::NaiveDate) -> Vec<Check> {
    let mut out =
        vec![identity(config), recipients(config), folders(config), space(&config.paths.data), heif(), clock(today)];
    out.extend(register(config));
    out.push(tls(config));
    out.push(offsite(config));
    out
}

fn mode(path: &Path) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).ok().map(|m| m.permissions().mode() & 0o777)
}

fn identity(config: &Config) -> Check {
    let path = &config.paths.identity;
    let Some(m) = mode(path) else {
        return check(
            "identity",
            Status::Problem,
            format!("{} is missing: run `consentgate init` (nothing can be decrypted without it)", path.display()),
        );
    };
    if m & 0o077 != 0 {
        return check(
            "identity",
            Status::Problem,
            format!("{} can be read by others (mode {m:o}): chmod 600 it", path.display()),
        );
    }
    match crate::keys::is_locked(path) {
        Ok(true) => check("identity", Status::Ok, format!("{} is passphrase-protected, mode {m:o}", path.display())),
        Ok(false) => check(
            "identity",
            Status::Warning,
            format!(
                "{} is not passphrase-protected: anyone who copies the disk can open every photo \
                 (fine for a demo, not for a setting)",
                path.display()
            ),
        ),
        Err(e) => check("identity", Status::Problem, e.to_string()),
    }
}

fn recipients(config: &Config) -> Check {
    if config.keys.recipients.is_empty() {
        check(
            "recipients",
            Status::Problem,
            "keys.recipients is empty: nothing can be encrypted (run `consentgate init`)",
        )
    } else if crate::keys::recipients(&config.keys.recipients).len() != config.keys.recipients.len() {
        check("recipients", Status::Problem, "keys.recipients holds something that is not an age recipient (age1…)")
    } else {
        check("recipients", Status::Ok, format!("{} age recipient(s)", config.keys.recipients.len()))
    }
}

/// Each folder exists, is a folder, can be written by this user, and the
/// encrypted ones are private.
fn folders(config: &Config) -> Check {
    let mut wrong = Vec::new();
    for (what, dir, private) in [
        ("inbox", &config.paths.inbox, false),
        ("data", &config.paths.data, true),
        ("quarantine", &config.paths.quarantine, true),
    ] {
        if !dir.is_dir() {
            wrong.push(format!("the {what} folder {} does not exist", dir.display()));
            continue;
        }
        let probe = dir.join(format!(".cg-tmp-doctor-{}", std::process::id()));
        match std::fs::write(&probe, b"") {
            Ok(()) => {
                let _ = std::fs::remove_file(&probe);
            }
            Err(e) => wrong.push(format!("the {what} folder {} cannot be written by this user: {e}", dir.display())),
        }
        if private && mode(dir).is_some_and(|m| m & 0o077 != 0) {
            wrong.push(format!("the {what} folder {} is open to others: chmod 700 it", dir.display()));
        }
    }
    if wrong.is_empty() {
        check("folders", Status::Ok, "inbox, data and quarantine are there and writable; data and quarantine private")
    } else {
        check("folders", Status::Problem, wrong.join("; "))
    }
}

fn space(data: &Path) -> Check {
    match rustix::fs::statvfs(data) {
        Ok(s) => {
            let free = s.f_bavail.saturating_mul(s.f_frsize);
            let total = s.f_blocks.saturating_mul(s.f_frsize).max(1);
            let gib = |b: u64| format!("{:.1} GiB", b as f64 / (1u64 << 30) as f64);
            let says = format!("{} free of {} where the vault is", gib(free), gib(total));
            if free < LOW_SPACE {
                check(
                    "disk space",
                    Status::Problem,
                    format!("{says}: photos will stop being taken in; free some space"),
                )
            } else if free < 10 * LOW_SPACE || free * 20 < total {
                check("disk space", Status::Warning, format!("{says}: running low"))
            } else {
                check("disk space", Status::Ok, says)
            }
        }
        Err(e) => check("disk space", Status::Problem, format!("cannot read the space on {}: {e}", data.display())),
    }
}

fn heif() -> Check {
    match crate::media::heif_available() {
        Ok(v) => check("HEIC photos", Status::Ok, format!("libheif {v} decodes iPad and iPhone photos")),
        Err(why) => check(
            "HEIC photos",
            Status::Warning,
            format!("{why}: HEIC photos are held as decoder_unavailable (install Debian's libheif1)"),
        ),
    }
}

/// The machine's clock: a date before this release was made means a flat
/// battery or no time sync, and retention would count from the wrong day.
fn clock(today: chrono::NaiveDate) -> Check {
    let built = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
    let overridden = std::env::var_os(crate::clock::TODAY_ENV).is_some();
    if today < built {
        check(
            "clock",
            Status::Problem,
            format!("today is {today}, before this version was made: set the clock (timedatectl set-ntp true)"),
        )
    } else if overridden {
        check("clock", Status::Warning, format!("${} says today is {today} (a what-if run)", crate::clock::TODAY_ENV))
    } else {
        check("clock", Status::Ok, format!("today is {today}"))
    }
}

/// The register opens, passes SQLite's quick check, and its audit chain
/// verifies (the doctor's own verification, now).
fn register(config: &Config) -> Vec<Check> {
    let reg = match crate::register::Register::open(&config.database_path()) {
        Ok(r) => r,
        Err(e) => return vec![check("register", Status::Problem, format!("cannot open the register: {e}"))],
    };
    let quick = match reg.quick_check() {
        Ok(msg) if msg == "ok" => check("register", Status::Ok, "the database passes SQLite's quick check"),
        Ok(msg) => {
            check("register", Status::Problem, format!("the database is damaged ({msg}): restore it from a backup"))
        }
        Err(e) => check("register", Status::Problem, format!("the database cannot be checked: {e}")),
    };
    let audit = match reg.audit_verify() {
        Ok(v) if v.broken.is_none() => {
            check("audit log", Status::Ok, format!("verified just now: {} entries, the chain is intact", v.entries))
        }
        Ok(v) => check(
            "audit log",
            Status::Problem,
            format!(
                "verified just now: the chain breaks at entry {}: {}",
                v.broken.as_ref().map_or(0, |b| b.0),
                v.broken.as_ref().map_or("", |b| b.1.as_str())
            ),
        ),
        Err(e) => check("audit log", Status::Problem, format!("cannot verify the audit log: {e}")),
    };
    vec![quick, audit, inbox(&reg, config)]
}

/// What the inbox's passes left there: a file that fails on every pass
/// (or cannot be checked now) for more than a day is a problem; anything
/// else left is a warning.
fn inbox(reg: &crate::register::Register, config: &Config) -> Check {
    use crate::register::LeftKind;
    let left = match reg.inbox_left() {
        Ok(l) => l,
        Err(e) => return check("inbox", Status::Problem, format!("cannot read what the inbox's passes left: {e}")),
    };
    if left.is_empty() {
        return check("inbox", Status::Ok, "the last pass over the inbox took every file it could");
    }
    let day_ago = crate::model::At::now().plus_hours(-24);
    let stuck = left.iter().any(|l| l.kind == LeftKind::Failed && l.first_seen < day_ago);
    let files: Vec<String> = left
        .iter()
        .map(|l| format!("{} ({}; since {})", l.file, l.detail, l.first_seen.time().format("%Y-%m-%d %H:%M UTC")))
        .collect();
    check(
        "inbox",
        if stuck { Status::Problem } else { Status::Warning },
        format!(
            "{} file(s) in {} were not taken and stay there: {}. None of them was stored or deleted; a failed file is tried again on every pass",
            left.len(),
            config.paths.inbox.display(),
            files.join("; ")
        ),
    )
}

fn tls(config: &Config) -> Check {
    let bind: Option<std::net::SocketAddr> = config.web.bind.parse().ok();
    let Some(bind) = bind else {
        return check("HTTPS", Status::Problem, format!("web.bind `{}` is not an address", config.web.bind));
    };
    if !crate::web::tls::wanted(config, &bind) {
        return check(
            "HTTPS",
            Status::Warning,
            format!(
                "the web UI listens on {bind}, this computer only: the iPads cannot reach it \
                 (set web.bind = \"0.0.0.0:8443\" for the setting's Wi-Fi)"
            ),
        );
    }
    let cert = if config.web.cert.as_os_str().is_empty() {
        crate::web::tls::Files::new(config).server_cert()
    } else {
        config.web.cert.clone()
    };
    let Ok(pem) = std::fs::read_to_string(&cert) else {
        return check("HTTPS", Status::Ok, "the certificate is made when the service first starts");
    };
    match crate::web::tls::expiry_and_names(&pem) {
        Ok((until, names)) => {
            let left = (until - crate::clock::now()).num_days();
            let own = config.web.cert.as_os_str().is_empty();
            let says =
                format!("the certificate for {} runs until {} ({left} days)", names.join(", "), until.date_naive());
            if left < 0 {
                check("HTTPS", Status::Problem, format!("{says}: expired"))
            } else if left < crate::web::tls::RENEW_DAYS && !own {
                check("HTTPS", Status::Warning, format!("{says}: replace web.cert soon"))
            } else {
                check("HTTPS", Status::Ok, says)
            }
        }
        Err(e) => check("HTTPS", Status::Problem, format!("{}: {e}", cert.display())),
    }
}

fn offsite(config: &Config) -> Check {
    if !config.offsite.is_enabled() {
        return check(
            "off-site copy",
            Status::Warning,
            "no off-site copy is set up: a fire or a theft loses every photo (see the manual: backups)",
        );
    }
    match crate::offsite::last_push(config) {
        None => check(
            "off-site copy",
            Status::Problem,
            "set up, but no push has finished yet: run `consentgate offsite push`",
        ),
        Some(at) => {
            let hours = (crate::clock::now() - at).num_hours();
            let every = config.offsite.push_every_minutes.max(60) as i64 / 60;
            let says = format!("the last push finished {} ({hours} hours ago)", at.format("%Y-%m-%d %H:%M UTC"));
            if hours > 48.max(every * 3) {
                check("off-site copy", Status::Problem, format!("{says}: pushes are failing; see the service's log"))
            } else {
                check("off-site copy", Status::Ok, says)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clock_before_the_release_is_a_problem() {
        assert_eq!(clock(chrono::NaiveDate::from_ymd_opt(2001, 1, 1).expect("date")).status, Status::Problem);
    }

    /// What the passes left: nothing is fine, anything is a warning, and a
    /// file failing for more than a day is a problem; a file a later pass
    /// took or no longer finds is forgotten.
    #[test]
    fn a_file_failing_in_the_inbox_for_a_day_is_a_problem() {
        use crate::register::LeftKind;
        let mut reg = crate::register::Register::open_in_memory().expect("register");
        let config = Config::default();
        assert_eq!(inbox(&reg, &config).status, Status::Ok);
        let left = |kind| vec![("ipad/a.jpg".to_string(), kind, "the disk is full".to_string())];
        reg.note_inbox_pass(&left(LeftKind::Skipped), &[]).expect("pass");
        assert_eq!(inbox(&reg, &config).status, Status::Warning);
        reg.note_inbox_pass(&left(LeftKind::Failed), &[]).expect("pass");
        let said = inbox(&reg, &config);
        assert_eq!(said.status, Status::Warning, "failing since just now");
        assert!(said.says.contains("ipad/a.jpg (the disk is full; since "), "{}", said.says);
        let two_days_ago = crate::model::At::now().plus_hours(-48);
        reg.conn().execute("UPDATE inbox_left SET first_seen = ?1", [two_days_ago]).expect("age it");
        reg.note_inbox_pass(&left(LeftKind::Failed), &[]).expect("pass");
        assert_eq!(reg.inbox_left().expect("left")[0].passes, 3, "every pass counted");
        assert_eq!(inbox(&reg, &config).status, Status::Problem, "failing for two days");
        // A pass that has not decided on it yet keeps the record; one that
        // took it (or found it gone) forgets it.
        reg.note_inbox_pass(&[], &["ipad/a.jpg"]).expect("pass");
        assert_eq!(inbox(&reg, &config).status, Status::Problem);
        reg.note_inbox_pass(&[], &[]).expect("pass");
        assert_eq!(inbox(&reg, &config).status, Status::Ok);
    }
}
