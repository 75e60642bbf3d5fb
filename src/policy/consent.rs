//! The current state of a child's consent for a purpose, derived from the
//! append-only history of grants, refusals and withdrawals.

use super::{ReasonCode, Rules, Snapshot};
use crate::model::ConsentAction;
use chrono::{Days, NaiveDate};
use serde::Serialize;

/// The current state of one child's consent for one purpose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ConsentStatus {
    /// A valid grant, due for review on `review_by`.
    Granted {
        by: String,
        signed: NaiveDate,
        review_by: NaiveDate,
    },
    /// No event at all.
    Missing,
    Refused {
        by: String,
        on: NaiveDate,
    },
    Withdrawn {
        by: String,
        on: NaiveDate,
    },
    /// A grant whose review date has passed.
    ReviewOverdue {
        by: String,
        signed: NaiveDate,
        review_by: NaiveDate,
    },
    /// A grant by someone without parental responsibility for this child.
    WithoutParentalResponsibility {
        by: String,
        signed: NaiveDate,
    },
}

impl ConsentStatus {
    pub fn is_valid(&self) -> bool {
        matches!(self, ConsentStatus::Granted { .. })
    }

    /// The reason this status stands against a photo, if it does.
    pub fn reason_code(&self) -> Option<ReasonCode> {
        match self {
            ConsentStatus::Granted { .. } => None,
            ConsentStatus::Missing => Some(ReasonCode::NoConsent),
            ConsentStatus::Refused { .. } => Some(ReasonCode::ConsentRefused),
            ConsentStatus::Withdrawn { .. } => Some(ReasonCode::ConsentWithdrawn),
            ConsentStatus::ReviewOverdue { .. } => Some(ReasonCode::ConsentReviewOverdue),
            ConsentStatus::WithoutParentalResponsibility { .. } => {
                Some(ReasonCode::ConsentWithoutParentalResponsibility)
            }
        }
    }

    /// A short word for listings.
    pub fn label(&self) -> &'static str {
        match self {
            ConsentStatus::Granted { .. } => "granted",
            ConsentStatus::Missing => "none",
            ConsentStatus::Refused { .. } => "refused",
            ConsentStatus::Withdrawn { .. } => "withdrawn",
            ConsentStatus::ReviewOverdue { .. } => "review overdue",
            ConsentStatus::WithoutParentalResponsibility { .. } => "no parental responsibility",
        }
    }
}

/// When a grant signed on `signed` is due for review, absent an explicit date.
pub fn default_review_by(signed: NaiveDate, rules: &Rules) -> NaiveDate {
    signed.checked_add_days(Days::new(u64::from(rules.consent_review_days))).unwrap_or(NaiveDate::MAX)
}

/// Derives the current consent of `child` for `purpose` from the history.
///
/// The latest event in effect wins: latest by date, then by the order it was
/// recorded. Events dated after `today` are not yet in effect (a withdrawal
/// "from next Monday" bites on Monday).
pub fn consent_status(
    snapshot: &Snapshot,
    child: &str,
    purpose: &str,
    rules: &Rules,
    today: NaiveDate,
) -> ConsentStatus {
    let latest = snapshot
        .consents
        .iter()
        .filter(|e| e.child_id == child && e.purpose == purpose && e.date <= today)
        .max_by_key(|e| (e.date, e.seq));
    let Some(ev) = latest else {
        return ConsentStatus::Missing;
    };
    match ev.action {
        ConsentAction::Refuse => ConsentStatus::Refused { by: ev.by.clone(), on: ev.date },
        ConsentAction::Withdraw => ConsentStatus::Withdrawn { by: ev.by.clone(), on: ev.date },
        ConsentAction::Grant => {
            let has_pr = snapshot
                .guardians
                .iter()
                .any(|g| g.guardian_id == ev.by && g.child_id == child && g.parental_responsibility);
            if !has_pr {
                return ConsentStatus::WithoutParentalResponsibility { by: ev.by.clone(), signed: ev.date };
            }
            let review_by = ev.review_by.unwrap_or_else(|| default_review_by(ev.date, rules));
            if today > review_by {
                ConsentStatus::ReviewOverdue { by: ev.by.clone(), signed: ev.date, review_by }
            } else {
                ConsentStatus::Granted { by: ev.by.clone(), signed: ev.date, review_by }
            }
        }
    }
}
