//! Large files made in parts. The pieces of a file (its types, or its operations' builders or
//! methods) are emitted and formatted in groups, each group on whichever thread is free, and the
//! formatted groups are spliced into the formatted rest of the file (its skeleton). So no file's
//! whole token stream or syntax tree is ever in memory, and the threads share the work of a crate
//! whose time is in one or two big files.
//!
//! The text is the same byte for byte as formatting the whole file at once: `prettyplease` prints
//! each item of a file, or of an `impl` block, on its own, so at the same depth a group of items
//! prints as it does among the others. (A unit test compares the two on every kind of file.)

use std::ops::Range;

use proc_macro2::TokenStream;
use quote::quote;

use super::uses::{self, Uses};
use crate::error::{Error, Result};

/// A formatted skeleton or part, and the paths its items import.
pub(super) type Formatted = (String, Uses);

/// How many pieces a part holds: enough that a part's fixed cost (a parse, a printer) is small
/// against its work, and few enough that parts are small (a few hundred KB of text) and the threads
/// finish together.
const PIECES_PER_PART: usize = 16;

/// The line of a formatted skeleton that the parts replace: the text of [`marker`] as
/// `prettyplease` prints it. Nothing from a collection prints as a line of its own like this (names
/// are sanitized identifiers, and string literals and docs never start a line with it).
const MARKER_LINE: &str = "__postman_codegen_pieces!();";

/// The item where a skeleton's pieces go (a macro call, valid among a file's items and an `impl`
/// block's).
fn marker() -> TokenStream {
    quote!(__postman_codegen_pieces!();)
}

/// The first line of the `impl` block that holds a part of methods while it is formatted.
const WRAPPER_OPEN: &str = "impl __PostmanCodegenPieces {\n";

/// A Rust file made in parts.
pub(super) struct Parted<'a> {
    path: &'static str,
    frame: Box<dyn Fn(TokenStream) -> TokenStream + Sync + 'a>,
    pieces: usize,
    piece: Box<dyn Fn(Range<usize>) -> TokenStream + Sync + 'a>,
    in_impl: bool,
    per_part: usize,
}

impl<'a> Parted<'a> {
    /// The file at `path` whose `pieces` pieces follow the items that `head` makes (its module docs):
    /// `piece` makes the tokens of a range of pieces (in order, so the ranges of the parts add up to
    /// the whole).
    pub(super) fn after(
        path: &'static str,
        head: impl Fn() -> TokenStream + Sync + 'a,
        pieces: usize,
        piece: impl Fn(Range<usize>) -> TokenStream + Sync + 'a,
    ) -> Self {
        let frame = move |pieces: TokenStream| {
            let head = head();
            quote!(#head #pieces)
        };
        Parted { path, frame: Box::new(frame), pieces, piece: Box::new(piece), in_impl: false, per_part: PIECES_PER_PART }
    }

    /// The file at `path` whose `pieces` pieces are items of an `impl` block: `frame` makes the
    /// file's tokens with the tokens it is given in that block, and `piece` the tokens of a range
    /// of pieces.
    pub(super) fn in_impl(
        path: &'static str,
        frame: impl Fn(TokenStream) -> TokenStream + Sync + 'a,
        pieces: usize,
        piece: impl Fn(Range<usize>) -> TokenStream + Sync + 'a,
    ) -> Self {
        Parted { path, frame: Box::new(frame), pieces, piece: Box::new(piece), in_impl: true, per_part: PIECES_PER_PART }
    }

    /// The tokens of the whole file, every piece in place (for benchmarks and tests, which format
    /// the file at once).
    pub(super) fn tokens(&self) -> TokenStream {
        (self.frame)((self.piece)(0..self.pieces))
    }

    /// The file's path in the crate.
    pub(super) fn path(&self) -> &'static str {
        self.path
    }

    /// The pieces of each part, in order.
    pub(super) fn parts(&self) -> Vec<Range<usize>> {
        (0..self.pieces).step_by(self.per_part).map(|start| start..(start + self.per_part).min(self.pieces)).collect()
    }

    /// The same file in parts of `per_part` pieces (at least one).
    #[cfg(test)]
    pub(super) fn with_part_size(mut self, per_part: usize) -> Self {
        self.per_part = per_part.max(1);
        self
    }

    /// The skeleton, formatted.
    pub(super) fn format_skeleton(&self) -> Result<Formatted> {
        let mut uses = Uses::new();
        let text = super::unparse_short(self.path, (self.frame)(marker()), &mut uses)?;
        Ok((text, uses))
    }

    /// The pieces `range`, formatted as the lines they have in the file.
    pub(super) fn format_part(&self, range: Range<usize>) -> Result<Formatted> {
        let mut uses = Uses::new();
        let tokens = (self.piece)(range);
        if tokens.is_empty() {
            return Ok((String::new(), uses));
        }
        if !self.in_impl {
            return Ok((super::unparse_short(self.path, tokens, &mut uses)?, uses));
        }
        let text = super::unparse_short(self.path, quote!(impl __PostmanCodegenPieces { #tokens }), &mut uses)?;
        let inner = text.strip_prefix(WRAPPER_OPEN).and_then(|text| text.strip_suffix("}\n"));
        let inner = inner.map(str::to_owned).ok_or_else(|| self.internal("a part of methods did not format as an `impl` block"))?;
        Ok((inner, uses))
    }

    /// The formatted file: `parts` (formatted, in order) in place of the skeleton's marker, and
    /// the `use` items of what the skeleton and the parts import.
    pub(super) fn assemble(&self, skeleton: &Formatted, parts: &[Formatted]) -> Result<String> {
        let (skeleton, mut imports) = (skeleton.0.as_str(), skeleton.1.clone());
        parts.iter().for_each(|(_, more)| uses::join(&mut imports, more));
        let mut at = 0;
        for line in skeleton.split_inclusive('\n') {
            if line.trim() == MARKER_LINE {
                let mut text = String::with_capacity(skeleton.len() + parts.iter().map(|(part, _)| part.len()).sum::<usize>());
                text.push_str(&skeleton[..at]);
                parts.iter().for_each(|(part, _)| text.push_str(part));
                text.push_str(&skeleton[at + line.len()..]);
                return Ok(super::finish(&uses::insert_header(&text, &imports)));
            }
            at += line.len();
        }
        Err(self.internal("the skeleton has no place for its parts"))
    }

    fn internal(&self, message: &str) -> Error {
        Error::Internal { file: self.path.to_owned(), message: message.to_owned() }
    }
}
