//! `--validate`: whether a request fits its operation, and why not.
//!
//! Query parameters (and the fields of an urlencoded form body) are checked against the parameter
//! types of the IR: a required one (marked `(Required)` in the collection) must be sent, and an
//! integer, number or boolean one must parse as such. Parameters the collection does not know are let through (credentials in the query, and
//! parameters the collection leaves out). JSON bodies must parse, and must fit the saved request
//! bodies ([`super::body_shape`]).

use serde_json::Value;

use super::body_shape::{BodyShape, MAX_PROBLEMS};
use postman_codegen::tooling::ir::{Operation, ParamLocation, ParamType};

/// What validation looks at in a request.
#[derive(Debug, Clone, Copy)]
pub struct Sent<'a> {
    /// Query parameters, decoded, in order.
    pub query: &'a [(String, String)],
    /// The `Content-Type` header, if any.
    pub content_type: Option<&'a str>,
    /// The body.
    pub body: &'a [u8],
}

/// Checks a request against one operation (and its body shape): the problems, empty when it fits.
pub fn problems(operation: &Operation, body_shape: Option<&BodyShape>, sent: &Sent<'_>) -> Vec<String> {
    let mut problems = param_problems(operation, ParamLocation::Query, "query parameter", sent.query);
    if sent.content_type.is_some_and(|t| media_type(t) == "application/x-www-form-urlencoded") {
        let form: Vec<(String, String)> = form_urlencoded::parse(sent.body).into_owned().collect();
        problems.extend(param_problems(operation, ParamLocation::Form, "form field", &form));
    }
    problems.extend(body_problems(body_shape, sent));
    problems.truncate(MAX_PROBLEMS);
    problems
}

/// Checks the sent `pairs` against the operation's parameters at `location`: required ones must be
/// there, typed ones must parse.
fn param_problems(operation: &Operation, location: ParamLocation, what: &str, pairs: &[(String, String)]) -> Vec<String> {
    let mut problems = Vec::new();
    for param in operation.params.iter().filter(|p| p.location == location) {
        let values: Vec<&str> = pairs.iter().filter(|(k, _)| *k == param.wire_name).map(|(_, v)| v.as_str()).collect();
        if values.is_empty() && param.required {
            problems.push(format!("{what} `{}` is required", param.wire_name));
        }
        for value in values {
            if let Some(expected) = misfit(param.ty, value) {
                problems.push(format!("{what} `{}`: expected {expected}, got {value:?}", param.wire_name));
            }
        }
    }
    problems
}

/// What a query value should have been, when it is not of `ty`.
fn misfit(ty: ParamType, value: &str) -> Option<&'static str> {
    let fits = match ty {
        ParamType::String | ParamType::File => true,
        ParamType::Integer => value.parse::<i64>().is_ok(),
        ParamType::Float => value.parse::<f64>().is_ok_and(f64::is_finite),
        ParamType::Boolean => matches!(value, "true" | "false"),
    };
    (!fits).then_some(match ty {
        ParamType::String | ParamType::File => "a string",
        ParamType::Integer => "an integer",
        ParamType::Float => "a number",
        ParamType::Boolean => "`true` or `false`",
    })
}

fn body_problems(shape: Option<&BodyShape>, sent: &Sent<'_>) -> Vec<String> {
    let declared_json = sent.content_type.is_some_and(is_json_media_type);
    let empty = sent.body.trim_ascii().is_empty();
    if empty {
        return match shape {
            Some(_) => vec!["the request has no body, but the collection's saved requests send a JSON body".to_owned()],
            None => Vec::new(),
        };
    }
    if !declared_json && (shape.is_none() || sent.content_type.is_some()) {
        // Not JSON by its own account (a form, text, a file): nothing to check.
        return Vec::new();
    }
    match serde_json::from_slice::<Value>(sent.body) {
        Err(error) => vec![format!("the body is not valid JSON: {error}")],
        Ok(value) => shape.map(|s| s.problems(&value)).unwrap_or_default(),
    }
}

/// `application/json`, `application/vnd.api+json`, `text/json; charset=utf-8`, …
fn is_json_media_type(content_type: &str) -> bool {
    let essence = media_type(content_type);
    essence.ends_with("/json") || essence.ends_with("+json")
}

/// The media type of a `Content-Type`, lower case, without parameters.
fn media_type(content_type: &str) -> String {
    content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing;

    fn operation() -> Operation {
        let query = |name: &str, ty: ParamType, required: bool| testing::param(name, ParamLocation::Query, ty, required);
        let params = vec![
            query("page", ParamType::Integer, true),
            query("ratio", ParamType::Float, false),
            query("flag", ParamType::Boolean, false),
            query("q", ParamType::String, false),
        ];
        testing::operation("op", "POST", Vec::new(), params, Vec::new())
    }

    fn run(query: &[(&str, &str)], content_type: Option<&str>, body: &str, shape: Option<&BodyShape>) -> Vec<String> {
        let query: Vec<(String, String)> = query.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        problems(&operation(), shape, &Sent { query: &query, content_type, body: body.as_bytes() })
    }

    #[test]
    fn query_parameters() {
        assert!(run(&[("page", "2"), ("ratio", "0.5"), ("flag", "true"), ("q", "x"), ("access_token", "t")], None, "", None).is_empty());
        assert_eq!(run(&[], None, "", None), ["query parameter `page` is required"]);
        assert_eq!(
            run(&[("page", "two"), ("ratio", "inf"), ("flag", "yes"), ("page", "3")], None, "", None),
            [
                "query parameter `page`: expected an integer, got \"two\"",
                "query parameter `ratio`: expected a number, got \"inf\"",
                "query parameter `flag`: expected `true` or `false`, got \"yes\"",
            ]
        );
    }

    #[test]
    fn bodies() {
        let shape = BodyShape::from_samples([r#"{"n": 1}"#]);
        let shape = shape.as_ref();
        let page = &[("page", "1")][..];
        assert!(run(page, Some("application/json"), r#"{"n": 2}"#, shape).is_empty());
        assert!(run(page, None, r#"{"n": 2}"#, shape).is_empty());
        assert_eq!(run(page, Some("application/json"), r#"{"n": "2"}"#, shape), ["body.n: expected an integer, got \"2\""]);
        assert_eq!(run(page, None, r#"{"n": "2"}"#, shape), ["body.n: expected an integer, got \"2\""], "undeclared bodies are read as JSON when JSON is expected");
        assert_eq!(run(page, Some("application/vnd.api+json; charset=utf-8"), "{", None), ["the body is not valid JSON: EOF while parsing an object at line 1 column 1"]);
        assert_eq!(run(page, None, "", shape), ["the request has no body, but the collection's saved requests send a JSON body"]);
        assert!(run(page, Some("application/x-www-form-urlencoded"), "n=x", shape).is_empty());
        let mut form = operation();
        form.params.push(testing::param("count", ParamLocation::Form, ParamType::Integer, true));
        let query = vec![("page".to_owned(), "1".to_owned())];
        let check = |body: &str| problems(&form, None, &Sent { query: &query, content_type: Some("application/x-www-form-urlencoded; charset=utf-8"), body: body.as_bytes() });
        assert!(check("count=3&other=x").is_empty());
        assert_eq!(check("count=three"), ["form field `count`: expected an integer, got \"three\""]);
        assert_eq!(check(""), ["form field `count` is required"]);
        assert!(run(page, Some("text/plain"), "{", None).is_empty());
        assert!(run(page, None, "", None).is_empty());
    }
}
