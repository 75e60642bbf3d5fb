//! The library's errors. The CLI's exit code and the web's HTTP status are
//! both derived from [`Kind`] (as pict-rs derives its codes in
//! `src/error_code.rs`); each error type of the library says its own kind
//! ([`KindOf`]), next to where it is defined, and an [`Error`] takes that
//! kind when it is made. A type that says no kind does not convert into an
//! [`Error`] (it does not compile), so no error is classified afterwards by
//! guessing at its type. This module is at the bottom of the house: it
//! knows no other module.

use std::error::Error as StdError;
use std::fmt;

/// A failure that is the caller's to fix: bad input (exit 2, HTTP 400).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct BadInput(pub String);

/// The policy refused what was asked (exit 3, HTTP 409).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Refused(pub String);

/// Something else was busy with the same thing: the same request a little
/// later will do (exit 75, HTTP 503).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct RetryLater(pub String);

/// What kind of failure an error is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The input, the config or the environment is wrong: fix it and retry.
    BadInput,
    /// What was named does not exist (a photo, a child, a user).
    NotFound,
    /// The gate said no (a policy refusal, a photo that may not be released).
    Refused,
    /// The change clashes with what is there (a duplicate id).
    Conflict,
    /// Another writer or process was busy: the same request later will do.
    RetryLater,
    /// Something failed that the caller cannot fix (I/O, the database).
    Failed,
}

impl Kind {
    /// The CLI's exit code: 0 success, 1 failed, 2 bad input (a name that
    /// matches nothing, a duplicate), 3 refused by policy, 75 try again
    /// later (`EX_TEMPFAIL` in sysexits.h).
    pub fn exit_code(self) -> u8 {
        match self {
            Kind::BadInput | Kind::NotFound | Kind::Conflict => 2,
            Kind::Refused => 3,
            Kind::RetryLater => 75,
            Kind::Failed => 1,
        }
    }

    pub fn http_status(self) -> u16 {
        match self {
            Kind::BadInput => 400,
            Kind::NotFound => 404,
            Kind::Refused | Kind::Conflict => 409,
            Kind::RetryLater => 503,
            Kind::Failed => 500,
        }
    }
}

/// An error that knows its own kind.
pub trait KindOf {
    fn kind(&self) -> Kind;
}

/// Says the kind of every error of the types named: `kind_of!(BadInput:
/// TextError, Invalid)`, one line beside the type. A type whose variants
/// differ in kind writes its own `impl KindOf`.
macro_rules! kind_of {
    ($kind:ident: $($t:ty),+ $(,)?) => {
        $(impl $crate::error::KindOf for $t {
            fn kind(&self) -> $crate::error::Kind {
                $crate::error::Kind::$kind
            }
        })+
    };
}

kind_of!(BadInput: BadInput);
kind_of!(Refused: Refused);
kind_of!(RetryLater: RetryLater);

// Errors from other crates are failures the caller cannot fix: they say
// so here, once, and a new one is added on purpose.
kind_of!(
    Failed:
    std::io::Error,
    std::num::TryFromIntError,
    std::str::Utf8Error,
    serde_json::Error,
    tokio::task::JoinError,
    rusqlite::Error,
    image::ImageError,
    toml::de::Error,
    toml::ser::Error,
    notify::Error,
    zip::result::ZipError,
    object_store::Error,
    rcgen::Error,
    tokio_rustls::rustls::Error,
    tokio_rustls::rustls::pki_types::pem::Error,
);

/// The library's error: what went wrong, in the words of its cause and of
/// what was being done, and its [`Kind`], fixed when it was made.
pub struct Error {
    kind: Kind,
    /// The words of the cause that said what it is (a bad input, a
    /// refusal): what a person is told. `None` for a failure, told whole.
    said: Option<String>,
    chain: Box<dyn StdError + Send + Sync + 'static>,
    /// Where it was made, when `RUST_BACKTRACE` (or `RUST_LIB_BACKTRACE`)
    /// asks for it, as `anyhow` kept one; shown by `{:?}`.
    made_at: std::backtrace::Backtrace,
}

/// A result whose error is the library's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What was being done when an error happened, around its cause.
#[derive(Debug)]
struct Doing {
    what: String,
    cause: Box<dyn StdError + Send + Sync + 'static>,
}

impl fmt::Display for Doing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.what)
    }
}

impl StdError for Doing {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(&*self.cause)
    }
}

/// A failure said in words only (no cause of another type).
#[derive(Debug)]
struct Words(String);

impl fmt::Display for Words {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl StdError for Words {}

impl Error {
    /// A failure in words, of kind [`Kind::Failed`].
    pub fn msg(words: impl fmt::Display) -> Error {
        Error {
            kind: Kind::Failed,
            said: None,
            chain: Box::new(Words(words.to_string())),
            made_at: std::backtrace::Backtrace::capture(),
        }
    }

    /// The error of an operation's typed cause, of the kind it says.
    pub fn new<E: KindOf + StdError + Send + Sync + 'static>(cause: E) -> Error {
        let kind = cause.kind();
        let said = (kind != Kind::Failed).then(|| cause.to_string());
        Error { kind, said, chain: Box::new(cause), made_at: std::backtrace::Backtrace::capture() }
    }

    /// The same error, with what was being done around it. Its kind and
    /// what a person is told of a bad input or a refusal do not change.
    pub fn context(self, what: impl fmt::Display) -> Error {
        Error { chain: Box::new(Doing { what: what.to_string(), cause: self.chain }), ..self }
    }

    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// What the people who must act on it are told: the words of the cause
    /// that said what it is, or for a failure the whole chain.
    pub fn told(&self) -> String {
        self.said.clone().unwrap_or_else(|| format!("{self:#}"))
    }

    /// What a person is told of a problem that is theirs to act on (a bad
    /// input, a refusal, a clash, a wait), or the failure itself, which
    /// is not.
    pub fn for_a_person(self) -> Result<String> {
        match self.kind {
            Kind::Failed => Err(self),
            _ => Ok(self.told()),
        }
    }

    /// The causes, from what was being done to the first cause.
    pub fn chain(&self) -> impl Iterator<Item = &(dyn StdError + 'static)> {
        let first: &(dyn StdError + 'static) = &*self.chain;
        std::iter::successors(Some(first), |e: &&(dyn StdError + 'static)| (*e).source())
    }

    /// The first cause of type `T`, for a front-end that shows its details
    /// (the reasons a photo is still held).
    pub fn find<T: StdError + 'static>(&self) -> Option<&T> {
        self.chain().find_map(|e| e.downcast_ref::<T>())
    }
}

impl<E: KindOf + StdError + Send + Sync + 'static> From<E> for Error {
    fn from(cause: E) -> Error {
        Error::new(cause)
    }
}

/// `{}` is what was being done last (or the cause); `{:#}` is the whole
/// chain, joined by ": ", as `anyhow` writes it.
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !f.alternate() {
            return fmt::Display::fmt(&self.chain, f);
        }
        for (i, cause) in self.chain().enumerate() {
            if i > 0 {
                f.write_str(": ")?;
            }
            write!(f, "{cause}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self:#} ({:?})", self.kind)?;
        if self.made_at.status() == std::backtrace::BacktraceStatus::Captured {
            write!(f, "\n\nmade at:\n{}", self.made_at)?;
        }
        Ok(())
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.chain.source()
    }
}

/// Adds what was being done to an error, as `anyhow::Context` does.
pub trait Context<T> {
    fn context(self, what: impl fmt::Display) -> Result<T>;
    fn with_context<W: fmt::Display>(self, what: impl FnOnce() -> W) -> Result<T>;
}

impl<T, E: Into<Error>> Context<T> for std::result::Result<T, E> {
    fn context(self, what: impl fmt::Display) -> Result<T> {
        self.map_err(|e| e.into().context(what))
    }

    fn with_context<W: fmt::Display>(self, what: impl FnOnce() -> W) -> Result<T> {
        self.map_err(|e| e.into().context(what()))
    }
}

/// A missing value as a failure, in the given words.
impl<T> Context<T> for Option<T> {
    fn context(self, what: impl fmt::Display) -> Result<T> {
        self.ok_or_else(|| Error::msg(what))
    }

    fn with_context<W: fmt::Display>(self, what: impl FnOnce() -> W) -> Result<T> {
        self.ok_or_else(|| Error::msg(what()))
    }
}

/// A failure in words, formatted: `err!("{path}: empty")`.
macro_rules! err {
    ($($words:tt)*) => {
        $crate::error::Error::msg(format!($($words)*))
    };
}

/// Returns a failure in words.
macro_rules! bail {
    ($($words:tt)*) => {
        return Err($crate::error::err!($($words)*))
    };
}

/// Returns a failure in words unless the condition holds.
macro_rules! ensure {
    ($cond:expr, $($words:tt)*) => {
        if !$cond {
            $crate::error::bail!($($words)*);
        }
    };
}

pub(crate) use {bail, ensure, err, kind_of};

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("no child C9")]
    struct Missing;

    kind_of!(NotFound: Missing);

    fn tagging() -> Result<()> {
        Err(Missing).context("tagging IMG_1.jpg")
    }

    #[test]
    fn an_error_keeps_the_kind_and_words_of_its_cause_through_what_was_being_done() {
        let e = tagging().context("the web's tag form").unwrap_err();
        assert_eq!(e.kind(), Kind::NotFound);
        assert_eq!(e.told(), "no child C9", "a person is told what is wrong, not where");
        assert_eq!(format!("{e}"), "the web's tag form");
        assert_eq!(format!("{e:#}"), "the web's tag form: tagging IMG_1.jpg: no child C9");
        assert!(e.find::<Missing>().is_some());
        let bad = Error::from(BadInput("no such purpose".into())).context("export");
        assert_eq!((bad.kind(), bad.told()), (Kind::BadInput, "no such purpose".to_string()));
        assert_eq!(Error::from(Refused("no".into())).kind(), Kind::Refused);
        assert_eq!(Error::from(RetryLater("soon".into())).kind(), Kind::RetryLater);
    }

    #[test]
    fn a_failure_is_told_whole() {
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "gone");
        let e = Err::<(), _>(io).context("reading photo.jpg").unwrap_err();
        assert_eq!(e.kind(), Kind::Failed);
        assert_eq!(e.told(), "reading photo.jpg: gone");
        // `{:?}` (an unwrap in a test, a log) says the kind, and where the
        // error was made when RUST_BACKTRACE asks.
        assert!(format!("{e:?}").starts_with("reading photo.jpg: gone (Failed)"), "{e:?}");
        assert_eq!(e.find::<std::io::Error>().map(std::io::Error::kind), Some(std::io::ErrorKind::NotFound));
        let words = None::<u8>.context("the zip was finished already").unwrap_err();
        assert_eq!((words.kind(), words.told()), (Kind::Failed, "the zip was finished already".to_string()));
        let checked = || -> Result<()> {
            ensure!(1 + 1 == 3, "{} is not {}", 2, 3);
            Ok(())
        };
        assert_eq!(checked().unwrap_err().told(), "2 is not 3");
    }

    /// Inside another crate's error chain (a test's, a CLI's), the
    /// library's error still shows its whole chain.
    #[test]
    fn it_is_a_standard_error_with_its_causes() {
        let e = tagging().unwrap_err();
        let source = StdError::source(&e).map(ToString::to_string);
        assert_eq!(source.as_deref(), Some("no child C9"));
    }

    #[test]
    fn exit_codes_and_statuses_derive_from_the_kind() {
        let all = [Kind::BadInput, Kind::NotFound, Kind::Refused, Kind::Conflict, Kind::RetryLater, Kind::Failed];
        let codes: Vec<u8> = all.iter().map(|k| k.exit_code()).collect();
        assert_eq!(codes, [2, 2, 3, 2, 75, 1]);
        let statuses: Vec<u16> = all.iter().map(|k| k.http_status()).collect();
        assert_eq!(statuses, [400, 404, 409, 409, 503, 500]);
    }
}
