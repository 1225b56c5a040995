//! The errors of the generator, each saying where (file, line:column, JSON path) and what.

use std::fmt;
use std::path::PathBuf;

/// A place in an input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file.
    pub file: PathBuf,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// The JSON path inside the document (e.g. `item[0].request.url`), when it applies.
    pub path: Option<String>,
}

impl Location {
    /// A location that names only the file.
    pub fn file(file: impl Into<PathBuf>) -> Self {
        Location { file: file.into(), line: None, column: None, path: None }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        if let Some(path) = self.path.as_deref().filter(|p| !p.is_empty() && *p != ".") {
            write!(f, ": at `{path}`")?;
        }
        Ok(())
    }
}

/// Everything that can make generation fail.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An input file could not be read.
    #[error("{}: cannot read: {source}", file.display())]
    Read {
        /// The file.
        file: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The collection (or its configuration) is not valid input.
    #[error("{location}: {message}")]
    Input {
        /// Where.
        location: Location,
        /// What.
        message: String,
    },
    /// The output directory could not be written or compared.
    #[error("{}: {message}: {source}", path.display())]
    Output {
        /// The file or directory.
        path: PathBuf,
        /// What was being done.
        message: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The Postman API did not give what `pull` asked for (the API key is never part of it).
    #[error("cannot pull the {what}: {message}")]
    Pull {
        /// What was asked for, with its URL.
        what: String,
        /// Why not: the status and the API's message, or the transport error.
        message: String,
    },
    /// `capture` could not start sending.
    #[error("cannot capture: {message}")]
    Capture {
        /// Why not.
        message: String,
    },
    /// The output directory exists but was not written by this generator.
    #[error("{}: refusing to overwrite a directory that postman-codegen did not generate (no `{marker}` file); pass --force to replace it", dir.display())]
    NotGenerated {
        /// The directory.
        dir: PathBuf,
        /// The marker file name.
        marker: &'static str,
    },
    /// `--check` found differences.
    #[error("{} is not up to date; these files differ:\n{}", dir.display(), files.iter().map(|f| format!("  {f}")).collect::<Vec<_>>().join("\n"))]
    Stale {
        /// The directory.
        dir: PathBuf,
        /// The files that differ, are missing or are extra (relative paths).
        files: Vec<String>,
    },
    /// The mock server could not listen or stopped with an error.
    #[error("mock server on {addr}: {source}")]
    Serve {
        /// The address it was to listen on.
        addr: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The options are invalid (e.g. the crate name).
    #[error("{0}")]
    Usage(String),
    /// The generator produced Rust that does not parse: a bug in the generator, never in the input.
    #[error("internal error: generated `{file}` does not parse ({message}); please report this with the collection")]
    Internal {
        /// The generated file.
        file: String,
        /// The parser's message.
        message: String,
    },
}

/// The result type of the generator.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Turns a byte offset in `text` into a 1-based line and column (counted in characters).
pub fn line_column(text: &[u8], offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_lines_and_characters() {
        let text = "ab\ncdé\nf".as_bytes();
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 3), (2, 1));
        assert_eq!(line_column(text, 7), (2, 4));
        assert_eq!(line_column(text, 100), (3, 2));
    }

    #[test]
    fn location_display() {
        let location = Location {
            file: "c.json".into(),
            line: Some(3),
            column: Some(7),
            path: Some("item[0].request".into()),
        };
        assert_eq!(location.to_string(), "c.json:3:7: at `item[0].request`");
        assert_eq!(Location::file("c.json").to_string(), "c.json");
    }
}
