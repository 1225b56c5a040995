//! Turning Postman descriptions (markdown with stray HTML) into rustdoc that renders well and that
//! `RUSTDOCFLAGS=-D warnings` accepts, and into plain one-line text for string literals.
//!
//! The output never contains anything rustdoc would compile (code blocks are marked `text`), treat
//! as HTML, resolve as an intra-doc link, or warn about (bare URLs), and no control or bidi
//! characters. Doc text is emitted as `#[doc = "…"]` string literals, one per line, so it can never
//! close a comment or inject code.

/// Drops control characters (but `\n` and `\t`) and Unicode bidi controls, and normalises line ends.
pub fn strip_controls(text: &str) -> String {
    text.replace("\r\n", "\n")
        .chars()
        .map(|c| if c == '\r' { '\n' } else { c })
        .filter(|&c| {
            c == '\n'
                || c == '\t'
                || !(c.is_control()
                    || is_bidi(c) || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}'))
        })
        .collect()
}

/// `line` with each tab replaced by the spaces up to the next multiple of 4 columns.
pub fn expand_tabs(line: &str) -> String {
    if !line.contains('\t') {
        return line.to_owned();
    }
    let mut out = String::with_capacity(line.len() + 8);
    let mut column = 0;
    for c in line.chars() {
        if c == '\t' {
            let spaces = 4 - column % 4;
            out.extend(std::iter::repeat_n(' ', spaces));
            column += spaces;
        } else {
            out.push(c);
            column += 1;
        }
    }
    out
}

/// Replaces `<br>`, `</br>`, `<br/>` and `<p>` (any case) by newlines.
fn html_breaks(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let end = tail.find('>').map(|e| e + 1);
        let tag = end.map(|e| tail[..e].to_ascii_lowercase().replace(' ', ""));
        match tag.as_deref() {
            Some("<br>" | "</br>" | "<br/>" | "<p>" | "</p>") => {
                out.push('\n');
                rest = &tail[end.unwrap_or(1)..];
            }
            _ => {
                out.push('<');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The characters that reorder text on screen (Trojan Source): never let through into generated code.
pub fn is_bidi(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
}

/// Rustdoc lines for a markdown description.
pub fn rustdoc_lines(markdown: &str) -> Vec<String> {
    let (markdown, cut) = cap(markdown, MAX_DESCRIPTION);
    let text = html_breaks(&strip_controls(markdown));
    let mut lines = Vec::new();
    let mut in_fence = false;
    // The content column of the list item the previous line belongs to, if any.
    let mut list: Option<usize> = None;
    for raw in text.lines() {
        let trimmed = raw.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            if in_fence {
                lines.push("```".to_owned());
            } else {
                if list.take().is_some() {
                    lines.push(String::new());
                }
                lines.push("```text".to_owned());
            }
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            lines.push(raw.trim_end().to_owned());
            continue;
        }
        // Leading indentation would make an indented (compiled) code block.
        let line = escape_inline(trimmed.trim_end());
        if line.is_empty() {
            list = None;
            lines.push(line);
            continue;
        }
        let after_paragraph = lines.last().is_some_and(|l: &String| !l.is_empty()) && list.is_none();
        if let Some(column) = list_item(&line, after_paragraph) {
            list = Some(column);
            lines.push(line);
            continue;
        }
        match list {
            // An indented line under a list item continues it: indented to the item's text, as
            // Markdown wants (an unindented one would be a "lazy" continuation).
            Some(column) if raw.starts_with([' ', '\t']) => lines.push(format!("{}{line}", " ".repeat(column))),
            // An unindented line after a list starts a paragraph of its own.
            Some(_) => {
                list = None;
                lines.push(String::new());
                lines.push(line);
            }
            None => lines.push(line),
        }
    }
    if in_fence {
        lines.push("```".to_owned());
    }
    // Collapse runs of blank lines, trim blank lines at both ends.
    let mut out: Vec<String> = Vec::new();
    for line in lines {
        if line.is_empty() && out.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        out.push(line);
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    if cut > 0 {
        out.push(String::new());
        out.push(format!("(The collection's text goes on for {cut} more bytes, left out here.)"));
    }
    out
}

/// If `line` (trimmed, escaped Markdown) starts a list item, the column its text starts at: a
/// bullet (`-`, `*`, `+`) or a number of up to nine digits and `.` or `)`, then a space. After a
/// paragraph line (`after_paragraph`) only a bullet or `1.` starts a list, as in CommonMark.
fn list_item(line: &str, after_paragraph: bool) -> Option<usize> {
    let bytes = line.as_bytes();
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    let marker = if digits == 0 {
        usize::from(matches!(bytes.first(), Some(b'-' | b'*' | b'+')))
    } else if digits <= 9 && matches!(bytes.get(digits), Some(b'.' | b')')) {
        if after_paragraph && &line[..digits] != "1" {
            return None;
        }
        digits + 1
    } else {
        0
    };
    (marker > 0 && bytes.get(marker) == Some(&b' ') && !line[marker..].trim_start().is_empty()).then_some(marker + 1)
}

/// The longest description (in bytes) that goes into the docs whole: a megabyte of text is data, not
/// documentation, and would make every generated file carrying it huge.
pub const MAX_DESCRIPTION: usize = 16 * 1024;

/// `text` up to `max` bytes (cut at a line end when there is one in the last quarter, else at a
/// character boundary), and how many bytes were left out.
fn cap(text: &str, max: usize) -> (&str, usize) {
    if text.len() <= max {
        return (text, 0);
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    if let Some(line_end) = text[..end].rfind('\n').filter(|&at| at >= max / 4 * 3) {
        end = line_end;
    }
    (&text[..end], text.len() - end)
}

/// Escapes one line of markdown outside code spans: `<`/`>` become entities, brackets that are not
/// a `[text](url)` link are escaped, bare URLs are wrapped in `<…>`.
fn escape_inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '`' {
            // A code span runs to the next backtick run of the same length.
            let run = chars[i..].iter().take_while(|&&b| b == '`').count();
            let close = (i + run..chars.len()).find(|&j| {
                chars[j..].iter().take_while(|&&b| b == '`').count() == run && (j == 0 || chars[j - 1] != '`')
            });
            if let Some(j) = close {
                out.extend(&chars[i..j + run]);
                i = j + run;
                continue;
            }
            out.push_str("\\`");
            i += run;
            continue;
        }
        if c == '[' {
            if let Some(end) = link_end(&chars, i) {
                let text: String = chars[i + 1..end.0].iter().collect();
                let url: String = chars[end.0 + 2..end.1].iter().collect();
                out.push('[');
                out.push_str(&escape_inline(&text));
                out.push_str("](");
                out.push_str(&url.replace(['(', ')', ' ', '<', '>'], ""));
                out.push(')');
                i = end.1 + 1;
                continue;
            }
            out.push_str("\\[");
            i += 1;
            continue;
        }
        match c {
            ']' => out.push_str("\\]"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' => out.push_str("\\\\"),
            '|' => out.push_str("\\|"),
            'h' if starts_url(&chars[i..]) => {
                let len = chars[i..].iter().take_while(|c| !c.is_whitespace() && !matches!(c, '<' | '>' | '"' | '`' | ')' | '(' | '[' | ']')).count();
                let mut url: String = chars[i..i + len].iter().collect();
                let mut trail = String::new();
                while url.ends_with(['.', ',', ';', ':', '!', '?', '\'', '*']) {
                    if let Some(c) = url.pop() {
                        trail.insert(0, c);
                    }
                }
                out.push('<');
                out.push_str(&url);
                out.push('>');
                out.push_str(&trail);
                i += len;
                continue;
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

fn starts_url(chars: &[char]) -> bool {
    let s: String = chars.iter().take(8).collect();
    s.starts_with("https://") || s.starts_with("http://")
}

/// For `[text](url)` starting at `start`: the index of `]` and of the closing `)`.
fn link_end(chars: &[char], start: usize) -> Option<(usize, usize)> {
    let close = (start + 1..chars.len()).find(|&j| chars[j] == ']')?;
    if chars[start + 1..close].contains(&'[') || chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let end = (close + 2..chars.len()).find(|&j| chars[j] == ')')?;
    let url: String = chars[close + 2..end].iter().collect();
    (url.starts_with("http://") || url.starts_with("https://") || url.starts_with('#')).then_some((close, end))
}

/// One line of plain text: markdown emphasis and HTML tags removed, white space collapsed.
pub fn plain_text(markdown: &str) -> String {
    let text = html_breaks(&strip_controls(markdown));
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' if !in_tag => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if in_tag => {}
            '*' | '`' => {}
            c if c.is_whitespace() => {
                if !out.ends_with(' ') && !out.is_empty() {
                    out.push(' ');
                }
            }
            c => out.push(c),
        }
    }
    out.trim().to_owned()
}

/// Text as an inline code span that nothing inside can break out of: one line, no backticks.
pub fn code(text: &str) -> String {
    let inner = strip_controls(text).replace(['\n', '\t'], " ").replace('`', "'");
    if inner.trim().is_empty() {
        "` `".to_owned()
    } else {
        format!("`{inner}`")
    }
}

/// A JSON key as a code span: as written, or as its JSON string when it is empty or starts or ends
/// with white space (`""`, `" id"`), which a bare code span would not show.
pub fn key_code(key: &str) -> String {
    if key.is_empty() || key.trim() != key {
        code(&serde_json::to_string(key).unwrap_or_default())
    } else {
        code(key)
    }
}

/// Text from the collection as one line of escaped rustdoc (markup removed).
pub fn inline(text: &str) -> String {
    rustdoc_lines(&plain_text(text)).join(" ")
}

/// The first sentence (or line) of a description, as a summary for the first doc line.
pub fn summary(markdown: &str) -> Option<String> {
    let lines = rustdoc_lines(markdown);
    let first = lines.into_iter().find(|l| !l.is_empty() && !l.starts_with("```"))?;
    Some(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_and_brackets_and_urls() {
        let lines = rustdoc_lines("`0` — Facebook OAuth</br>`1` — Google <b>OAuth</b>\n\nSee [docs](https://x.y/a) and https://z.example/p. [note] a|b <script>");
        assert_eq!(
            lines,
            [
                "`0` — Facebook OAuth",
                "`1` — Google &lt;b&gt;OAuth&lt;/b&gt;",
                "",
                "See [docs](https://x.y/a) and <https://z.example/p>. \\[note\\] a\\|b &lt;script&gt;"
            ]
        );
    }

    #[test]
    fn code_is_never_compiled() {
        let lines = rustdoc_lines("Example:\n```\nfn main() {}\n```\n    indented();\n```js\nunclosed");
        assert_eq!(lines, ["Example:", "```text", "fn main() {}", "```", "indented();", "```text", "unclosed", "```"]);
    }

    #[test]
    fn list_continuations_are_indented() {
        let lines = rustdoc_lines("Values:\n- `a`: the first,\n  still the first\n10. ten\n    more of ten\n* star\n\tafter a tab");
        assert_eq!(lines, ["Values:", "- `a`: the first,", "  still the first", "10. ten", "    more of ten", "* star", "  after a tab"]);
    }

    #[test]
    fn lists_end_before_an_unindented_paragraph() {
        let lines = rustdoc_lines("- one\n- two\nThe default is one.\nStill the paragraph.\n1) first\n```\ncode\n```");
        assert_eq!(lines, ["- one", "- two", "", "The default is one.", "Still the paragraph.", "1) first", "", "```text", "code", "```"]);
        // After a blank line nothing is a continuation, and a paragraph line is not an item.
        assert_eq!(rustdoc_lines("- one\n\n  two\nthree"), ["- one", "", "two", "three"]);
        assert_eq!(rustdoc_lines("In\n2019. Then\nmore"), ["In", "2019. Then", "more"]);
        assert_eq!(rustdoc_lines("-1 is\n-- not\n-\nitems"), ["-1 is", "-- not", "-", "items"]);
    }

    #[test]
    fn tabs_become_spaces_to_the_next_stop() {
        assert_eq!(expand_tabs("\t\"a\": {"), "    \"a\": {");
        assert_eq!(expand_tabs("ab\tc\t\td"), "ab  c       d");
        assert_eq!(expand_tabs("none"), "none");
    }

    #[test]
    fn controls_and_bidi_are_removed() {
        assert_eq!(strip_controls("a\u{0}b\u{202e}c\r\nd\u{2029}"), "abc\nd");
    }

    #[test]
    fn code_spans_keep_their_text() {
        assert_eq!(rustdoc_lines("use `<token>` or `a]`"), ["use `<token>` or `a]`"]);
        assert_eq!(rustdoc_lines("stray ` tick"), ["stray \\` tick"]);
    }

    #[test]
    fn keys_show_their_blanks() {
        assert_eq!([key_code(""), key_code(" "), key_code(" id"), key_code("id"), key_code("a b")], ["`\"\"`", "`\" \"`", "`\" id\"`", "`id`", "`a b`"]);
    }

    #[test]
    fn code_spans_cannot_be_broken() {
        assert_eq!(code("a`b\n\nc"), "`a'b  c`");
        assert_eq!(code(""), "` `");
        assert_eq!(inline("[x] <b>y</b>\n\nhttps://e.com"), "\\[x\\] y <https://e.com>");
    }

    #[test]
    fn plain_text_strips_markup() {
        assert_eq!(plain_text("**HTTP Status Code:** `200` **OK**<br>\nUser object returned."), "HTTP Status Code: 200 OK User object returned.");
    }
}

/// At most 300 characters of a message that quotes input, cut in the middle with `…`, control and
/// bidi characters escaped, so an error or warning stays one readable terminal line.
pub fn shorten_message(text: &str) -> String {
    const KEEP: usize = 150;
    let escaped: String = text.chars().flat_map(|c| {
        let escape = c.is_control() || is_bidi(c);
        let shown: Vec<char> = if escape { c.escape_unicode().collect() } else { vec![c] };
        shown
    }).collect();
    let count = escaped.chars().count();
    if count <= 2 * KEEP {
        return escaped;
    }
    let head: String = escaped.chars().take(KEEP).collect();
    let tail: String = escaped.chars().skip(count - KEEP).collect();
    format!("{head}…({} characters left out)…{tail}", count - 2 * KEEP)
}

#[cfg(test)]
mod shorten_tests {
    #[test]
    fn messages_are_short_and_inert() {
        let long = format!("invalid type: string \"{}\", expected a sequence", "x".repeat(1_000_000));
        let short = super::shorten_message(&long);
        assert!(short.len() < 400 && short.starts_with("invalid type: string \"xxx") && short.ends_with("\", expected a sequence"), "{short}");
        assert_eq!(super::shorten_message("a\u{1b}[31m\u{202e}b"), "a\\u{1b}[31m\\u{202e}b");
    }

    #[test]
    fn long_descriptions_are_cut_with_a_note() {
        use super::{rustdoc_lines, MAX_DESCRIPTION};
        let text = format!("{}\n{}", "a".repeat(MAX_DESCRIPTION - 100), "é".repeat(MAX_DESCRIPTION));
        let lines = rustdoc_lines(&text);
        assert_eq!(lines.len(), 3, "the text to the line end, a blank line, the note");
        assert_eq!(lines[0].len(), MAX_DESCRIPTION - 100);
        assert_eq!(lines[2], format!("(The collection's text goes on for {} more bytes, left out here.)", text.len() - (MAX_DESCRIPTION - 100)));
        let one_line = "é".repeat(MAX_DESCRIPTION);
        let lines = rustdoc_lines(&one_line);
        assert!(lines[0].len() <= MAX_DESCRIPTION && lines[0].chars().all(|c| c == 'é'));
    }

}
