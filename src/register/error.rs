//! How a register operation fails: one variant for each way, each saying
//! its kind (from which the CLI's exit code and the web's status derive).

use crate::audit;
use crate::model::ChildId;

#[derive(Debug, thiserror::Error)]
pub enum RegisterError {
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("database migration: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("{0}")]
    Audit(#[from] audit::AuditError),
    #[error("register files: {0}")]
    Files(#[from] std::io::Error),
    #[error("no {what} `{id}` on the register")]
    NotFound { what: &'static str, id: String },
    /// Nothing of that name, but some close to it.
    #[error("no {what} `{id}` on the register: did you mean {like}?")]
    NotFoundLike { what: &'static str, id: String, like: String },
    #[error("{what} `{id}` is already on the register")]
    Duplicate { what: &'static str, id: String },
    #[error("`{label}` could be any of: {candidates} (use the id)")]
    Ambiguous { label: String, candidates: String },
    /// A text field over its limit, or with a line break where one may not be.
    #[error(transparent)]
    Text(#[from] crate::limits::TextError),
    /// A note that must say something is empty; which one, in words.
    #[error("{0}")]
    NoteRequired(&'static str),
    #[error("guardian `{id}` is already on the register as `{name}`; use another id for another person")]
    GuardianIdTaken { id: String, name: String },
    #[error("`{guardian}` is not a guardian of {child} (add them with `guardian add`)")]
    NotAGuardian { guardian: String, child: ChildId },
    #[error("inbox folder `{folder}` already belongs to device `{owner}`")]
    FolderTaken { folder: String, owner: String },
    #[error("`{0}` is not a photo id: give at least 8 hex characters of it")]
    NotAPhotoId(String),
    /// A face ledger whose lines are not one per face found.
    #[error(
        "the face ledger of photo {} has {} line(s), the photo {} face(s) found",
        crate::model::short(.photo),
        .lines.map_or("no".into(), |n| n.to_string()),
        .found.map_or("had no face check, so no".into(), |n| n.to_string())
    )]
    LedgerSize { photo: String, lines: Option<i64>, found: Option<i64> },
    #[error("photo {} was deleted: it cannot be decided again", crate::model::short(.0))]
    DecidedAfterDeletion(String),
    #[error("take-down {id} was marked done already ({at})")]
    TakedownDone { id: i64, at: crate::model::At },
    #[error("incident {incident} was marked a possible breach at {at}")]
    BreachMarked { incident: i64, at: crate::model::At },
    #[error("incident {0} is not marked a possible breach")]
    NotABreach(i64),
    #[error("incident {incident} was decided already ({at})")]
    BreachDecided { incident: i64, at: crate::model::At },
    #[error("request {0} is not open")]
    RequestNotOpen(i64),
    /// Another writer kept the register busy: a retry soon will do.
    #[error("the register kept changing while a photo was being recorded: try again")]
    KeptChanging,
    /// The change would leave the setting without an active manager.
    #[error("cannot {action} {user}: they are the last manager who can log in (add another manager first)")]
    LastManager { action: String, user: String },
    /// A child's picture the rule does not allow (see
    /// [`crate::policy::picture`]), every problem named.
    #[error(
        "no picture of {child} from photo {}: {}",
        crate::model::short(.photo),
        crate::policy::picture::describe(.problems)
    )]
    PictureRefused { child: String, photo: String, problems: Vec<crate::policy::picture::PictureProblem> },
    /// The store refused to commit a photo as stored: it breaks an
    /// invariant of the gate.
    #[error("refused to store photo {photo}: {violation}")]
    Refused { photo: String, violation: crate::policy::Violation },
}

impl crate::error::KindOf for RegisterError {
    fn kind(&self) -> crate::error::Kind {
        use crate::error::Kind;
        match self {
            RegisterError::Sqlite(rusqlite::Error::SqliteFailure(e, _))
                if matches!(e.code, rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) =>
            {
                Kind::RetryLater
            }
            RegisterError::Sqlite(_)
            | RegisterError::Migration(_)
            | RegisterError::Audit(_)
            | RegisterError::Files(_) => Kind::Failed,
            RegisterError::KeptChanging => Kind::RetryLater,
            RegisterError::NotFound { .. } | RegisterError::NotFoundLike { .. } => Kind::NotFound,
            RegisterError::Duplicate { .. } => Kind::Conflict,
            // Each as before (bad input), one by one: a new one must say its kind.
            RegisterError::Ambiguous { .. }
            | RegisterError::Text(_)
            | RegisterError::NoteRequired(_)
            | RegisterError::GuardianIdTaken { .. }
            | RegisterError::NotAGuardian { .. }
            | RegisterError::FolderTaken { .. }
            | RegisterError::NotAPhotoId(_)
            | RegisterError::LedgerSize { .. }
            | RegisterError::DecidedAfterDeletion(_)
            | RegisterError::TakedownDone { .. }
            | RegisterError::BreachMarked { .. }
            | RegisterError::NotABreach(_)
            | RegisterError::BreachDecided { .. }
            | RegisterError::RequestNotOpen(_) => Kind::BadInput,
            RegisterError::Refused { .. }
            | RegisterError::LastManager { .. }
            | RegisterError::PictureRefused { .. } => Kind::Refused,
        }
    }
}
