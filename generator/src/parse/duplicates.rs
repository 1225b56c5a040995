//! Duplicate keys in the collection's own JSON.
//!
//! serde_json (like most JSON parsers) silently keeps the last value of a repeated key, so a
//! collection edited by hand can lose a request or a header without anyone noticing. This pass
//! walks the document once more with serde's visitor API — no tree is built, memory is the keys of
//! the objects on the current path, time is linear — and reports every repeated key by JSON path.
//! Nesting is bounded by serde_json's recursion limit, as in the main parse.

use std::collections::HashSet;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// At most this many duplicates are described one by one; the rest are counted.
pub const MAX_REPORTED: usize = 100;

/// One repeated key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// The JSON path of the repeated member, e.g. `item[0].request.url`.
    pub path: String,
    /// The key, as it is in the file.
    pub key: String,
}

/// What the scan found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Duplicates {
    /// The first [`MAX_REPORTED`] duplicates, in document order.
    pub reported: Vec<Duplicate>,
    /// How many there are in all.
    pub total: usize,
}

/// Finds repeated keys in `text`, a JSON document. Text that is not JSON yields what was found
/// before the error (the main parse reports the error itself).
pub fn find(text: &str) -> Duplicates {
    let mut found = Duplicates::default();
    let mut path = Vec::new();
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let _ = Scan { path: &mut path, found: &mut found }.deserialize(&mut deserializer);
    found
}

#[derive(Debug)]
enum Segment {
    Key(String),
    Index(usize),
}

/// Appends a segment the way `serde_path_to_error` prints paths: `.key` or `[3]`; keys that are not
/// plain words are quoted and escaped, so control characters never reach a terminal.
fn push_segment(out: &mut String, segment: &Segment) {
    match segment {
        Segment::Index(i) => {
            out.push('[');
            out.push_str(&i.to_string());
            out.push(']');
        }
        Segment::Key(key) if !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || "_-$@".contains(c)) => {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(key);
        }
        Segment::Key(key) => {
            out.push_str("[\"");
            out.extend(key.escape_debug());
            out.push_str("\"]");
        }
    }
}

/// The visitor: scalars are skipped, arrays and objects walked with the path kept up to date.
struct Scan<'a> {
    path: &'a mut Vec<Segment>,
    found: &'a mut Duplicates,
}

impl Scan<'_> {
    fn child(&mut self) -> Scan<'_> {
        Scan { path: self.path, found: self.found }
    }

    fn record(&mut self, key: &str) {
        self.found.total += 1;
        if self.found.reported.len() < MAX_REPORTED {
            let mut path = String::new();
            for segment in self.path.iter() {
                push_segment(&mut path, segment);
            }
            push_segment(&mut path, &Segment::Key(key.to_owned()));
            self.found.reported.push(Duplicate { path, key: key.to_owned() });
        }
    }
}

impl<'de> DeserializeSeed<'de> for Scan<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Scan<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        loop {
            self.path.push(Segment::Index(index));
            let more = seq.next_element_seed(self.child())?.is_some();
            self.path.pop();
            if !more {
                return Ok(());
            }
            index += 1;
        }
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        let mut seen = HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if seen.contains(&key) {
                self.record(&key);
            } else {
                seen.insert(key.clone());
            }
            self.path.push(Segment::Key(key));
            let result = map.next_value_seed(self.child());
            self.path.pop();
            result?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_repeated_keys_by_path() {
        let found = find(r#"{"info":{"name":"a","name":"b"},"item":[{"request":{"url":"x","url":"y","url":"z"}},{"x y\n":1,"x y\n":2}]}"#);
        let paths: Vec<_> = found.reported.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(paths, ["info.name", "item[0].request.url", "item[0].request.url", "item[1][\"x y\\n\"]"]);
        assert_eq!(found.total, 4);
    }

    #[test]
    fn the_same_key_in_different_objects_is_fine() {
        let found = find(r#"{"item":[{"name":"a"},{"name":"b"}],"name":"c","body":"{\"a\":1,\"a\":2}"}"#);
        assert_eq!(found, Duplicates::default());
    }

    #[test]
    fn many_duplicates_are_counted_not_all_listed() {
        let members: Vec<String> = (0..1000).map(|_| "\"k\":1".to_owned()).collect();
        let found = find(&format!("{{{}}}", members.join(",")));
        assert_eq!(found.total, 999);
        assert_eq!(found.reported.len(), MAX_REPORTED);
    }

    #[test]
    fn invalid_json_stops_quietly() {
        assert_eq!(find("{\"a\":1,\"a\":").total, 1);
        assert_eq!(find(&"[".repeat(100_000)).total, 0);
    }
}
