//! May a child's picture (the small crop on their tagging button) be made
//! from a photo, and may it still be kept? A pure function over plain facts.
//!
//! The picture is used inside the setting only, for staff to recognise the
//! child, but it is still a photo of the child: it is made only from a photo
//! in the vault in which the child is tagged, only while the child has
//! current consent for their learning journey, and only while the child is
//! on the register and has not left. The same rule decides both making it
//! and keeping it: the moment one fact changes (the child leaves, the
//! consent is withdrawn or lapses, the photo leaves the vault or the tag is
//! taken off, the child is erased), the picture goes.

use super::ConsentStatus;
use crate::model::PhotoState;
use chrono::NaiveDate;
use serde::Serialize;
use std::fmt;

/// What the rule reads, gathered by the shell from the register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PictureFacts {
    /// The child is on the register (and was not erased from it).
    pub on_register: bool,
    /// The child's leaving date, if one is recorded.
    pub left: Option<NaiveDate>,
    /// The child's learning-journey consent as it stands today.
    pub learning_journey: ConsentStatus,
    /// The source photo's state; `None` when there is no such photo.
    pub photo: Option<PhotoState>,
    /// The child is tagged (by the register's id) in the source photo.
    pub tagged: bool,
}

/// Why a picture may not be made, or must go. The string forms are stable
/// (the CLI's JSON and the audit log carry them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PictureProblem {
    /// No such child, or the child was erased from the register.
    ChildNotOnRegister,
    /// The child's leaving date has been reached.
    #[serde(rename = "child_left_setting")]
    ChildLeft,
    /// No current learning-journey consent: none, refused, withdrawn, a
    /// lapsed review, or signed by someone without parental responsibility.
    NoLearningJourneyConsent,
    /// The photo is not in the vault: waiting for tags, held in the
    /// quarantine, deleted (by retention, the manager or a redaction), or
    /// no such photo at all.
    PhotoNotStored,
    /// The child is not tagged in the photo.
    ChildNotInPhoto,
}

impl PictureProblem {
    pub const ALL: [PictureProblem; 5] = [
        PictureProblem::ChildNotOnRegister,
        PictureProblem::ChildLeft,
        PictureProblem::NoLearningJourneyConsent,
        PictureProblem::PhotoNotStored,
        PictureProblem::ChildNotInPhoto,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PictureProblem::ChildNotOnRegister => "child_not_on_register",
            PictureProblem::ChildLeft => "child_left_setting",
            PictureProblem::NoLearningJourneyConsent => "no_learning_journey_consent",
            PictureProblem::PhotoNotStored => "photo_not_stored",
            PictureProblem::ChildNotInPhoto => "child_not_in_photo",
        }
    }

    /// In plain words, for people.
    pub fn describe(self) -> &'static str {
        match self {
            PictureProblem::ChildNotOnRegister => "the child is not on the register",
            PictureProblem::ChildLeft => "the child has left the setting",
            PictureProblem::NoLearningJourneyConsent => "the child has no current consent for their learning journey",
            PictureProblem::PhotoNotStored => "the photo is not stored in the vault",
            PictureProblem::ChildNotInPhoto => "the child is not tagged in the photo",
        }
    }
}

impl fmt::Display for PictureProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Every problem standing against the picture today, in a fixed order;
/// empty when it may be made (or kept). A child leaves on their leaving
/// date: from that day on the picture goes.
pub fn problems(facts: &PictureFacts, today: NaiveDate) -> Vec<PictureProblem> {
    let mut out = Vec::new();
    if !facts.on_register {
        out.push(PictureProblem::ChildNotOnRegister);
    }
    if facts.left.is_some_and(|l| l <= today) {
        out.push(PictureProblem::ChildLeft);
    }
    if !facts.learning_journey.is_valid() {
        out.push(PictureProblem::NoLearningJourneyConsent);
    }
    if facts.photo != Some(PhotoState::Stored) {
        out.push(PictureProblem::PhotoNotStored);
    }
    if !facts.tagged {
        out.push(PictureProblem::ChildNotInPhoto);
    }
    out
}

/// True when the picture may be made, or kept.
pub fn may_keep(facts: &PictureFacts, today: NaiveDate) -> bool {
    problems(facts, today).is_empty()
}

/// The problems in plain words, joined for one sentence.
pub fn describe(problems: &[PictureProblem]) -> String {
    problems.iter().map(|p| p.describe()).collect::<Vec<_>>().join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    fn granted() -> ConsentStatus {
        ConsentStatus::Granted { by: "G001".into(), signed: d("2026-09-01"), review_by: d("2027-09-01") }
    }

    fn good() -> PictureFacts {
        PictureFacts {
            on_register: true,
            left: None,
            learning_journey: granted(),
            photo: Some(PhotoState::Stored),
            tagged: true,
        }
    }

    const TODAY: &str = "2026-11-22";

    #[test]
    fn a_tagged_child_in_a_stored_photo_with_consent_may_have_a_picture() {
        assert_eq!(problems(&good(), d(TODAY)), vec![]);
        assert!(may_keep(&good(), d(TODAY)));
        // A leaving date still ahead changes nothing.
        let f = PictureFacts { left: Some(d("2026-11-23")), ..good() };
        assert!(may_keep(&f, d(TODAY)));
    }

    #[test]
    fn the_picture_goes_on_the_leaving_date_not_before() {
        let f = PictureFacts { left: Some(d(TODAY)), ..good() };
        assert_eq!(problems(&f, d("2026-11-21")), vec![]);
        assert_eq!(problems(&f, d(TODAY)), vec![PictureProblem::ChildLeft]);
        assert_eq!(problems(&f, d("2027-01-01")), vec![PictureProblem::ChildLeft]);
    }

    #[test]
    fn only_a_current_grant_counts() {
        let on = d("2026-11-01");
        for status in [
            ConsentStatus::Missing,
            ConsentStatus::Refused { by: "G001".into(), on },
            ConsentStatus::Withdrawn { by: "G001".into(), on },
            ConsentStatus::ReviewOverdue { by: "G001".into(), signed: on, review_by: on },
            ConsentStatus::WithoutParentalResponsibility { by: "G004".into(), signed: on },
        ] {
            let f = PictureFacts { learning_journey: status.clone(), ..good() };
            assert_eq!(problems(&f, d(TODAY)), vec![PictureProblem::NoLearningJourneyConsent], "{status:?}");
        }
    }

    #[test]
    fn only_a_photo_in_the_vault_counts() {
        for state in [None, Some(PhotoState::AwaitingTags), Some(PhotoState::Quarantined), Some(PhotoState::Deleted)] {
            let f = PictureFacts { photo: state, ..good() };
            assert_eq!(problems(&f, d(TODAY)), vec![PictureProblem::PhotoNotStored], "{state:?}");
        }
    }

    #[test]
    fn an_untagged_child_or_one_off_the_register_has_none() {
        let f = PictureFacts { tagged: false, ..good() };
        assert_eq!(problems(&f, d(TODAY)), vec![PictureProblem::ChildNotInPhoto]);
        let f = PictureFacts { on_register: false, ..good() };
        assert_eq!(problems(&f, d(TODAY)), vec![PictureProblem::ChildNotOnRegister]);
    }

    /// Every combination of the facts: each problem is reported exactly
    /// when its own fact says so, all of them together, and the picture
    /// may be kept only when none is.
    #[test]
    fn every_combination_reports_exactly_its_problems() {
        let today = d(TODAY);
        let on = d("2026-11-01");
        let lefts = [None, Some(d("2026-11-21")), Some(today), Some(d("2026-11-23"))];
        let consents = [
            granted(),
            ConsentStatus::Missing,
            ConsentStatus::Refused { by: "G001".into(), on },
            ConsentStatus::Withdrawn { by: "G001".into(), on },
            ConsentStatus::ReviewOverdue { by: "G001".into(), signed: on, review_by: on },
            ConsentStatus::WithoutParentalResponsibility { by: "G004".into(), signed: on },
        ];
        let photos = [None].into_iter().chain(PhotoState::ALL.map(Some));
        let mut seen = 0;
        for on_register in [true, false] {
            for left in lefts {
                for consent in &consents {
                    for photo in photos.clone() {
                        for tagged in [true, false] {
                            let f =
                                PictureFacts { on_register, left, learning_journey: consent.clone(), photo, tagged };
                            let got = problems(&f, today);
                            let want: Vec<PictureProblem> = [
                                (!on_register).then_some(PictureProblem::ChildNotOnRegister),
                                left.is_some_and(|l| l <= today).then_some(PictureProblem::ChildLeft),
                                (!matches!(consent, ConsentStatus::Granted { .. }))
                                    .then_some(PictureProblem::NoLearningJourneyConsent),
                                (photo != Some(PhotoState::Stored)).then_some(PictureProblem::PhotoNotStored),
                                (!tagged).then_some(PictureProblem::ChildNotInPhoto),
                            ]
                            .into_iter()
                            .flatten()
                            .collect();
                            assert_eq!(got, want, "{f:?}");
                            assert_eq!(may_keep(&f, today), want.is_empty());
                            seen += 1;
                        }
                    }
                }
            }
        }
        assert_eq!(seen, 2 * 4 * 6 * 5 * 2);
    }

    #[test]
    fn problem_codes_are_stable_and_described() {
        let codes: Vec<&str> = PictureProblem::ALL.iter().map(|p| p.as_str()).collect();
        assert_eq!(
            codes,
            [
                "child_not_on_register",
                "child_left_setting",
                "no_learning_journey_consent",
                "photo_not_stored",
                "child_not_in_photo"
            ]
        );
        for p in PictureProblem::ALL {
            assert_eq!(serde_json::to_value(p).expect("json"), serde_json::json!(p.as_str()));
            assert!(!p.describe().is_empty());
        }
        assert_eq!(
            describe(&[PictureProblem::ChildLeft, PictureProblem::PhotoNotStored]),
            "the child has left the setting; the photo is not stored in the vault"
        );
    }
}
