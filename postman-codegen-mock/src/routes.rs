//! Routing: which operations a method and path stand for, and the closest routes when none does.
//!
//! A route is an operation's method and path template. Literal segments match themselves (compared
//! percent-decoded), a parameter matches any non-empty segment, and a segment mixing text and
//! parameters (`:id.json`) matches by its text. Requests may carry the base URL's path (`/v2` of
//! `https://api.zoom.us/v2`) or not. When several routes match, the most specific wins (literal before
//! mixed before parameter, from the left); operations with the same template share the request.

use std::borrow::Cow;

use percent_encoding::percent_decode_str;

use postman_codegen::tooling::ir::{Api, PathPart};

/// One segment of a route's path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    /// Fixed text, percent-decoded.
    Literal(String),
    /// Any non-empty segment.
    Param,
    /// Text and parameters, e.g. `{id}.json`.
    Template(Vec<Piece>),
}

/// A piece of a [`Segment::Template`].
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    /// Fixed text, percent-decoded.
    Text(String),
    /// One or more characters.
    Param,
}

/// An operation's route.
#[derive(Debug, Clone)]
struct Route {
    /// The index of the operation in [`Api::operations`].
    operation: usize,
    /// The method, upper case.
    method: String,
    /// The path segments after the base URL.
    segments: Vec<Segment>,
    /// The path template, e.g. `/users/{userId}`, for messages.
    template: String,
}

/// The routes of an API.
#[derive(Debug, Clone)]
pub struct Routes {
    routes: Vec<Route>,
    base_path: Vec<String>,
    raw_base_path: String,
}

/// A route close to a request that matched none, for the 404 body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// The method.
    pub method: String,
    /// The path template relative to the base URL, e.g. `/users/{userId}`.
    pub path: String,
    /// The operation's name.
    pub operation: String,
}

impl Routes {
    /// The routes of every operation of `api`.
    pub fn new(api: &Api) -> Routes {
        let routes = api
            .operations
            .iter()
            .enumerate()
            .map(|(operation, op)| Route {
                operation,
                method: op.method.to_ascii_uppercase(),
                segments: op.path.iter().map(segment).collect(),
                template: op.path_template(),
            })
            .collect();
        let raw_base_path = api.base_url.as_deref().map(raw_base_path).unwrap_or_default().to_owned();
        Routes { routes, base_path: split_path(&raw_base_path), raw_base_path }
    }

    /// The base URL's path as written (percent-encoded, no trailing `/`), e.g. `/v2`, or empty.
    pub fn raw_base_path(&self) -> &str {
        &self.raw_base_path
    }

    /// The base URL's path segments (percent-decoded), e.g. `["v2"]`.
    pub fn base_path(&self) -> &[String] {
        &self.base_path
    }

    /// The operations that answer `method` and the raw (still percent-encoded) `path`, most
    /// specific first, and the path's segments relative to the base URL. `HEAD` falls back to `GET`.
    pub fn find(&self, method: &str, path: &str) -> Option<(Vec<usize>, Vec<String>)> {
        let method = method.to_ascii_uppercase();
        let methods: &[&str] = if method == "HEAD" { &["HEAD", "GET"] } else { &[method.as_str()] };
        let segments = split_path(path);
        let mut tries = Vec::new();
        if let Some(relative) = self.strip_base(&segments) {
            tries.push(relative.to_vec());
        }
        tries.push(segments.clone());
        for lenient in [false, true] {
            for candidate in &tries {
                for method in methods {
                    let found = self.matching(method, candidate, lenient);
                    if !found.is_empty() {
                        return Some((found, candidate.clone()));
                    }
                }
            }
        }
        None
    }

    /// Up to `limit` routes nearest to a request that matched none, by segments inserted, deleted
    /// or changed (a changed literal costs by how many characters differ), and another method.
    pub fn closest(&self, api: &Api, method: &str, path: &str, limit: usize) -> Vec<Suggestion> {
        let method = method.to_ascii_uppercase();
        let full = split_path(path);
        let segments = self.strip_base(&full).map_or(full.clone(), <[String]>::to_vec);
        let mut ranked: Vec<(usize, &Route)> = self
            .routes
            .iter()
            .map(|route| {
                let distance = weighted_distance(&route.segments, &segments, CHANGE, |pattern, segment| match pattern {
                    _ if segment_matches(pattern, segment, false) => 0,
                    Segment::Literal(text) => {
                        let (a, b): (Vec<char>, Vec<char>) = (text.chars().collect(), segment.chars().collect());
                        let longest = a.len().max(b.len()).max(1);
                        (CHANGE * edit_distance(&a, &b)).div_ceil(longest).max(1)
                    }
                    Segment::Param | Segment::Template(_) => CHANGE,
                });
                (distance + if route.method == method { 0 } else { CHANGE / 2 }, route)
            })
            .collect();
        ranked.sort_by_key(|(distance, route)| (*distance, route.operation));
        ranked
            .into_iter()
            .take(limit)
            .map(|(_, route)| Suggestion {
                method: route.method.clone(),
                path: route.template.clone(),
                operation: api.operations[route.operation].name.clone(),
            })
            .collect()
    }

    /// Every route as `METHOD /template`, in collection order.
    pub fn describe(&self) -> impl Iterator<Item = (usize, String)> + '_ {
        self.routes.iter().map(|route| (route.operation, format!("{} {}", route.method, route.template)))
    }

    fn strip_base<'s>(&self, segments: &'s [String]) -> Option<&'s [String]> {
        (!self.base_path.is_empty() && segments.starts_with(&self.base_path)).then(|| &segments[self.base_path.len()..])
    }

    /// The operations of the most specific routes of `method` that match `segments`.
    fn matching(&self, method: &str, segments: &[String], lenient: bool) -> Vec<usize> {
        let trimmed = |s: &[String]| -> Vec<String> {
            let mut s = s.to_vec();
            if lenient && s.last().is_some_and(String::is_empty) {
                s.pop();
            }
            s
        };
        let wanted = trimmed(segments);
        let mut best: Option<Vec<u8>> = None;
        let mut found = Vec::new();
        for route in self.routes.iter().filter(|r| r.method == method) {
            let mut pattern: &[Segment] = &route.segments;
            if lenient && pattern.last() == Some(&Segment::Literal(String::new())) {
                pattern = &pattern[..pattern.len() - 1];
            }
            if pattern.len() != wanted.len() || !pattern.iter().zip(&wanted).all(|(p, s)| segment_matches(p, s, true)) {
                continue;
            }
            let rank: Vec<u8> = pattern.iter().map(specificity).collect();
            match &best {
                Some(b) if *b > rank => {}
                Some(b) if *b == rank => found.push(route.operation),
                _ => {
                    best = Some(rank);
                    found = vec![route.operation];
                }
            }
        }
        found
    }
}

fn specificity(segment: &Segment) -> u8 {
    match segment {
        Segment::Literal(_) => 2,
        Segment::Template(_) => 1,
        Segment::Param => 0,
    }
}

/// A request path split into percent-decoded segments (`/` is none, `/a/` is `["a", ""]`).
pub fn split_path(path: &str) -> Vec<String> {
    let path = path.strip_prefix('/').unwrap_or(path);
    if path.is_empty() {
        return Vec::new();
    }
    path.split('/').map(|s| decode(s).into_owned()).collect()
}

/// Percent-decodes text (invalid UTF-8 is replaced).
pub fn decode(text: &str) -> Cow<'_, str> {
    percent_decode_str(text).decode_utf8_lossy()
}

/// The path of a base URL, e.g. `https://api.zoom.us/v2/` → `/v2`.
fn raw_base_path(base_url: &str) -> &str {
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("", |i| &after_scheme[i..]);
    path.split(['?', '#']).next().unwrap_or_default().trim_end_matches('/')
}

fn segment(part: &PathPart) -> Segment {
    match part {
        PathPart::Literal(text) => Segment::Literal(decode(text).into_owned()),
        PathPart::Param(_) => Segment::Param,
        PathPart::Template(pieces) => {
            let mut out = Vec::new();
            for (text, param) in pieces {
                if !text.is_empty() {
                    out.push(Piece::Text(decode(text).into_owned()));
                }
                if param.is_some() && out.last() != Some(&Piece::Param) {
                    out.push(Piece::Param);
                }
            }
            match out.as_slice() {
                [Piece::Param] => Segment::Param,
                [Piece::Text(text)] => Segment::Literal(text.clone()),
                _ => Segment::Template(out),
            }
        }
    }
}

/// Whether a decoded request segment fits a route segment. `strict` parameters need a non-empty
/// segment; for distances any segment will do.
fn segment_matches(pattern: &Segment, segment: &str, strict: bool) -> bool {
    match pattern {
        Segment::Literal(text) => text == segment,
        Segment::Param => !strict || !segment.is_empty(),
        Segment::Template(pieces) => pieces_match(pieces, segment),
    }
}

/// Matches text and parameter pieces against a segment (parameters take at least one character).
fn pieces_match(pieces: &[Piece], text: &str) -> bool {
    match pieces.split_first() {
        None => text.is_empty(),
        Some((Piece::Text(fixed), rest)) => text.strip_prefix(fixed.as_str()).is_some_and(|t| pieces_match(rest, t)),
        Some((Piece::Param, rest)) => {
            text.char_indices().skip(1).map(|(i, _)| i).chain([text.len()]).any(|end| end > 0 && pieces_match(rest, &text[end..]))
        }
    }
}

/// The Levenshtein distance between two character sequences.
pub(crate) fn edit_distance(a: &[char], b: &[char]) -> usize {
    weighted_distance(a, b, 1, |x, y| usize::from(x != y))
}

/// The cost of inserting, deleting or changing a whole segment in [`Routes::closest`].
const CHANGE: usize = 10;

/// The edit distance between two sequences: an insertion or deletion costs `step`, a change what
/// `change` says.
fn weighted_distance<A, B>(a: &[A], b: &[B], step: usize, change: impl Fn(&A, &B) -> usize) -> usize {
    let mut previous: Vec<usize> = (0..=b.len()).map(|j| j * step).collect();
    for (i, x) in a.iter().enumerate() {
        let mut current = vec![(i + 1) * step; b.len() + 1];
        for (j, y) in b.iter().enumerate() {
            let changed = previous[j] + change(x, y);
            current[j + 1] = changed.min(previous[j + 1] + step).min(current[j] + step);
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use postman_codegen::tooling::ir::{Operation, ParamLocation, ParamType};
    use crate::testing;

    fn op(name: &str, method: &str, path: Vec<PathPart>) -> Operation {
        let param = |wire: &str| testing::param(wire, ParamLocation::Path, ParamType::String, true);
        testing::operation(name, method, path, vec![param("id"), param("format")], Vec::new())
    }

    fn api() -> Api {
        let lit = |t: &str| PathPart::Literal(t.to_owned());
        Api {
            title: "t".into(),
            description: None,
            base_url: Some("https://api.example.com/v2/".into()),
            base_url_template: None,
            client_settings: Vec::new(),
            unresolved: Vec::new(),
            environments: Vec::new(),
            credentials: Default::default(),
            oauth2: None,
            paging: Vec::new(),
            operations: vec![
                op("get_user", "GET", vec![lit("users"), PathPart::Param(0)]),
                op("get_me", "GET", vec![lit("users"), lit("me")]),
                op("update_user", "PATCH", vec![lit("users"), PathPart::Param(0)]),
                op("export", "GET", vec![lit("exports"), PathPart::Template(vec![(String::new(), Some(0)), (".".into(), Some(1))])]),
                op("list_users", "GET", vec![lit("users"), lit("")]),
                op("root", "GET", vec![]),
                op("a%20b", "GET", vec![lit("a%20b"), lit("x@y")]),
                op("get_user_again", "GET", vec![lit("users"), PathPart::Param(1)]),
            ],
            folders: Vec::new(),
            types: Vec::new(),
            type_names: Default::default(),
            operation_names: Default::default(),
        }
    }

    fn names(api: &Api, found: Option<(Vec<usize>, Vec<String>)>) -> Vec<String> {
        found.map(|(ops, _)| ops.into_iter().map(|i| api.operations[i].name.clone()).collect()).unwrap_or_default()
    }

    #[test]
    fn methods_paths_and_base_paths() {
        let api = api();
        let routes = Routes::new(&api);
        assert_eq!(routes.base_path(), ["v2"]);
        assert_eq!(routes.raw_base_path(), "/v2");
        assert_eq!(names(&api, routes.find("GET", "/v2/users/42")), ["get_user", "get_user_again"]);
        assert_eq!(names(&api, routes.find("get", "/users/42")), ["get_user", "get_user_again"]);
        assert_eq!(names(&api, routes.find("GET", "/users/me")), ["get_me"], "literals beat parameters");
        assert_eq!(names(&api, routes.find("PATCH", "/users/a%2Fb")), ["update_user"]);
        assert_eq!(names(&api, routes.find("HEAD", "/users/7")), ["get_user", "get_user_again"]);
        assert!(routes.find("DELETE", "/users/7").is_none());
        assert!(routes.find("GET", "/users/7/x").is_none());
        assert_eq!(routes.find("GET", "/v2/users/a%2Fb").map(|(_, s)| s), Some(vec!["users".to_owned(), "a/b".to_owned()]));
    }

    #[test]
    fn templates_trailing_slashes_root_and_encoding() {
        let api = api();
        let routes = Routes::new(&api);
        assert_eq!(names(&api, routes.find("GET", "/exports/42.csv")), ["export"]);
        assert_eq!(names(&api, routes.find("GET", "/exports/a.b.c")), ["export"]);
        assert!(routes.find("GET", "/exports/.csv").is_none(), "a parameter is never empty");
        assert!(routes.find("GET", "/exports/42").is_none());
        assert_eq!(names(&api, routes.find("GET", "/users/")), ["list_users"]);
        assert_eq!(names(&api, routes.find("GET", "/users")), ["list_users"], "a missing trailing slash still finds the route");
        assert_eq!(names(&api, routes.find("GET", "/")), ["root"]);
        assert_eq!(names(&api, routes.find("GET", "/v2")), ["root"]);
        assert_eq!(names(&api, routes.find("GET", "/a%20b/x%40y")), ["a%20b"], "compared decoded");
    }

    #[test]
    fn closest_routes_prefer_the_same_path_then_fewer_differences() {
        let api = api();
        let routes = Routes::new(&api);
        let closest = routes.closest(&api, "DELETE", "/v2/users/7", 3);
        assert_eq!(closest[0], Suggestion { method: "GET".into(), path: "/users/{id}".into(), operation: "get_user".into() });
        let methods: Vec<&str> = closest.iter().map(|s| s.method.as_str()).collect();
        assert!(methods.contains(&"PATCH"), "{closest:?}");
        let closest = routes.closest(&api, "GET", "/userz/7", 1);
        assert_eq!(closest[0].operation, "get_user");
        let closest = routes.closest(&api, "GET", "/exportz/1.csv", 1);
        assert_eq!(closest[0].operation, "export");
    }

    #[test]
    fn distances() {
        assert_eq!(weighted_distance(&[1, 2, 3], &[1, 3], 1, |a, b| usize::from(a != b)), 1);
        assert_eq!(weighted_distance(&[1, 2, 3], &[1, 4, 3], 10, |a, b| if a == b { 0 } else { 3 }), 3);
        assert_eq!(weighted_distance::<u8, u8>(&[], &[1, 2], 10, |a, b| usize::from(a != b)), 20);
        assert_eq!(raw_base_path("https://h"), "");
        assert_eq!(raw_base_path("https://h/a%20b/c/?x=1"), "/a%20b/c");
        assert_eq!(split_path(raw_base_path("https://h/a%20b/c/?x=1")), ["a b", "c"]);
    }
}
