//! The manager's pages: the quarantine queue, the consent register,
//! devices, the retention plan, the audit log, incidents. (Disclosures and
//! take-downs: [`super::publish`].)

use super::auth::Manager;
use super::pages::{csrf, page};
use super::practitioner::photo_id;
use super::{blocking, AppError, AppState};
use crate::input::records;
use crate::model::short;
use crate::model::{ConsentAction, ConsentEvent, Device, GuardianLink, PhotoState};
use crate::policy::{consent_status, ConsentStatus, GROUP_IN_OTHERS_JOURNEY, LEARNING_JOURNEY};
use crate::register::Change;
use crate::workflow;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Response};
use maud::{html, Markup};
use std::sync::Arc;

mod devices;
mod erase;
mod inbox;
mod logs;
mod overview;
mod photos;
mod quarantine_actions;
mod queue;
mod register;
mod users;

pub use devices::{add_device, devices, remove_device, retire_device};
pub use erase::{erase as erase_child, plan as erase_plan};
pub use logs::{audit, audit_verify, incidents, keep_photo, retention};
pub use overview::{child, child_export, child_leave, dashboard};
pub use photos::{delete as delete_photo, gallery, photo};
pub use quarantine_actions::{quarantine_action, quarantine_bulk, redact_preview};
pub use queue::quarantine;
pub use register::{add_child, add_guardian, consent, import, register};
pub use users::{add_user, user_action, users};

/// Which page of a long list is shown: the page asked for, kept within
/// the pages there are (at least one).
pub(super) struct Pager {
    pub page: usize,
    pub pages: usize,
    per_page: usize,
}

impl Pager {
    pub fn new(total: usize, per_page: usize, asked: Option<usize>) -> Pager {
        let pages = total.div_ceil(per_page).max(1);
        Pager { page: asked.unwrap_or(1).clamp(1, pages), pages, per_page }
    }

    /// How many items come before this page.
    pub fn offset(&self) -> usize {
        (self.page - 1) * self.per_page
    }

    /// The items of this page.
    pub fn of<'a, T>(&self, items: impl IntoIterator<Item = T> + 'a) -> impl Iterator<Item = T> + 'a {
        items.into_iter().skip((self.page - 1) * self.per_page).take(self.per_page)
    }

    /// Links to the pages either side (`back` and `on` name them), or
    /// nothing when there is one page.
    pub fn nav(&self, link: impl Fn(usize) -> String, back: &str, on: &str) -> Markup {
        html! {
            @if self.pages > 1 {
                nav.pages aria-label="Pages" {
                    @if self.page > 1 { a href=(link(self.page - 1)) { (back) } }
                    span { "Page " (self.page) " of " (self.pages) }
                    @if self.page < self.pages { a href=(link(self.page + 1)) { (on) } }
                }
            }
        }
    }
}

/// A photo as a link to its page: a small thumbnail (not for a deleted
/// photo: there is nothing left to show) and its file name.
pub(super) fn photo_link(id: &str, name: &str, state: PhotoState) -> Markup {
    html! {
        @if state == PhotoState::Deleted {
            (name) span.muted { " (deleted)" }
        } @else {
            a.photolink href={ "/photos/" (id) } {
                img.mini src={ "/photo/" (id) "/thumb" } alt="" loading="lazy";
                (name)
            }
        }
    }
}

/// Percent-encodes a query value.
pub(super) fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

pub(super) fn field<'a>(form: &'a [(String, String)], key: &str) -> &'a str {
    form.iter().find(|(k, _)| k == key).map(|(_, v)| v.trim()).unwrap_or("")
}

/// The current consent in words, with the guardian's name and local dates.
pub(super) fn consent_words(s: &ConsentStatus, ui: &crate::config::Ui, name: &dyn Fn(&str) -> String) -> String {
    match s {
        ConsentStatus::Granted { review_by, .. } => format!("given, review by {}", ui.date(*review_by)),
        ConsentStatus::ReviewOverdue { review_by, .. } => {
            format!("given, but the review was due on {}", ui.date(*review_by))
        }
        ConsentStatus::WithoutParentalResponsibility { by, .. } => {
            format!("signed by {}, who has no parental responsibility: not valid", name(by))
        }
        ConsentStatus::Refused { on, .. } => format!("refused on {}", ui.date(*on)),
        ConsentStatus::Withdrawn { on, .. } => format!("withdrawn on {}", ui.date(*on)),
        ConsentStatus::Missing => "none recorded".into(),
    }
}

pub(super) fn state_class(s: &ConsentStatus) -> &'static str {
    match s {
        ConsentStatus::Granted { .. } => "state-granted",
        ConsentStatus::ReviewOverdue { .. } => "state-review_overdue",
        ConsentStatus::WithoutParentalResponsibility { .. } => "state-without_parental_responsibility",
        ConsentStatus::Refused { .. } => "state-refused",
        ConsentStatus::Withdrawn { .. } => "state-withdrawn",
        ConsentStatus::Missing => "state-missing",
    }
}

/// After a register change: re-check the stored and waiting photos.
pub(super) fn recheck(
    st: &AppState,
    reg: &mut crate::register::Register,
    actor: &str,
    cause: &str,
) -> crate::error::Result<Vec<workflow::Moved>> {
    let mut w = workflow::Ctx::new(reg, &st.config, st.today(), actor);
    workflow::recheck_owed(&mut w, cause)
}

pub(super) fn done(
    user: &super::auth::User,
    here: &str,
    title: &str,
    text: String,
    moved: &[workflow::Moved],
) -> Response {
    done_and(user, here, title, text, moved, html! {})
}

/// [`done`], with more to show after the photos moved.
pub(super) fn done_and(
    user: &super::auth::User,
    here: &str,
    title: &str,
    text: String,
    moved: &[workflow::Moved],
    more: Markup,
) -> Response {
    page(
        user,
        here,
        title,
        html! {
            div.flash { (text) }
            @if !moved.is_empty() {
                div.flash.held {
                    strong { "Photos checked again that moved:" }
                    ul { @for m in moved {
                        li {
                            a href={ "/photos/" (m.photo) } { (m.file) } ": "
                            @match m.to {
                                PhotoState::Stored => "stored in the vault",
                                PhotoState::AwaitingTags => "back in the tagging queue",
                                PhotoState::Quarantined => "held for the manager",
                                PhotoState::Deleted => "deleted",
                            }
                            @if !m.why.is_empty() { " — " (m.why.join("; ")) }
                        }
                    } }
                }
            }
            (more)
            p { a href=(here) { "Back" } }
        },
    )
    .into_response()
}
