//! The longest text each field of the register may hold, checked where the
//! register writes it, so the CLI, CSV imports, the web UI and sidecars all
//! meet the same limits. A name is one line of printable text; notes may
//! span lines. The manager's guide lists the limits (docs/src/managers-guide.md, "Text limits").

/// A kind of text field and its limit, in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// A child's or a guardian's name.
    Name,
    /// A child's alias, a room, a relationship, a user name.
    Short,
    /// A device's label, make, model or serial; a photo tag's label.
    Label,
    /// Evidence of consent, a manager's note, a reported concern, a caption.
    Note,
}

impl Field {
    pub const fn max_chars(self) -> usize {
        match self {
            Field::Name => 200,
            Field::Short => 64,
            Field::Label => 128,
            Field::Note => 2000,
        }
    }

    const fn multi_line(self) -> bool {
        matches!(self, Field::Note)
    }
}

/// Checks one value; the error names the field and says what is allowed.
pub fn check(field: Field, name: &str, value: &str) -> Result<(), TextError> {
    let n = value.chars().count();
    if n > field.max_chars() {
        return Err(TextError::TooLong { name: name.to_string(), n, max: field.max_chars() });
    }
    let bad = value.chars().find(|c| c.is_control() && !(field.multi_line() && matches!(c, '\n' | '\t')));
    if let Some(c) = bad {
        return Err(TextError::Control { name: name.to_string(), code: u32::from(c) });
    }
    Ok(())
}

/// A text a person gave that its field cannot hold; `name` is the field's
/// name in words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("{name} is {n} characters long: at most {max} are allowed")]
    TooLong { name: String, n: usize, max: usize },
    #[error("{name} contains a control character (U+{code:04X}): plain text only")]
    Control { name: String, code: u32 },
}

crate::error::kind_of!(BadInput: TextError);

/// Cuts a value that is recorded whatever it is (an unknown user name in a
/// failed login, a sidecar's claim) to `field`'s limit, marking the cut.
pub fn bounded(field: Field, value: &str) -> String {
    let max = field.max_chars();
    if value.chars().count() <= max {
        return value.chars().map(|c| if c.is_control() { '\u{FFFD}' } else { c }).collect();
    }
    let mut s: String = value.chars().take(max).map(|c| if c.is_control() { '\u{FFFD}' } else { c }).collect();
    s.push('…');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_hold_at_the_boundary() {
        for f in [Field::Name, Field::Short, Field::Label, Field::Note] {
            let max = f.max_chars();
            assert!(check(f, "x", &"é".repeat(max)).is_ok(), "{f:?} at its limit (counted in characters)");
            let err = check(f, "the name", &"a".repeat(max + 1)).expect_err("over");
            assert!(err.to_string().starts_with("the name is") && err.to_string().contains(&max.to_string()), "{err}");
        }
    }

    #[test]
    fn names_are_one_line_notes_may_span_lines() {
        assert!(check(Field::Name, "name", "Amelia\nRose").is_err());
        assert!(check(Field::Name, "name", "Amelia\u{1b}[31m").is_err());
        assert!(check(Field::Note, "note", "line one\nline two\tend").is_ok());
        assert!(check(Field::Note, "note", "bell\u{7}").is_err());
    }

    #[test]
    fn bounded_cuts_and_marks() {
        let long = "x".repeat(3_000_000);
        let b = bounded(Field::Short, &long);
        assert_eq!(b.chars().count(), Field::Short.max_chars() + 1);
        assert!(b.ends_with('…'));
        assert_eq!(bounded(Field::Short, "jess"), "jess");
        assert_eq!(bounded(Field::Short, "a\nb"), "a\u{FFFD}b");
    }
}
