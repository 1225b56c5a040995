//! Warnings collected during generation: the input was accepted, but something is worth knowing.

use std::fmt;

/// One warning, located by JSON path in the collection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Where in the collection, e.g. `item[3].request.auth`.
    pub path: String,
    /// What.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "at `{}`: {}", self.path, self.message)
        }
    }
}

/// The warnings of one run, in the order they were found.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics {
    warnings: Vec<Warning>,
}

impl Diagnostics {
    /// Records a warning.
    pub fn warn(&mut self, path: &str, message: &str) {
        // Messages quote the collection: kept short, and free of terminal control sequences.
        let (path, message) = (crate::docs::shorten_message(path), crate::docs::shorten_message(message));
        self.warnings.push(Warning { path, message });
    }

    /// The warnings so far.
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }
}
