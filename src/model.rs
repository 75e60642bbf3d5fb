//! Plain domain data shared by the register (which stores it) and the policy
//! (which decides over it). No I/O here.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

mod at;
mod ids;
pub use at::At;
pub use ids::{chosen, well_formed, BadId, ChildId, DeviceId, PhotoId};

/// A child on the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Child {
    pub id: ChildId,
    pub name: String,
    pub aliases: Vec<String>,
    pub room: Option<String>,
    pub started: Option<NaiveDate>,
    pub left: Option<NaiveDate>,
}

impl Child {
    /// Every name this child may be called by in a tag or caption: the
    /// display name and each alias.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

/// A guardian's tie to one child: the same person may be tied to siblings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuardianLink {
    pub guardian_id: String,
    pub child_id: ChildId,
    pub name: String,
    pub relationship: String,
    pub parental_responsibility: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentAction {
    Grant,
    Refuse,
    Withdraw,
}

impl ConsentAction {
    pub fn as_str(self) -> &'static str {
        match self {
            ConsentAction::Grant => "grant",
            ConsentAction::Refuse => "refuse",
            ConsentAction::Withdraw => "withdraw",
        }
    }

    /// What the parent did, as people say it: given, refused, withdrawn.
    pub fn in_words(self) -> &'static str {
        match self {
            ConsentAction::Grant => "given",
            ConsentAction::Refuse => "refused",
            ConsentAction::Withdraw => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "grant" => Some(ConsentAction::Grant),
            "refuse" => Some(ConsentAction::Refuse),
            "withdraw" => Some(ConsentAction::Withdraw),
            _ => None,
        }
    }
}

impl fmt::Display for ConsentAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One entry in a child's consent history. Events are never overwritten: the
/// current state for a (child, purpose) is derived from the latest one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentEvent {
    /// Insertion order; breaks ties between events dated the same day.
    pub seq: i64,
    pub child_id: ChildId,
    pub purpose: String,
    pub action: ConsentAction,
    /// The guardian who gave, refused or withdrew it.
    pub by: String,
    /// Date signed (grant / refuse) or effective (withdraw).
    pub date: NaiveDate,
    pub review_by: Option<NaiveDate>,
    pub evidence: Option<String>,
}

/// A setting-owned camera or iPad.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Device {
    pub id: DeviceId,
    pub label: String,
    pub make: String,
    pub model: String,
    pub serial: Option<String>,
    /// The inbox subfolder this device imports into, if any.
    pub folder: Option<String>,
    /// The day the setting stopped using it (broken, replaced): photos it
    /// took before then stay the setting's; anything it takes from that
    /// day on is held as from a device that is not the setting's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retired_on: Option<NaiveDate>,
}

/// Where a photo is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PhotoState {
    AwaitingTags,
    Stored,
    Quarantined,
    Deleted,
}

impl PhotoState {
    pub const ALL: [PhotoState; 4] =
        [PhotoState::AwaitingTags, PhotoState::Stored, PhotoState::Quarantined, PhotoState::Deleted];

    pub fn as_str(self) -> &'static str {
        match self {
            PhotoState::AwaitingTags => "awaiting_tags",
            PhotoState::Stored => "stored",
            PhotoState::Quarantined => "quarantined",
            PhotoState::Deleted => "deleted",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// The state in words, for the staff's pages.
    pub fn in_words(self) -> &'static str {
        match self {
            PhotoState::Stored => "stored in the vault",
            PhotoState::Quarantined => "held in the quarantine",
            PhotoState::AwaitingTags => "waiting to be tagged",
            PhotoState::Deleted => "deleted",
        }
    }
}

impl fmt::Display for PhotoState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The day of a time as a camera wrote it (`2026-12-07T09:12:44`) or of a
/// `YYYY-MM-DD` date; `None` for anything else (some cameras write dates
/// nobody can read). A register time is an [`At`], with its own day.
pub fn day_of(ts: &str) -> Option<chrono::NaiveDate> {
    ts.get(..10).and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
}

/// The short form of a photo id shown to people (its first 12 hex
/// characters): what the CLI prints and accepts as a prefix, and what the
/// pages show.
pub fn short(id: &str) -> &str {
    id.get(..12).unwrap_or(id)
}

/// The outcome of looking a child up by id, name or alias.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup<'a> {
    Found(&'a Child),
    Unknown,
    /// Several children share that name or alias: their ids.
    Ambiguous(Vec<ChildId>),
}

/// Finds a child by id, or else by name or alias; all case-insensitive and
/// ignoring surrounding white space. An id always wins over a name.
pub fn lookup_child<'a>(children: &'a [Child], label: &str) -> Lookup<'a> {
    let wanted = normalise(label);
    if wanted.is_empty() {
        return Lookup::Unknown;
    }
    if let Some(c) = children.iter().find(|c| normalise(&c.id) == wanted) {
        return Lookup::Found(c);
    }
    let found: Vec<&Child> = children.iter().filter(|c| c.names().any(|n| normalise(n) == wanted)).collect();
    match found.as_slice() {
        [] => Lookup::Unknown,
        [one] => Lookup::Found(one),
        many => Lookup::Ambiguous(many.iter().map(|c| c.id.clone()).collect()),
    }
}

/// [`lookup_child`], and then a first name that only one child on the
/// register has ("Chloe" for "Chloe Diaz"). For what a manager types about
/// the register (`consent show Chloe`, an import's child column), never for
/// the tags on a photo: a tag "Chloe" may mean a visiting child nobody
/// registered, and must not borrow Chloe Diaz's consent.
pub fn lookup_child_by_first_name<'a>(children: &'a [Child], label: &str) -> Lookup<'a> {
    match lookup_child(children, label) {
        Lookup::Unknown => {}
        known => return known,
    }
    let wanted = normalise(label);
    let first = |c: &Child| c.name.split_whitespace().next().map(normalise);
    let found: Vec<&Child> = children.iter().filter(|c| first(c).as_deref() == Some(wanted.as_str())).collect();
    match found.as_slice() {
        [] => Lookup::Unknown,
        [one] => Lookup::Found(one),
        many => Lookup::Ambiguous(many.iter().map(|c| c.id.clone()).collect()),
    }
}

/// Children whose id, name, a word of their name or an alias is close to
/// `label` (starts with it, or is one or two letters off): the "did you
/// mean" of a name that matched nobody. At most five.
pub fn children_like<'a>(children: &'a [Child], label: &str) -> Vec<&'a Child> {
    let wanted = normalise(label);
    if wanted.chars().count() < 2 {
        return Vec::new();
    }
    let close = |candidate: &str| {
        let c = normalise(candidate);
        c.starts_with(&wanted)
            || wanted.starts_with(&c) && c.chars().count() >= 3
            || edit_distance(&c, &wanted) <= 2.min(wanted.chars().count() / 3)
    };
    children
        .iter()
        .filter(|c| close(&c.id) || c.names().any(|n| close(n) || n.split_whitespace().any(close)))
        .take(5)
        .collect()
}

/// Levenshtein distance, for short names.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (row[j + 1] + 1).min(row[j] + 1).min(prev + usize::from(ca != *cb));
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// What a list of tags names: each child once, in the order first named,
/// and the tags that name nobody (or several children).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved<'a> {
    /// The distinct children named, however often and by whichever of their
    /// id, name or aliases.
    pub children: Vec<&'a Child>,
    /// Tags naming nobody on the register: the tag as written, with the ids
    /// of the candidates when several children share it.
    pub unresolved: Vec<(String, Vec<ChildId>)>,
}

/// Resolves every tag with [`lookup_child`], once: "C001", "c001",
/// " Millie " and "Amelia Rose" are one child, counted once.
pub fn resolve_children<'a>(children: &'a [Child], labels: &[String]) -> Resolved<'a> {
    let mut out = Resolved { children: Vec::new(), unresolved: Vec::new() };
    for label in labels {
        match lookup_child(children, label) {
            Lookup::Found(c) => {
                if !out.children.iter().any(|k| k.id == c.id) {
                    out.children.push(c);
                }
            }
            Lookup::Unknown => out.unresolved.push((label.clone(), Vec::new())),
            Lookup::Ambiguous(ids) => out.unresolved.push((label.clone(), ids)),
        }
    }
    out
}

/// Lower-cases and collapses inner white space, so "  amelia  ROSE" matches
/// "Amelia Rose".
pub fn normalise(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// `normalise(a) == normalise(b)`, without making either string (the
/// re-check of a big register compares every photo's camera with every
/// device).
pub fn same_words(a: &str, b: &str) -> bool {
    let (mut x, mut y) = (a.split_whitespace(), b.split_whitespace());
    loop {
        match (x.next(), y.next()) {
            (None, None) => return true,
            (Some(p), Some(q)) => {
                let same = if p.is_ascii() && q.is_ascii() {
                    p.eq_ignore_ascii_case(q)
                } else {
                    p.to_lowercase() == q.to_lowercase()
                };
                if !same {
                    return false;
                }
            }
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_day_of_a_camera_time_or_a_date() {
        let d = |s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        assert_eq!(day_of("2026-12-07T01:02:03"), d("2026-12-07"));
        assert_eq!(day_of("2026-12-07"), d("2026-12-07"));
        assert_eq!(day_of(""), None);
        assert_eq!(day_of("2026-13-01T00:00:00"), None);
        assert_eq!(day_of("0000:00:00 00:00:00"), None);
    }

    proptest::proptest! {
        #[test]
        fn same_words_is_equal_when_normalised(
            a in "[aAbBΣσς \t\u{A0}İi]{0,8}",
            b in "[aAbBΣσς \t\u{A0}İi]{0,8}",
        ) {
            proptest::prop_assert_eq!(same_words(&a, &b), normalise(&a) == normalise(&b));
            proptest::prop_assert!(same_words(&a, &a));
        }
    }

    #[test]
    fn a_name_that_matches_nobody_finds_the_children_it_may_mean() {
        let kids =
            [child("C001", "Amelia Rose", &["Millie"]), child("C011", "Kai Smith", &[]), child("C012", "Kit Lee", &[])];
        let ids = |label: &str| children_like(&kids, label).iter().map(|c| c.id.as_str()).collect::<Vec<_>>();
        assert_eq!(ids("Amela"), ["C001"], "a letter off");
        assert_eq!(ids("mill"), ["C001"], "the start of an alias");
        assert_eq!(ids("Smith"), ["C011"], "a word of the name");
        assert_eq!(ids("Kay"), ["C011"], "one letter off a short name");
        assert!(ids("Zebedee").is_empty());
        assert!(ids("K").is_empty(), "one letter says nothing");
    }

    fn child(id: &str, name: &str, aliases: &[&str]) -> Child {
        Child {
            id: id.into(),
            name: name.into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            room: None,
            started: None,
            left: None,
        }
    }

    #[test]
    fn lookup_by_id_name_and_alias_case_insensitively() {
        let kids = vec![child("C001", "Amelia Rose", &["Millie"]), child("C002", "Ben Ade", &[])];
        assert_eq!(lookup_child(&kids, "c001"), Lookup::Found(&kids[0]));
        assert_eq!(lookup_child(&kids, " amelia   rose "), Lookup::Found(&kids[0]));
        assert_eq!(lookup_child(&kids, "MILLIE"), Lookup::Found(&kids[0]));
        assert_eq!(lookup_child(&kids, "Ben ade"), Lookup::Found(&kids[1]));
        assert_eq!(lookup_child(&kids, "Zoe"), Lookup::Unknown);
        assert_eq!(lookup_child(&kids, "   "), Lookup::Unknown);
    }

    #[test]
    fn ambiguous_names_list_every_candidate() {
        let kids = vec![child("C001", "Sam Lee", &["Sam"]), child("C002", "Sam Okafor", &["sam"])];
        assert_eq!(lookup_child(&kids, "Sam"), Lookup::Ambiguous(vec!["C001".into(), "C002".into()]));
    }

    #[test]
    fn a_first_name_only_one_child_has_finds_them_but_never_from_a_tag() {
        let kids = [child("C003", "Chloe Diaz", &[]), child("C004", "Finn Osei", &[]), child("C005", "Finn Lee", &[])];
        assert!(matches!(lookup_child_by_first_name(&kids, " chloe "), Lookup::Found(c) if c.id == "C003"));
        assert!(matches!(lookup_child_by_first_name(&kids, "Finn"), Lookup::Ambiguous(ids) if ids == ["C004", "C005"]));
        assert!(matches!(lookup_child_by_first_name(&kids, "Diaz"), Lookup::Unknown));
        assert!(matches!(lookup_child_by_first_name(&kids, "Finn Lee"), Lookup::Found(c) if c.id == "C005"));
        // A photo's tag "Chloe" may be a visiting child: it names nobody.
        assert!(matches!(lookup_child(&kids, "Chloe"), Lookup::Unknown));
        assert_eq!(resolve_children(&kids, &["Chloe".into()]).children.len(), 0);
    }

    #[test]
    fn an_id_wins_over_a_name() {
        let kids = vec![child("C001", "Ava", &[]), child("C002", "C001", &[])];
        assert_eq!(lookup_child(&kids, "C001"), Lookup::Found(&kids[0]));
    }

    #[test]
    fn a_child_named_several_ways_resolves_once() {
        let kids = vec![child("C001", "Amelia Rose", &["Millie"]), child("C002", "Ben Ade", &[])];
        let labels: Vec<String> =
            ["C001", "c001", " Millie ", "AMELIA  rose", "Zara", "C001"].iter().map(|l| l.to_string()).collect();
        let r = resolve_children(&kids, &labels);
        assert_eq!(r.children, vec![&kids[0]]);
        assert_eq!(r.unresolved, vec![("Zara".to_string(), vec![])]);
        let r = resolve_children(&kids, &["ben ade".to_string(), "Millie".to_string()]);
        assert_eq!(r.children, vec![&kids[1], &kids[0]]);
    }

    #[test]
    fn photo_states_round_trip() {
        for st in PhotoState::ALL {
            assert_eq!(PhotoState::parse(st.as_str()), Some(st));
        }
        assert_eq!(PhotoState::parse("lost"), None);
    }
}
