//! The overview's card of files left in the inbox: what the passes over
//! the inbox could not take, in words, with how long each has waited, so
//! that a file that fails on every pass is seen by a person.

use crate::config::Ui;
use crate::model::Device;
use crate::register::{LeftFile, LeftKind};
use maud::{html, Markup};

/// The card, or nothing when every file was taken.
pub(super) fn left_card(left: &[LeftFile], devices: &[Device], ui: &Ui, rescan_secs: u64) -> Markup {
    if left.is_empty() {
        return html! {};
    }
    // The device a file came from, by the inbox folder it was imported into.
    let from = |file: &str| {
        let (folder, _) = file.split_once('/')?;
        devices.iter().find(|d| d.folder.as_deref() == Some(folder)).map(|d| d.label.clone())
    };
    let why = |l: &LeftFile| match l.kind {
        LeftKind::Failed => "Could not be taken",
        LeftKind::Waiting => "Tags for a photo that has not arrived",
        LeftKind::Skipped => "Never taken",
    };
    let every = match rescan_secs {
        0..=90 => "every minute or so".to_string(),
        s => format!("every {} minutes", s.div_ceil(60)),
    };
    html! {
        div.card.left-in-inbox {
            h2 { "Files left in the inbox: " (left.len()) }
            p.warn { "These files are still in the inbox: none of them has been stored, and none was deleted. "
                "A file that could not be taken is tried again " (every) ". If one stays here for more than a day, "
                "show this list to whoever looks after the service's computer." }
            ul.history {
                @for l in left {
                    li {
                        strong { (l.file) }
                        @if let Some(device) = from(&l.file) { " (from " (device) ")" }
                        br;
                        (why(l)) " — " (l.detail) ". "
                        span.muted { "Left there since " (ui.at(l.first_seen)) "." }
                    }
                }
            }
        }
    }
}
