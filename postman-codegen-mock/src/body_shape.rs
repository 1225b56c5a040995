//! Structural checks of JSON request bodies against the saved request bodies.
//!
//! The shape a body must fit is merged (with the same [`Shape`] lattice that infers the request-body
//! types) from the saved JSON bodies of the IR's [`postman_codegen::tooling::ir::RequestBody::Json`]: the request's own and
//! its examples' saved requests'. Unlike the named type, the shape keeps every sample's keys per
//! object, so messages can name the JSON path and the near-miss key.
//!
//! A body fits when every value has the kind its samples have (integers where all samples are
//! integers, any number where some has a fraction), `null` only where a sample was `null` or the field
//! is missing from some sample, and it has no key the samples never have (a likely misspelling is
//! named). Fields may be left out: a saved body is an example, not a schema, and cannot say which
//! fields are required.

use serde_json::Value;

use postman_codegen::tooling::json::shape::{Kind, Shape};

/// The most problems one answer lists.
pub const MAX_PROBLEMS: usize = 10;

/// What a JSON request body must look like.
#[derive(Debug, Clone, PartialEq)]
pub struct BodyShape {
    shape: Shape,
}

impl BodyShape {
    /// The merged shape of the samples that are JSON (others, e.g. with unresolved `{{variables}}`,
    /// are skipped); `None` when none is.
    pub fn from_samples<'a>(samples: impl IntoIterator<Item = &'a str>) -> Option<BodyShape> {
        let values: Vec<Value> = samples.into_iter().filter_map(|sample| serde_json::from_str(sample).ok()).collect();
        BodyShape::from_values(&values)
    }

    /// The merged shape of JSON samples; `None` when there are none.
    pub fn from_values(samples: &[Value]) -> Option<BodyShape> {
        let mut shape = Shape::unknown();
        for sample in samples {
            shape.merge(Shape::of(sample));
        }
        (!samples.is_empty()).then_some(BodyShape { shape })
    }

    /// Why `value` does not fit (at most [`MAX_PROBLEMS`]), each naming the JSON path, e.g.
    /// ``body.user.age: expected an integer, got "x"``; empty when it fits.
    pub fn problems(&self, value: &Value) -> Vec<String> {
        let mut problems = Vec::new();
        check(&self.shape, false, value, "body", &mut problems);
        problems.truncate(MAX_PROBLEMS);
        problems
    }
}

/// Checks `value` against `shape`; `null` fits where the shape is nullable or `null_ok`.
fn check(shape: &Shape, null_ok: bool, value: &Value, path: &str, problems: &mut Vec<String>) {
    if problems.len() >= MAX_PROBLEMS {
        return;
    }
    if value.is_null() {
        if !shape.nullable && !null_ok && shape.kind != Kind::Unknown {
            problems.push(format!("{path}: expected {}, got null", expected(&shape.kind)));
        }
        return;
    }
    let fits = match (&shape.kind, value) {
        (Kind::Unknown | Kind::Mixed | Kind::Union(_) | Kind::Recursive(_), _)
        | (Kind::Bool, Value::Bool(_))
        | (Kind::Float | Kind::BigInt, Value::Number(_))
        | (Kind::String(_), Value::String(_)) => true,
        (Kind::Int { .. }, Value::Number(n)) => n.is_i64() || n.is_u64(),
        (Kind::Array(element), Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                check(element, false, item, &format!("{path}[{i}]"), problems);
            }
            true
        }
        (Kind::Object(object), Value::Object(map)) => {
            for (key, field) in &object.fields {
                // A saved body is an example, not a schema: it cannot say which fields are required,
                // so a missing field is fine; one missing from some samples may also be `null`.
                if let Some(item) = map.get(key) {
                    check(&field.shape, field.present < object.samples, item, &format!("{path}.{key}"), problems);
                }
            }
            for key in map.keys().filter(|k| !object.fields.contains_key(*k)) {
                let hint = closest_key(key, object.fields.keys()).map(|k| format!("; did you mean `{k}`?")).unwrap_or_default();
                problems.push(format!("{path}: unknown field `{key}` (no saved request body has it{hint})"));
            }
            true
        }
        _ => false,
    };
    if !fits {
        problems.push(format!("{path}: expected {}, got {}", expected(&shape.kind), shown(value)));
    }
}

/// The known key nearest to a misspelt one (at most two characters differ, and fewer than half).
fn closest_key<'a>(key: &str, known: impl Iterator<Item = &'a String>) -> Option<&'a String> {
    let key: Vec<char> = key.to_lowercase().chars().collect();
    known
        .map(|candidate| {
            let other: Vec<char> = candidate.to_lowercase().chars().collect();
            (super::routes::edit_distance(&key, &other), candidate)
        })
        .filter(|(distance, candidate)| *distance <= 2 && *distance * 2 < key.len().max(candidate.chars().count()))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

fn expected(kind: &Kind) -> &'static str {
    match kind {
        Kind::Unknown | Kind::Mixed | Kind::Union(_) | Kind::Recursive(_) => "any value",
        Kind::BigInt => "an integer",
        Kind::Bool => "a boolean",
        Kind::Int { .. } => "an integer",
        Kind::Float => "a number",
        Kind::String(_) => "a string",
        Kind::Array(_) => "an array",
        Kind::Object(_) => "an object",
    }
}

/// A value for a message: scalars as JSON (shortened), containers by kind.
fn shown(value: &Value) -> String {
    match value {
        Value::Array(_) => "an array".to_owned(),
        Value::Object(_) => "an object".to_owned(),
        scalar => {
            let text = scalar.to_string();
            if text.chars().count() > 40 {
                format!("{}…", text.chars().take(39).collect::<String>())
            } else {
                text
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn shape(samples: &[&str]) -> BodyShape {
        BodyShape::from_samples(samples.iter().copied()).expect("a JSON sample")
    }

    #[test]
    fn bodies_that_fit() {
        let shape = shape(&[r#"{"name": "a", "age": 3, "tags": ["x"], "score": 1.5, "nick": null, "extra": {"k": true}}"#, r#"{"name": "b", "age": 4, "tags": [], "score": 2, "nick": "n"}"#]);
        assert!(shape.problems(&json!({"name": "c", "age": 5, "tags": ["y", "z"], "score": 7, "nick": null})).is_empty());
        assert!(shape.problems(&json!({"name": "c", "age": 5, "tags": [], "score": 7.25, "nick": "m", "extra": null})).is_empty());
    }

    #[test]
    fn bodies_that_do_not_fit_say_where_and_why() {
        let shape = shape(&[r#"{"name": "a", "age": 3, "tags": ["x"], "address": {"zip": "1"}}"#]);
        let problems = shape.problems(&json!({"name": 1, "age": 3.5, "tags": ["x", 2], "address": {"zip": null}, "agee": 1}));
        assert_eq!(
            problems,
            [
                "body.name: expected a string, got 1",
                "body.age: expected an integer, got 3.5",
                "body.tags[1]: expected a string, got 2",
                "body.address.zip: expected a string, got null",
                "body: unknown field `agee` (no saved request body has it; did you mean `age`?)",
            ]
        );
        assert!(shape.problems(&json!({"name": "a", "tags": [], "address": {}})).is_empty(), "fields may be left out");
        assert_eq!(shape.problems(&json!({"zzz": 1})), ["body: unknown field `zzz` (no saved request body has it)"]);
        assert_eq!(shape.problems(&json!([1])), ["body: expected an object, got an array"]);
        let many: serde_json::Map<String, Value> = (0..30).map(|i| (format!("k{i}"), json!(i))).collect();
        assert_eq!(shape.problems(&Value::Object(many)).len(), MAX_PROBLEMS);
    }

    #[test]
    fn samples_that_are_not_json_are_skipped() {
        assert!(BodyShape::from_samples(["{\"id\": {{id}}}", ""]).is_none());
        let shape = shape(&["{\"id\": {{id}}}", "[1, 2]"]);
        assert_eq!(shape.problems(&json!(["a"])), ["body[0]: expected an integer, got \"a\""]);
    }
}
