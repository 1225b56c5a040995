//! URLs: the base URL's template filled from the client's settings, and path segments percent-encoded.

use crate::error::Error;

/// The base URL `template` (`https://{{region}}.api.example.com`) with each variable filled from
/// `values` (set by the builder's setters; a later value wins). `variables` pairs each variable with
/// its setter, for the error when one is not set.
///
/// # Errors
///
/// [`Error::InvalidRequest`] naming the variable and its setter when a variable is not set, or when
/// a value has anything but ASCII letters, digits and `-._~` (which could change the host).
pub fn fill_base_url(
    template: &str,
    variables: &[(&str, &str)],
    values: &[(&'static str, String)],
) -> Result<String, Error> {
    let mut url = template.to_owned();
    for (name, setter) in variables {
        let Some((_, value)) = values.iter().rev().find(|(set, _)| set == name) else {
            return Err(Error::InvalidRequest(std::format!(
                "the base URL {template} needs `{name}`: set it with `ClientBuilder::{setter}` (or the whole URL with `ClientBuilder::base_url`)"
            )));
        };
        if value.is_empty() || !value.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')) {
            return Err(Error::InvalidRequest(std::format!(
                "`{name}` of the base URL may hold only letters, digits and `-._~`, not {value:?}"
            )));
        }
        // `{{name}}`, and `{{ name }}` with spaces, as Postman reads both.
        let mut filled = String::with_capacity(url.len());
        let mut rest = url.as_str();
        while let Some(start) = rest.find("{{") {
            let Some(len) = rest[start + 2..].find("}}") else { break };
            filled.push_str(&rest[..start]);
            if rest[start + 2..start + 2 + len].trim() == *name {
                filled.push_str(value);
            } else {
                filled.push_str(&rest[start..start + 2 + len + 2]);
            }
            rest = &rest[start + 2 + len + 2..];
        }
        filled.push_str(rest);
        url = filled;
    }
    Ok(url)
}

/// Encodes one path parameter as one path segment.
///
/// Everything but ASCII letters, digits and `-._~` is percent-encoded, so `/`, `?`, `#`, `@` and `%`
/// stay inside the segment. An empty value, `.` or `..` would change the path, so they are refused.
pub fn encode_path_segment(parameter: &str, value: &str) -> Result<String, Error> {
    let mut segment = String::with_capacity(value.len());
    push_path_segment(&mut segment, parameter, value)?;
    Ok(segment)
}

/// [`encode_path_segment`], written at the end of `path`.
pub fn push_path_segment(path: &mut String, parameter: &str, value: &str) -> Result<(), Error> {
    if value.is_empty() || value == "." || value == ".." {
        return Err(Error::InvalidRequest(std::format!(
            "path parameter `{parameter}` cannot be {value:?}: it would change the request path"
        )));
    }
    const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    path.extend(percent_encoding::utf8_percent_encode(value, SEGMENT));
    Ok(())
}
