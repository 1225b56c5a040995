//! What an operation describes: its [`OperationSpec`] and the [`RequestSpec`] of one call (path,
//! query, headers, body).

use super::*;
use crate::error::Error;

/// What a generated operation knows about itself.
#[derive(Debug)]
pub struct OperationSpec {
    /// The Rust name of the operation, e.g. `get_user`.
    pub name: &'static str,
    /// The HTTP method, e.g. `GET`.
    pub method: &'static str,
    /// How the operation authenticates.
    pub auth: AuthScheme,
    /// The non-success statuses the collection documents, with what it says about each.
    pub documented: &'static [(u16, &'static str)],
}

/// The parts of one request that vary per call.
#[derive(Debug)]
pub struct RequestSpec {
    /// The path; once the request is built, the whole URL (the base URL put in front, in place).
    pub(super) path: String,
    /// Whether `path` holds the whole URL.
    pub(super) joined: bool,
    pub(super) query: Vec<(&'static str, String)>,
    pub(super) headers: Vec<(&'static str, String)>,
    /// The headers every request of the operation sends, after `headers`.
    pub(super) fixed: &'static [(&'static str, &'static str)],
    pub(super) body: Option<BodySpec>,
}

/// A request body.
#[derive(Debug)]
pub(super) enum BodySpec {
    /// Bytes with a content type (JSON, text, files).
    Bytes(Vec<u8>, &'static str),
    /// `application/x-www-form-urlencoded` fields.
    Form(Vec<(&'static str, String)>),
    /// `multipart/form-data` parts.
    Multipart(Vec<Part>),
    /// A body already moved into the request of the last attempt.
    Sent,
}

/// One part of a multipart body.
#[derive(Debug)]
pub(super) enum Part {
    /// A text field.
    Text(&'static str, String),
    /// A file: field name, file name, contents.
    File(&'static str, String, Vec<u8>),
}

impl RequestSpec {
    /// A request for `path`, which must already be encoded (see [`encode_path_segment`]).
    pub fn new(path: String) -> Self {
        RequestSpec {
            path,
            joined: false,
            query: Vec::new(),
            headers: Vec::new(),
            fixed: &[],
            body: None,
        }
    }

    /// Sends `value` as a JSON body.
    pub fn json<T: serde::Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let bytes = serde_json::to_vec(value)
            .map_err(|error| Error::InvalidRequest(std::format!("the body cannot be encoded as JSON: {error}")))?;
        self.body = Some(BodySpec::Bytes(bytes, "application/json"));
        Ok(())
    }

    /// Sends `value` as a JSON body in which each field of `dynamic` (`(path, variable, quoted)`:
    /// the keys down to it, the Postman dynamic variable, whether the collection quoted it) that
    /// `value` leaves out or `null` holds a fresh value of the variable ([`dynamic_value`]): a string
    /// when quoted, else the number or boolean it is. Made once, when the request is built, so a
    /// retry sends the same body.
    pub fn json_with_dynamic<T: serde::Serialize + ?Sized>(
        &mut self,
        value: &T,
        dynamic: &[(&[&str], &str, bool)],
    ) -> Result<(), Error> {
        let mut json = serde_json::to_value(value)
            .map_err(|error| Error::InvalidRequest(std::format!("the body cannot be encoded as JSON: {error}")))?;
        for (path, variable, quoted) in dynamic {
            let Some((last, parents)) = path.split_last() else { continue };
            // The object that holds the field: only where the caller's body has every parent.
            let object = parents.iter().try_fold(&mut json, |place, key| place.get_mut(*key)).and_then(serde_json::Value::as_object_mut);
            let Some(object) = object else { continue };
            if object.get(*last).is_none_or(serde_json::Value::is_null) {
                let text = dynamic_value(variable);
                let fresh = if *quoted {
                    serde_json::Value::String(text)
                } else {
                    serde_json::from_str(&text).ok().filter(|v: &serde_json::Value| v.is_number() || v.is_boolean()).unwrap_or(serde_json::Value::String(text))
                };
                object.insert((*last).to_owned(), fresh);
            }
        }
        self.json(&json)
    }

    /// Sends a GraphQL query (and its variables, when set) as `{"query": …, "variables": …}`.
    pub fn graphql<T: serde::Serialize>(
        &mut self,
        query: &str,
        variables: Option<&T>,
    ) -> Result<(), Error> {
        #[derive(serde::Serialize)]
        struct GraphqlBody<'a, T> {
            query: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            variables: Option<&'a T>,
        }
        self.json(&GraphqlBody { query, variables })
    }

    /// Sends text (or any bytes) with the given content type.
    pub fn bytes(&mut self, bytes: impl Into<Vec<u8>>, content_type: &'static str) {
        self.body = Some(BodySpec::Bytes(bytes.into(), content_type));
    }

    /// Adds a field to an urlencoded form body.
    pub fn form(&mut self, name: &'static str, value: impl std::fmt::Display) {
        match &mut self.body {
            Some(BodySpec::Form(fields)) => fields.push((name, value.to_string())),
            _ => self.body = Some(BodySpec::Form(std::vec![(name, value.to_string())])),
        }
    }

    /// Adds a form field when it is set.
    pub fn form_opt<T: std::fmt::Display>(&mut self, name: &'static str, value: Option<T>) {
        if let Some(value) = value {
            self.form(name, value);
        }
    }

    /// Adds a form field once per value, in order (none when there is no value).
    pub fn form_each<T: std::fmt::Display>(&mut self, name: &'static str, values: &[T]) {
        for value in values {
            self.form(name, value);
        }
    }

    /// Makes the body an urlencoded form, even when no field is set.
    pub fn form_body(&mut self) {
        if !matches!(self.body, Some(BodySpec::Form(_))) {
            self.body = Some(BodySpec::Form(Vec::new()));
        }
    }

    /// Makes the body multipart, even when no part is set.
    pub fn multipart_body(&mut self) {
        self.push_part(None);
    }

    /// Makes the body multipart (even with no parts) and adds `part`, if any.
    fn push_part(&mut self, part: Option<Part>) {
        match &mut self.body {
            Some(BodySpec::Multipart(parts)) => parts.extend(part),
            _ => self.body = Some(BodySpec::Multipart(part.into_iter().collect())),
        }
    }

    /// Adds a text part to a multipart body when it is set.
    pub fn part_opt<T: std::fmt::Display>(&mut self, name: &'static str, value: Option<T>) {
        self.push_part(value.map(|value| Part::Text(name, value.to_string())));
    }

    /// Adds a text part to a multipart body once per value, in order (none when there is no value).
    pub fn part_each<T: std::fmt::Display>(&mut self, name: &'static str, values: &[T]) {
        for value in values {
            self.part_opt(name, Some(value));
        }
    }

    /// Adds a file part (file name and contents) to a multipart body when it is set.
    pub fn file_part_opt(&mut self, name: &'static str, file: Option<(String, Vec<u8>)>) {
        self.push_part(file.map(|(file_name, contents)| Part::File(name, file_name, contents)));
    }

    /// Adds a query parameter.
    pub fn query(&mut self, name: &'static str, value: impl std::fmt::Display) {
        self.query.push((name, value.to_string()));
    }

    /// Adds a query parameter when it is set.
    pub fn query_opt<T: std::fmt::Display>(&mut self, name: &'static str, value: Option<T>) {
        if let Some(value) = value {
            self.query(name, value);
        }
    }

    /// Adds a query parameter once per value, in order (`ids=1&ids=2`; none when there is no value).
    pub fn query_each<T: std::fmt::Display>(&mut self, name: &'static str, values: &[T]) {
        for value in values {
            self.query(name, value);
        }
    }

    /// Adds a header.
    pub fn header(&mut self, name: &'static str, value: impl std::fmt::Display) {
        self.headers.push((name, value.to_string()));
    }

    /// Whether the request can be built again for another attempt: not once its body was moved
    /// into a request, and never with a multipart body (its parts, which may be large files, are
    /// moved, not copied).
    pub fn can_resend(&self) -> bool {
        !matches!(self.body, Some(BodySpec::Multipart(_) | BodySpec::Sent))
    }

    /// Sets the headers every request of the operation sends (`Accept`, a fixed API version…),
    /// sent after those added with [`RequestSpec::header`].
    pub fn fixed_headers(&mut self, headers: &'static [(&'static str, &'static str)]) {
        self.fixed = headers;
    }

    /// Adds a header when it is set.
    pub fn header_opt<T: std::fmt::Display>(&mut self, name: &'static str, value: Option<T>) {
        if let Some(value) = value {
            self.header(name, value);
        }
    }
}
