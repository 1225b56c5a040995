//! Names from what a collection says about a body: its path (`GET /users/:id` → `User`, `POST
//! /users` → `NewUser`, an action such as `/orders/createBooking` → `CreateBookingRequest`), the
//! keys it sits under (`owner` → `Owner`), the identity fields that make a struct an entity, and the
//! API's name for the error that several operations return.

use super::{Context, Hint, Site};
use crate::ir::{Field, Operation, PathPart, Role};
use crate::json::shape::{Kind, Shape};
use crate::names::{pascal_ident, singular, snake_ident};

/// Names for the success body (of `shape`), from the path: `GET /users/:userId` → `User`;
/// `GET /account` → `Account`; from `GET /users`, an object with a list in it → `UserList`, a list
/// → `UserList` (its elements `User`), another object → `Users`; `POST /orders/createBooking` →
/// `CreateBookingResponse` (an action the path names); then `{Operation}Response`. An envelope
/// (`{"success": true, "data": {…}}`) is `UserResponse`: the user is what it wraps.
pub(super) fn success_names(op: &Operation, op_pascal: &str, shape: Option<&Shape>) -> Vec<String> {
    let mut names = Vec::new();
    let envelope = match shape.map(|s| &s.kind) {
        Some(Kind::Object(object)) => object.fields.iter().any(|(key, field)| {
            let holds_objects = match &field.shape.kind {
                Kind::Object(_) => true,
                Kind::Array(element) => matches!(element.kind, Kind::Object(_)),
                _ => false,
            };
            holds_objects && GENERIC_KEYS.contains(&snake_ident(key, "").as_str())
        }),
        _ => false,
    };
    if let [.., PathPart::Literal(collection), PathPart::Param(_)] = op.path.as_slice() {
        let entity = pascal_ident(&singular(&snake_ident(collection, "")), "");
        names.push(if envelope && !entity.is_empty() { format!("{entity}Response") } else { entity });
    } else if let Some(word) = last_word(op) {
        let one = singular(&word);
        let list = match shape.map(|s| &s.kind) {
            Some(Kind::Array(_)) => true,
            Some(Kind::Object(object)) => object.fields.values().any(|f| matches!(f.shape.kind, Kind::Array(_))),
            _ => false,
        };
        if is_action(&word) {
            names.push(format!("{}Response", action_name(op, &word)));
        } else if op.method.eq_ignore_ascii_case("GET") {
            if is_qualifier(&word) {
                // `/tweets/search/recent` → `RecentSearch`, `/deals/archived` → `ArchivedDeals`.
                let name = word_before(op, &word).map_or_else(|| word.clone(), |before| format!("{word}_{before}"));
                names.push(pascal_ident(&name, ""));
            } else {
                names.push(if one != word && list { format!("{}List", pascal_ident(&one, "")) } else { pascal_ident(&word, "") });
            }
        }
    }
    names.push(format!("{op_pascal}Response"));
    names.retain(|n| !n.is_empty() && n != "Response" && n != "List");
    names
}

/// Names for a JSON request body, from the path and method: `POST /users` → `NewUser`,
/// `PUT /users/:id` → `UserUpdate`, `POST /orders/createBooking` → `CreateBookingRequest` (an action
/// the path names); then `{Operation}Body`.
pub(super) fn request_names(op: &Operation, op_pascal: &str) -> Vec<String> {
    let mut names = Vec::new();
    let ends_in_word = matches!(op.path.last(), Some(PathPart::Literal(_)));
    if let Some(word) = last_word(op) {
        let entity = pascal_ident(&singular(&word), "");
        let method = op.method.to_ascii_uppercase();
        if is_action(&word) && ends_in_word {
            names.push(format!("{}Request", action_name(op, &word)));
        } else if !entity.is_empty() {
            match (method.as_str(), ends_in_word) {
                ("POST", true) => names.push(format!("New{entity}")),
                ("PUT" | "PATCH", _) | ("POST", false) => names.push(format!("{entity}Update")),
                _ => {}
            }
        }
    }
    names.push(format!("{op_pascal}Body"));
    names
}

/// Words that start an action a path names (`createBooking`, `search`, `send_email`): its bodies
/// are the action's request and response, not an entity.
pub(super) const ACTIONS: &[&str] = &[
    "accept", "activate", "add", "block", "duplicate", "follow", "lock", "mute", "pin", "star", "unarchive", "unblock", "unfollow", "unlock", "unmute", "unpin", "unstar", "apply", "approve", "archive", "assign", "attach", "authorize", "batch", "book", "calculate", "cancel", "capture", "charge",
    "check", "clone", "close", "confirm", "convert", "copy", "create", "deactivate", "decline", "delete", "detach", "disable", "enable", "execute",
    "export", "fetch", "find", "fulfill", "generate", "get", "import", "invite", "issue", "list", "login", "logout", "lookup", "merge", "modify", "move",
    "notify", "pay", "preview", "process", "publish", "refresh", "refund", "register", "reject", "remove", "resend", "reset", "restore", "retrieve",
    "revoke", "run", "schedule", "search", "send", "set", "start", "stop", "submit", "subscribe", "sync", "transfer", "unpublish", "unsubscribe",
    "update", "upload", "validate", "verify", "void",
];

/// The name of the action a path ends in: the word (`createBooking` → `CreateBooking`), with the
/// entity it acts on when it follows one (`/deals/:id/duplicate` → `DuplicateDeal`).
pub(super) fn action_name(op: &Operation, word: &str) -> String {
    let on = match op.path.as_slice() {
        [.., PathPart::Literal(collection), PathPart::Param(_), PathPart::Literal(_)] if !word.contains('_') => singular(&snake_ident(collection, "")),
        _ => String::new(),
    };
    pascal_ident(&format!("{word}_{on}"), "")
}

/// Verbs of [`ACTIONS`] that are nouns too (`check_runs`, `refund_accounts`, `batch_jobs`).
pub(super) const NOUN_VERBS: &[&str] = &["batch", "book", "capture", "charge", "check", "copy", "export", "import", "issue", "list", "merge", "move", "process", "refund", "run", "schedule", "set", "transfer"];

/// Whether a path word (`snake_case`) names an action: its first word is a verb of [`ACTIONS`]
/// (`create_booking`, `search`), unless that verb is a noun too and a plural follows it
/// (`check_runs` is a collection of check runs).
pub(super) fn is_action(word: &str) -> bool {
    let parts: Vec<&str> = word.split('_').collect();
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    ACTIONS.contains(&first) && (parts.len() == 1 || !NOUN_VERBS.contains(&first) || singular(last) == last)
}

/// Whether a path word qualifies the one before it rather than naming a resource (`recent`,
/// `archived`, `pending`, `me`).
pub(super) fn is_qualifier(word: &str) -> bool {
    const WORDS: &[&str] = &[
        "all", "current", "daily", "hourly", "incoming", "latest", "me", "mine", "monthly", "new", "outgoing", "pending", "popular", "public", "private",
        "random", "recent", "self", "top", "trending", "upcoming", "weekly", "yearly",
    ];
    WORDS.contains(&word) || (!word.contains('_') && word.ends_with("ed") && word.len() > 5)
}

/// The literal path word before `word` (the last one), if any: what a qualifier qualifies.
pub(super) fn word_before(op: &Operation, word: &str) -> Option<String> {
    let mut words = op.path.iter().rev().filter_map(|part| match part {
        PathPart::Literal(text) => Some(snake_ident(text, "")),
        _ => None,
    });
    words.find(|w| w == word)?;
    words.find(|w| !w.is_empty() && w != "api" && !GENERIC_KEYS.contains(&w.as_str()))
}

/// The last literal segment of an operation's path as a `snake_case` word, leaving out API roots,
/// versions and wrapping words (`api`, `v2`, `items`).
pub(super) fn last_word(op: &Operation) -> Option<String> {
    op.path.iter().rev().find_map(|part| match part {
        PathPart::Literal(text) => Some(snake_ident(text, "")).filter(|word| is_resource_word(word)),
        _ => None,
    })
}

/// Whether a path word (`snake_case`) may name what the path is about: not empty, not an API root,
/// a version or a wrapping word (`api`, `v2`, `items`).
pub(super) fn is_resource_word(word: &str) -> bool {
    let version = word.strip_prefix('v').is_some_and(|rest| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit() || b == b'_'));
    !word.is_empty() && !version && word != "api" && !GENERIC_KEYS.contains(&word)
}

/// Keys that wrap an entity rather than name it: a struct under one of them is named for the
/// operation's resource instead.
pub(super) const GENERIC_KEYS: &[&str] = &[
    "data", "result", "results", "item", "items", "response", "body", "payload", "value", "values", "object", "objects", "record", "records", "entry",
    "entries", "node", "nodes", "content", "list", "rows", "row", "hits", "hit", "resource", "resources", "attributes", "elements", "element", "collection",
];

/// The entity an operation's path names: its last literal segment, singular (`/users/{id}` →
/// `User`, `/users/{id}/repos` → `Repo`), leaving out API roots, versions and wrapping words
/// (`api`, `v2`, `items`), actions and qualifiers (`/tweets/search/recent` → `Tweet`).
pub(super) fn resource_name(op: &Operation) -> Option<String> {
    op.path.iter().rev().find_map(|part| match part {
        PathPart::Literal(text) => {
            let word = snake_ident(text, "");
            let name = pascal_ident(&singular(&word), "");
            (is_resource_word(&word) && !is_action(&word) && !is_qualifier(&word) && !name.is_empty()).then_some(name)
        }
        _ => None,
    })
}

/// The entity name a struct at `hint` suggests: its key, singular (`owner` → `Owner`, `repos` →
/// `Repo`), or the operation's resource for a body or a key that only wraps it (`data`).
pub(super) fn entity_name(hint: &Hint, context: &Context) -> Option<String> {
    // Request bodies keep their operations' names: the entity's name is the response's.
    if context.role == Role::Request {
        return None;
    }
    match hint {
        Hint::Root(_) => context.resource.clone(),
        Hint::Field { key, .. } => {
            let word = snake_ident(key, "");
            if GENERIC_KEYS.contains(&word.as_str()) {
                return context.resource.clone();
            }
            let name = pascal_ident(&singular(&word), "");
            (!name.is_empty()).then_some(name)
        }
    }
}

/// The entity names of a struct with an identity field, from its sites (in rank order): the names
/// its sites suggest, the most suggested first (then by rank), of those whose entity the struct
/// identifies (`id`, `uuid`, `guid`, `_id`, or `{entity}_id`). A name only a body itself suggests
/// (`POST /users` → `User`) counts when another site suggests it too: what one operation returns
/// may be a part or a receipt of the entity. Empty for a struct without an identity: it is named
/// for its place.
pub(super) fn entity_candidates<'a>(sites: impl Iterator<Item = &'a Site>, fields: &[Field]) -> Vec<String> {
    // Per name: the sites that suggest it, and whether one of them is a key or a list's element.
    let mut votes: Vec<(String, usize, bool)> = Vec::new();
    for site in sites {
        let Some(name) = &site.entity else { continue };
        let strong = matches!(site.hint, Hint::Field { .. }) || site.path.ends_with("/-");
        match votes.iter_mut().find(|(n, _, _)| n == name) {
            Some((_, count, s)) => {
                *count += 1;
                *s |= strong;
            }
            None => votes.push((name.clone(), 1, strong)),
        }
    }
    // A stable sort: equal votes keep the order of rank.
    votes.sort_by_key(|vote| std::cmp::Reverse(vote.1));
    // A struct of five fields or more with an identity is the entity itself even where one body
    // alone suggests its name: receipts are smaller.
    let whole = fields.len() >= ENTITY_FIELDS;
    votes.into_iter().filter(|(name, count, strong)| (*count > 1 || *strong || whole) && has_identity(fields, name)).map(|(name, _, _)| name).collect()
}

/// The name of the error body that several operations return: the API's name (the first word of
/// the collection's, `PayPal Partner APIs` → `PayPalError`), else `ErrorResponse` (`ErrorBody` is the runtime's).
pub(super) fn shared_error_name(title: &str) -> String {
    const NOT_A_NAME: &[&str] = &["the", "a", "an", "my", "our", "your", "api", "apis", "rest", "http", "new", "sample", "example", "demo", "test", "collection", "error"];
    title
        .split(|c: char| !c.is_alphanumeric())
        .find(|word| !word.is_empty())
        .filter(|word| word.len() > 1 && word.starts_with(|c: char| c.is_alphabetic()) && !NOT_A_NAME.contains(&word.to_lowercase().as_str()))
        .map(|word| pascal_ident(word, ""))
        .filter(|word| !word.is_empty())
        .map_or_else(|| "ErrorResponse".to_owned(), |word| format!("{word}Error"))
}

/// The names a body's path gives it at `site` ([`success_names`], [`request_names`]): the names of
/// a body's hint that are not made from its operation's name.
pub(super) fn path_names(site: &Site) -> Vec<String> {
    let Hint::Root(names) = &site.hint else { return Vec::new() };
    let op = pascal_ident(&site.rank.1, "Operation");
    names.iter().filter(|name| !name.starts_with(op.as_str())).cloned().collect()
}

/// The fewest fields of a struct that one body alone names for its entity ([`entity_candidates`]).
pub(super) const ENTITY_FIELDS: usize = 5;

/// The keys that identify an entity whatever it is called.
pub(super) const IDENTITY_KEYS: [&str; 4] = ["id", "uuid", "guid", "_id"];

/// Whether `fields` identify an entity called `name`: an `id`, `uuid`, `guid` or `_id` field, or
/// `{name}_id` (`{name}Id`).
pub(super) fn has_identity(fields: &[Field], name: &str) -> bool {
    let snake = snake_ident(name, "");
    let own = [format!("{snake}_id"), format!("{}id", snake.replace('_', ""))];
    fields.iter().any(|f| {
        let key = f.wire_name.to_ascii_lowercase();
        IDENTITY_KEYS.contains(&key.as_str()) || own.contains(&key)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shared_error_is_named_for_the_api() {
        assert_eq!(shared_error_name("PayPal Partner APIs"), "PayPalError");
        assert_eq!(shared_error_name("Slack Web API"), "SlackError");
        assert_eq!(shared_error_name("  brevo-api"), "BrevoError");
        // Words that name no API, numbers and a title of symbols.
        assert_eq!(shared_error_name("The Movie Database"), "ErrorResponse");
        assert_eq!(shared_error_name("API v2"), "ErrorResponse");
        assert_eq!(shared_error_name("2024 Orders"), "ErrorResponse");
        assert_eq!(shared_error_name("{{$!}}"), "ErrorResponse");
        assert_eq!(shared_error_name("Error Tracker"), "ErrorResponse");
    }

    #[test]
    fn qualifiers_that_paths_end_with() {
        for word in ["recent", "archived", "pending", "me", "trending"] {
            assert!(is_qualifier(word), "{word}");
        }
        for word in ["account", "readme", "users", "thing", "bed", "seed_list"] {
            assert!(!is_qualifier(word), "{word}");
        }
    }

    #[test]
    fn actions_that_paths_name() {
        for action in ["create_booking", "search", "send_message", "capture", "check_availability"] {
            assert!(is_action(action), "{action}");
        }
        for noun in ["bookings", "check_runs", "refund_accounts", "users", "listings"] {
            assert!(!is_action(noun), "{noun}");
        }
    }
}
