//! `cargo bench`: the same measurement as `consentgate bench`.

fn main() {
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_consentgate"))
        .args(["bench", "--photos", "40", "--big-mib", "1024"])
        .status()
        .expect("run consentgate bench");
    assert!(status.success());
}
