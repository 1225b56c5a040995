//! JSON as collections write it, a leaf that imports no stage (the IR may use it):
//!
//! - [`lenient`]: almost-JSON (comments, trailing commas, `{{variables}}` and type placeholders
//!   where values go) read as strict JSON;
//! - [`placeholder`]: the type placeholders of OpenAPI-imported collections (`"<integer>"`,
//!   `"<dateTime>"`), recognised as types and realised as values of their type;
//! - [`shape`]: the shape lattice that inference merges every sample of a body into.

pub mod lenient;
pub mod placeholder;
pub mod shape;
