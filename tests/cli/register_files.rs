//! The register holds children's names: the database and its `-wal` and
//! `-shm` files are owner-only (0600), for a new setup and an old one,
//! while `consentgate serve` runs. Through the real binary.
#![cfg(unix)]

use crate::common::{Server, Setup};
use std::os::unix::fs::PermissionsExt;

const FILES: [&str; 3] = ["consentgate.db", "consentgate.db-wal", "consentgate.db-shm"];

fn mode(s: &Setup, file: &str) -> u32 {
    let p = s.data().join(file);
    std::fs::metadata(&p).map(|m| m.permissions().mode() & 0o777).unwrap_or_else(|e| panic!("{p:?}: {e}"))
}

/// Serves, and writes to the register while it serves (the server holds
/// its connection open, so the -wal and -shm files are there).
fn serve_and_write(s: &Setup, child: &str) -> Server {
    let srv = Server::start(s);
    s.ok(&["child", "add", child, "--name", "A Child", "--room", "Rainbow"]);
    srv
}

#[test]
fn the_register_and_its_wal_files_are_owner_only() {
    let s = Setup::new();
    s.seed();
    s.ok(&["child", "list"]);
    let srv = serve_and_write(&s, "C010");
    for f in FILES {
        assert_eq!(mode(&s, f), 0o600, "{f} is {:o}", mode(&s, f));
    }
    drop(srv);
    // A setup from before: its loosened files are tightened when opened.
    for f in FILES {
        let p = s.data().join(f);
        if p.exists() {
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        }
    }
    s.ok(&["child", "list"]);
    let _srv = serve_and_write(&s, "C011");
    for f in FILES {
        assert_eq!(mode(&s, f), 0o600, "{f} after reopening is {:o}", mode(&s, f));
    }
}
