//! Turning arbitrary text from a collection into Rust identifiers: readable, legal, never a keyword
//! or a name that shadows the prelude, and unique within their scope.

use std::collections::{BTreeSet, HashMap};

use heck::{ToPascalCase, ToSnakeCase};

use crate::diagnostics::Diagnostics;

/// Words that cannot be used as plain identifiers (strict and reserved keywords, all editions).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn",
    "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self",
    "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "abstract", "become",
    "box", "do", "final", "gen", "macro", "override", "priv", "try", "typeof", "unsized", "virtual", "yield", "union",
    "_",
];

/// Type names that would shadow the prelude, std or the generated crate's own items. The emitted
/// files write these bare or import them (see `emit/uses.rs`): no generated item may take one.
const RESERVED_TYPES: &[&str] = &[
    "Option", "Result", "String", "Vec", "Box", "Value", "Some", "None", "Ok", "Err", "Self", "Default", "Clone",
    "Copy", "Debug", "Send", "Sync", "Sized", "Fn", "FnMut", "FnOnce", "Drop", "Iterator", "From", "Into", "Map",
    "HashMap", "BTreeMap", "Serialize", "Deserialize", "Client", "ClientBuilder", "Error", "ApiError", "Cow", "Rc",
    "Arc", "ToString", "PartialEq", "Eq", "Hash", "Ord", "PartialOrd", "Unpin", "Future", "ToOwned", "IntoIterator",
    "IntoFuture",
];

/// Is `word` a Rust keyword?
pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

/// Is `name` reserved for a type (prelude, std, our runtime)?
pub fn is_reserved_type(name: &str) -> bool {
    RESERVED_TYPES.contains(&name) || is_keyword(name)
}

/// Replaces symbols that carry meaning (`+1`, `-1`, `@type`, `$ref`) by words and everything else
/// that is not alphanumeric by a separator, so that heck sees word boundaries.
fn wordify(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    let mut first = true;
    while let Some(c) = chars.next() {
        let word = match c {
            '+' if first || out.ends_with(' ') => Some("plus"),
            '-' if (first || out.ends_with(' ')) && chars.peek().is_some_and(|n| n.is_ascii_digit()) => Some("minus"),
            '@' if first => Some("at"),
            '$' if first => Some("dollar"),
            '#' if first => Some("hash"),
            '%' => Some("percent"),
            _ => None,
        };
        if let Some(word) = word {
            out.push(' ');
            out.push_str(word);
            out.push(' ');
        } else if matches!(c, '\'' | '\u{2019}') && out.ends_with(char::is_alphanumeric) && chars.peek().is_some_and(|n| n.is_alphanumeric()) {
            // An apostrophe inside a word (`user's`, `don't`) joins it: not `user_s`.
        } else if c == 's' && !chars.peek().is_some_and(|n| n.is_lowercase()) {
            // The plural of an acronym (`APIs`, `IDs`) is one word, not `AP` + `Is`.
            let caps = out.bytes().rev().take_while(u8::is_ascii_uppercase).count();
            if caps >= 2 {
                let start = out.len() - caps + 1;
                out[start..].make_ascii_lowercase();
            }
            out.push(c);
        } else if c.is_alphanumeric() {
            out.push(c);
        } else {
            out.push(' ');
        }
        first = false;
    }
    out
}

/// Keeps only characters that are valid in an identifier (ASCII alphanumerics and `_`): letters and
/// digits of other scripts are transliterated, anything else separates words.
fn ascii_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c);
        } else {
            push_transliterated(&mut out, c);
        }
    }
    out
}

/// Pushes the ASCII letters and digits of a non-ASCII letter or digit (`ñ` → `n`, `获` → `Huo `,
/// with the space that ends a CJK syllable), or a space for anything else (emoji, symbols).
fn push_transliterated(out: &mut String, c: char) {
    match deunicode::deunicode_char(c).filter(|_| c.is_alphanumeric()) {
        // A soft sign is `'`, inside the word.
        Some(ascii) => out.extend(ascii.chars().filter(|&a| a != '\'').map(|a| if a.is_ascii_alphanumeric() { a } else { ' ' })),
        None => out.push(' '),
    }
}

/// The longest identifier made from collection text (a name of a megabyte is a megabyte-long
/// function otherwise, and a file name no file system takes).
pub const MAX_IDENT: usize = 64;

/// The first few hundred characters of `text`: all an identifier of [`MAX_IDENT`] can come from.
fn limit(text: &str) -> &str {
    text.char_indices().nth(8 * MAX_IDENT).map_or(text, |(i, _)| &text[..i])
}

/// Cuts an (ASCII) identifier to [`MAX_IDENT`], without a trailing `_`.
fn truncate_ident(name: &mut String) {
    if name.len() > MAX_IDENT {
        // At the end of a word (before a `_` or a capital) when one ends in the second half, not in
        // the middle of one. The name is ASCII.
        let bytes = name.as_bytes();
        let starts_word = |i: usize| bytes.get(i).is_some_and(|&b| b == b'_' || b.is_ascii_uppercase());
        let end = (MAX_IDENT / 2..=MAX_IDENT).rev().find(|&i| starts_word(i)).unwrap_or(MAX_IDENT);
        name.truncate(end);
        let kept = name.trim_end_matches('_').len();
        name.truncate(kept);
    }
}

/// The words of `text` for a package name: ASCII letters (lowercased) and digits, with one `-`
/// between words (`"My API (v2)"` → `my-api-v2`). Other letters and digits are transliterated
/// (`Ünïcode` → `unicode`); anything else separates words. Empty when `text` has no letter or digit.
pub fn package_words(text: &str) -> String {
    let ascii = ascii_only(text).to_ascii_lowercase();
    let words: Vec<&str> = ascii.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
    words.join("-")
}

/// `snake_case` identifier text for a field, parameter, operation or module. Never empty, never
/// starts with a digit, never a keyword (a keyword gets a trailing `_`).
pub fn snake_ident(text: &str, fallback: &str) -> String {
    let mut name = ascii_only(&wordify(limit(text))).to_snake_case();
    truncate_ident(&mut name);
    if name.is_empty() {
        name = fallback.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("n{name}");
    }
    if is_keyword(&name) {
        name.push('_');
    }
    name
}

/// `PascalCase` identifier text for a type. Never empty, never starts with a digit; keywords and
/// reserved names are *not* avoided here (see [`is_reserved_type`]).
pub fn pascal_ident(text: &str, fallback: &str) -> String {
    let mut name = ascii_only(&wordify(limit(text))).to_pascal_case();
    truncate_ident(&mut name);
    if name.is_empty() {
        name = fallback.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("N{name}");
    }
    name
}

/// The singular of the last word of a `snake_case` or plain word: `custom_attributes` →
/// `custom_attribute`, `users` → `user`, `data` → `datum` is *not* done (kept as `data`).
pub fn singular(text: &str) -> String {
    let (head, last) = match text.rfind(['_', ' ']) {
        Some(i) => (&text[..=i], &text[i + 1..]),
        None => ("", text),
    };
    let lower = last.to_ascii_lowercase();
    // Words where the usual rules go wrong for API field names.
    const KEEP: &[&str] = &["data", "metadata", "status", "news", "series", "species", "alias", "bus", "process"];
    if KEEP.contains(&lower.as_str()) || last.len() < 3 {
        return text.to_owned();
    }
    let single = pluralizer::pluralize(last, 1, false);
    if single.is_empty() {
        return text.to_owned();
    }
    format!("{head}{single}")
}

/// Hands out names unique within one scope, in the order asked.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: BTreeSet<String>,
    /// The next number to try for a stem (`snake` and `Pascal` style apart): numbers below it are
    /// taken, so a thousand `request`s cost linear, not quadratic, time.
    next: HashMap<(String, bool), usize>,
}

impl Scope {
    /// A scope where `reserved` are already taken.
    pub fn with_reserved<'a>(reserved: impl IntoIterator<Item = &'a str>) -> Self {
        Scope { taken: reserved.into_iter().map(str::to_owned).collect(), next: HashMap::new() }
    }

    /// Is `name` free?
    pub fn is_free(&self, name: &str) -> bool {
        !self.taken.contains(name)
    }

    /// Takes `name`, or `name_2`, `name_3`, … (`Name2` style when `pascal`).
    pub fn claim(&mut self, name: &str, pascal: bool) -> String {
        let mut candidate = name.to_owned();
        let stem = name.trim_end_matches('_');
        let stem = if stem.is_empty() { name } else { stem };
        if self.taken.contains(&candidate) {
            let next = self.next.entry((stem.to_owned(), pascal)).or_insert(2);
            loop {
                candidate = if pascal { format!("{stem}{next}") } else { format!("{stem}_{next}") };
                *next += 1;
                if !self.taken.contains(&candidate) {
                    break;
                }
            }
        }
        self.taken.insert(candidate.clone());
        candidate
    }
}

/// Renames the `kind` named `old` in `items` to `new`, unless no item has that name, another item
/// already has `new`, or `valid` says why `new` will not do: each is a warning that names it.
/// Returns whether it renamed.
pub(crate) fn rename_one<T>(
    items: &mut [T],
    name: fn(&mut T) -> &mut String,
    kind: &str,
    (old, new): (&String, &String),
    valid: Result<(), &str>,
    diagnostics: &mut Diagnostics,
) -> bool {
    let taken = items.iter_mut().any(|item| name(item) == new);
    let Some(index) = items.iter_mut().position(|item| name(item) == old) else {
        diagnostics.warn("", &format!("the settings file renames the {kind} `{old}`, which does not exist"));
        return false;
    };
    let why = match (taken, valid) {
        (true, _) => format!("another {kind} has that name"),
        (false, Err(why)) => why.to_owned(),
        (false, Ok(())) => {
            *name(&mut items[index]) = new.clone();
            return true;
        }
    };
    diagnostics.warn("", &format!("the {kind} `{old}` cannot be renamed `{new}`: {why}"));
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_idents() {
        assert_eq!(snake_ident("Get a user", "op"), "get_a_user");
        assert_eq!(snake_ident("fooBar", "f"), "foo_bar");
        assert_eq!(snake_ident("type", "f"), "type_");
        assert_eq!(snake_ident("self", "f"), "self_");
        assert_eq!(snake_ident("+1", "f"), "plus_1");
        assert_eq!(snake_ident("-1", "f"), "minus_1");
        assert_eq!(snake_ident("", "field"), "field");
        assert_eq!(snake_ident("🎉", "field"), "field");
        assert_eq!(snake_ident("123abc", "f"), "n123abc");
        assert_eq!(snake_ident("{user Id}", "f"), "user_id");
        assert_eq!(snake_ident("@type", "f"), "at_type");
        // Letters of other scripts are transliterated; symbols and emoji are not words.
        assert_eq!(snake_ident("Añadir un usuario nuevo a la red", "f"), "anadir_un_usuario_nuevo_a_la_red");
        assert_eq!(snake_ident("Ver los datos básicos", "f"), "ver_los_datos_basicos");
        assert_eq!(snake_ident("Größe ändern", "f"), "grosse_andern");
        assert_eq!(snake_ident("获取用户", "f"), "huo_qu_yong_hu");
        assert_eq!(snake_ident("Получить пользователя", "f"), "poluchit_polzovatelia");
        assert_eq!(pascal_ident("Tür öffnen 🚪", "T"), "TurOffnen");
        assert_eq!(snake_ident("🎉 ✓", "field"), "field");
        // An apostrophe inside a word does not split it.
        assert_eq!(snake_ident("Return history of transportador's states", "f"), "return_history_of_transportadors_states");
        assert_eq!(snake_ident("Don\u{2019}t retry", "f"), "dont_retry");
        assert_eq!(snake_ident("'quoted' name", "f"), "quoted_name");
        // Plural acronyms stay one word.
        assert_eq!(snake_ident("External APIs", "f"), "external_apis");
        assert_eq!(snake_ident("getUserIDs", "f"), "get_user_ids");
        assert_eq!(snake_ident("URLs2", "f"), "urls2");
        assert_eq!(snake_ident("List all IDs of APIs", "f"), "list_all_ids_of_apis");
        assert_eq!(pascal_ident("APIs", "T"), "Apis");
        assert_eq!(pascal_ident("user_IDs_list", "T"), "UserIdsList");
        // An `s` that starts a word, or that ends a lowercase word, is left alone.
        assert_eq!(snake_ident("APIsettings", "f"), "ap_isettings");
        assert_eq!(snake_ident("HTTPServer", "f"), "http_server");
        assert_eq!(snake_ident("users", "f"), "users");
        assert_eq!(snake_ident("A s", "f"), "a_s");
    }

    #[test]
    fn long_names_are_cut_between_words() {
        let name = snake_ident("Get all existing trick category names from tricking api data tricks", "f");
        assert_eq!(name, "get_all_existing_trick_category_names_from_tricking_api_data");
        let name = pascal_ident("Get all existing trick category names from tricking api data tricks grouped by category", "T");
        assert_eq!(name, "GetAllExistingTrickCategoryNamesFromTrickingApiDataTricksGrouped");
        // A first word longer than the limit is cut where the limit is.
        assert_eq!(snake_ident(&"x".repeat(100), "f"), "x".repeat(MAX_IDENT));
        assert_eq!(snake_ident(&format!("{} tail", "y".repeat(63)), "f"), "y".repeat(63));
    }

    #[test]
    fn long_names_are_cut() {
        let long = "word ".repeat(1_000_000);
        assert_eq!(snake_ident(&long, "f"), "word_".repeat(13).trim_end_matches('_'));
        assert_eq!(pascal_ident(&long, "T").len(), MAX_IDENT);
    }

    #[test]
    fn pascal_idents() {
        assert_eq!(pascal_ident("custom_attribute", "T"), "CustomAttribute");
        assert_eq!(pascal_ident("3d", "T"), "N3d");
        assert_eq!(pascal_ident("***", "Type"), "Type");
        assert!(is_reserved_type("Option") && is_reserved_type("Self") && !is_reserved_type("User"));
    }

    #[test]
    fn singulars() {
        assert_eq!(singular("custom_attributes"), "custom_attribute");
        assert_eq!(singular("users"), "user");
        assert_eq!(singular("im_group_ids"), "im_group_id");
        assert_eq!(singular("categories"), "category");
        assert_eq!(singular("data"), "data");
        assert_eq!(singular("status"), "status");
    }

    #[test]
    fn scopes_deduplicate() {
        let mut scope = Scope::with_reserved(["client"]);
        assert_eq!(scope.claim("client", false), "client_2");
        assert_eq!(scope.claim("user", false), "user");
        assert_eq!(scope.claim("user", false), "user_2");
        assert_eq!(scope.claim("User", true), "User");
        assert_eq!(scope.claim("User", true), "User2");
        assert_eq!(scope.claim("type_", false), "type_");
        assert_eq!(scope.claim("type_", false), "type_2");
        assert_eq!(scope.claim("user_3", false), "user_3");
        assert_eq!(scope.claim("user", false), "user_4");
    }

    #[test]
    fn many_equal_names_take_linear_time() {
        // Regression (bad-input suite): 10,000 unnamed items took ten minutes, each claim counting
        // up from 2 again.
        let mut scope = Scope::default();
        for i in 2..=200_000 {
            assert_eq!(scope.claim("request", false), if i == 2 { "request".to_owned() } else { format!("request_{}", i - 1) });
        }
    }
}
