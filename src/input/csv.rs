//! Reading the register's CSV imports: the columns a file must have, those
//! it may have, nothing unknown; every bad line named.

use std::collections::HashMap;
use std::path::Path;

/// The columns of an import: those every file must have and those it may
/// leave out (in any order).
#[derive(Debug, Clone, Copy)]
pub struct Columns {
    pub required: &'static [&'static str],
    pub optional: &'static [&'static str],
}

impl Columns {
    fn all(&self) -> impl Iterator<Item = &'static str> {
        self.required.iter().chain(self.optional).copied()
    }

    /// For help texts: `id,name[,aliases,room]`.
    pub fn describe(&self) -> String {
        let mut s = self.required.join(",");
        if !self.optional.is_empty() {
            s.push_str(&format!(" (optional: {})", self.optional.join(",")));
        }
        s
    }
}

/// One data row: its line number in the file and its cells by column name.
pub struct Row {
    pub line: u64,
    cells: HashMap<String, String>,
}

impl Row {
    /// The trimmed cell, or "" when the column is empty.
    pub fn get(&self, column: &str) -> &str {
        self.cells.get(column).map(|s| s.trim()).unwrap_or("")
    }

    /// The cell, or `None` when empty.
    pub fn opt(&self, column: &str) -> Option<&str> {
        Some(self.get(column)).filter(|s| !s.is_empty())
    }

    /// Whether the file has this column at all (an update keeps what a
    /// missing column would have said).
    pub fn has(&self, column: &str) -> bool {
        self.cells.contains_key(column)
    }
}

/// Why a file cannot be imported, naming the file and the line: the
/// manager's to put right (bad input); nothing was imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{file}: {error}")]
    Unreadable { file: String, error: std::io::Error },
    #[error("{file}: line {line}: {error}")]
    NotCsv { file: String, line: u64, error: csv::Error },
    #[error("{file}: line 1 (header): {why}; expected: {expected}")]
    Header { file: String, why: String, expected: String },
    #[error("{file}: no rows to import")]
    NoRows { file: String },
    #[error("{file}: {} problem(s), nothing was imported:\n  {}", problems.len(), problems.join("\n  "))]
    Problems { file: String, problems: Vec<String> },
}

crate::error::kind_of!(BadInput: ImportError);

/// Problems found in a file, each naming its line and field.
#[derive(Default)]
pub struct Problems(Vec<String>);

impl Problems {
    pub fn add(&mut self, line: u64, field: &str, why: impl std::fmt::Display) {
        self.0.push(format!("line {line}, field `{field}`: {why}"));
    }

    /// Fails with every problem listed, naming the file, when there are any.
    pub fn into_result(self, file: &str) -> Result<(), ImportError> {
        if self.0.is_empty() {
            return Ok(());
        }
        Err(ImportError::Problems { file: file.to_string(), problems: self.0 })
    }
}

/// Reads a CSV file whose header must name exactly `columns` (in any order).
pub fn read(path: &Path, columns: &Columns) -> Result<Vec<Row>, ImportError> {
    let file = std::fs::File::open(path)
        .map_err(|error| ImportError::Unreadable { file: path.display().to_string(), error })?;
    read_from(file, &path.display().to_string(), columns)
}

/// Reads CSV from any reader; `label` names it in errors.
pub fn read_from(input: impl std::io::Read, label: &str, columns: &Columns) -> Result<Vec<Row>, ImportError> {
    let file = || label.to_string();
    let mut reader =
        csv::ReaderBuilder::new().has_headers(true).flexible(false).trim(csv::Trim::Headers).from_reader(input);
    let headers: Vec<String> = reader
        .headers()
        .map_err(|error| ImportError::NotCsv { file: file(), line: 1, error })?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_ascii_lowercase())
        .collect();
    let missing: Vec<&str> = columns.required.iter().copied().filter(|c| !headers.iter().any(|h| h == c)).collect();
    let unknown: Vec<&str> = headers.iter().map(String::as_str).filter(|h| !columns.all().any(|c| c == *h)).collect();
    if !missing.is_empty() || !unknown.is_empty() {
        let mut why = Vec::new();
        if !missing.is_empty() {
            why.push(format!("missing column(s) {}", missing.join(", ")));
        }
        if !unknown.is_empty() {
            why.push(format!("unknown column(s) {}", unknown.join(", ")));
        }
        return Err(ImportError::Header { file: file(), why: why.join("; "), expected: columns.describe() });
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|error| ImportError::NotCsv {
            file: file(),
            line: error.position().map(|p| p.line()).unwrap_or(0),
            error,
        })?;
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cells = headers.iter().cloned().zip(record.iter().map(str::to_string)).collect();
        rows.push(Row { line, cells });
    }
    if rows.is_empty() {
        return Err(ImportError::NoRows { file: file() });
    }
    Ok(rows)
}
