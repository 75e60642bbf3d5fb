//! The `consentgate` binary: everything lives in the library.

fn main() -> std::process::ExitCode {
    consentgate::cli::main()
}
