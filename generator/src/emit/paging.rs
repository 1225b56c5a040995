//! Pagination: which operations page, and the `stream()` method of their builders.
//!
//! An operation pages when its query has a paging parameter and its success body carries the list
//! (and, for cursors, the matching next-cursor field), as the examples show:
//! - a cursor (`next_page_token`, `cursor`, `page_token`, `starting_after`, …) with a next-cursor field
//!   of the body (`next_page_token`, `next_cursor`, `nextPageToken`, …, at the top or one object deep);
//! - an offset (`offset`, `skip`, `start`) with an optional `limit`;
//! - a page number (`page`, `page_number`, …) with an optional page size (`per_page`, `page_size`, …).
//!
//! The list is the body itself when it is an array, or its one array field (or the array field named
//! like the path's last segment, `items`, `data`, `results`, …).

use proc_macro2::TokenStream;
use quote::quote;

use super::responses::{success, Body, Success};
use super::{ident, type_tokens};
use crate::ir::{Api, Field, Operation, PagingKind, PagingRule, ParamLocation, ParamType, PathPart, Presence, TypeRef};

const CURSOR_PARAMS: &[&str] =
    &["nextpagetoken", "pagetoken", "cursor", "nextcursor", "pagecursor", "startingafter", "after", "continuationtoken", "continuation", "nexttoken", "marker"];
const CURSOR_FIELDS: &[&str] =
    &["nextpagetoken", "nextcursor", "nexttoken", "cursor", "continuationtoken", "pagetoken", "endcursor", "nextmarker", "marker"];
const CURSOR_PARENTS: &[&str] = &["meta", "metadata", "responsemetadata", "pagination", "paging", "pageinfo", "links", "page"];
const OFFSET_PARAMS: &[&str] = &["offset", "skip", "start", "startindex"];
const PAGE_PARAMS: &[&str] = &["page", "pagenumber", "pageno", "pagenum", "pageindex"];
const SIZE_PARAMS: &[&str] = &["perpage", "pagesize", "limit", "size", "pagelimit", "count", "maxresults", "take"];
/// Fields that report how many items the whole list holds. `count` is left out: as many APIs use it
/// for the items of the page as for the list's total.
const TOTAL_ITEMS_FIELDS: &[&str] =
    &["total", "totalcount", "totalrecords", "totalresults", "totalitems", "totalentries", "totalelements", "totalhits", "totalsize"];
/// Fields that report how many pages the list has (used with page numbers).
const TOTAL_PAGES_FIELDS: &[&str] = &["totalpages", "pagecount", "pages", "numpages", "lastpage"];
const LIST_FIELDS: &[&str] = &["items", "data", "results", "records", "entries", "values", "elements", "list", "nodes", "content"];

/// `next_page_token`, `nextPageToken`, `next-page-token` → `nextpagetoken`.
fn normalized(name: &str) -> String {
    name.chars().filter(|c| c.is_ascii_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// How an operation pages, in IR terms.
#[derive(Debug)]
pub(super) struct Pagination<'a> {
    kind: Kind<'a>,
    /// The list: the field path to it (empty: the body is the list) and its element type.
    items: Vec<&'a Field>,
    item_type: TypeRef,
    /// The field reporting the list's total, if the body has one.
    total: Option<(TotalKind, Vec<&'a Field>)>,
}

/// What a body's total counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TotalKind {
    Items,
    Pages,
}

#[derive(Debug)]
enum Kind<'a> {
    Cursor { param: usize, field: Vec<&'a Field> },
    Offset { param: usize, limit: Option<usize> },
    Page { param: usize, size: Option<usize> },
}

/// How `op` pages, if it does.
pub(super) fn pagination<'a>(api: &'a Api, op: &'a Operation) -> Option<Pagination<'a>> {
    let Success::One(Body::Json(body)) = success(op) else {
        return None;
    };
    let query = |names: &[&str], ty: Option<ParamType>| {
        op.params.iter().position(|p| {
            // A repeated parameter holds a list, not one page number or cursor.
            p.location == ParamLocation::Query && !p.repeated && names.contains(&normalized(&p.wire_name).as_str()) && ty.is_none_or(|ty| p.ty == ty)
        })
    };
    if let Some(rule) = api.paging.iter().find(|rule| rule.operation == op.name) {
        return ruled(api, op, &body, rule);
    }
    let (items, item_type) = list(api, op, &body)?;
    let numeric = |index: usize| matches!(op.params[index].ty, ParamType::Integer | ParamType::String);
    let size = query(SIZE_PARAMS, Some(ParamType::Integer));
    let kind = if let Some((param, field)) = query(CURSOR_PARAMS, Some(ParamType::String)).and_then(|p| Some((p, cursor_field(api, &body, op, p)?))) {
        Kind::Cursor { param, field }
    } else if let Some(param) = query(OFFSET_PARAMS, None).filter(|&p| numeric(p)) {
        Kind::Offset { param, limit: size }
    } else if let Some(param) = query(PAGE_PARAMS, None).filter(|&p| numeric(p)) {
        Kind::Page { param, size }
    } else {
        return None;
    };
    let total = total_field(api, &body, &kind);
    Some(Pagination { kind, items, item_type, total })
}

/// How `op` pages by the settings file's `rule` (checked when the settings were read).
fn ruled<'a>(api: &'a Api, op: &'a Operation, body: &TypeRef, rule: &PagingRule) -> Option<Pagination<'a>> {
    let param = |wire: &str| op.params.iter().position(|p| p.location == ParamLocation::Query && p.wire_name == wire);
    let path = |names: &[String]| -> Option<Vec<&'a Field>> {
        let mut ty = body.clone();
        let mut out = Vec::new();
        for name in names {
            let field = fields(api, &ty).iter().find(|f| f.wire_name == *name)?;
            ty = field.ty.clone();
            out.push(field);
        }
        Some(out)
    };
    let (items, item_type) = if rule.items.is_empty() {
        list(api, op, body)?
    } else {
        let items = path(&rule.items)?;
        let TypeRef::Vec(item) = &items.last()?.ty else { return None };
        let item = (**item).clone();
        (items, item)
    };
    let size = rule.size.as_deref().and_then(param);
    let kind = match &rule.kind {
        PagingKind::Cursor { param: wire, next } => Kind::Cursor { param: param(wire)?, field: path(next)? },
        PagingKind::Page(wire) => Kind::Page { param: param(wire)?, size },
        PagingKind::Offset(wire) => Kind::Offset { param: param(wire)?, limit: size },
    };
    let total = total_field(api, body, &kind);
    Some(Pagination { kind, items, item_type, total })
}

fn fields<'a>(api: &'a Api, ty: &TypeRef) -> &'a [Field] {
    match ty {
        TypeRef::Named(i) => api.types.get(*i).map_or(&[], |t| t.fields.as_slice()),
        _ => &[],
    }
}

/// The list of a page: the body itself, or its list field.
fn list<'a>(api: &'a Api, op: &Operation, body: &TypeRef) -> Option<(Vec<&'a Field>, TypeRef)> {
    if let TypeRef::Vec(item) = body {
        return Some((Vec::new(), (**item).clone()));
    }
    let arrays: Vec<&Field> = fields(api, body).iter().filter(|f| matches!(f.ty, TypeRef::Vec(_))).collect();
    let last_segment = op.path.iter().rev().find_map(|p| match p {
        PathPart::Literal(text) => Some(normalized(text)),
        _ => None,
    });
    let chosen = match arrays.as_slice() {
        [one] => *one,
        _ => arrays.iter().copied().find(|f| {
            let name = normalized(&f.wire_name);
            last_segment.as_deref() == Some(name.as_str()) || LIST_FIELDS.contains(&name.as_str())
        })?,
    };
    match &chosen.ty {
        TypeRef::Vec(item) => Some((vec![chosen], (**item).clone())),
        _ => None,
    }
}

/// The field of the body that holds the next cursor for the cursor parameter `param`.
fn cursor_field<'a>(api: &'a Api, body: &TypeRef, op: &Operation, param: usize) -> Option<Vec<&'a Field>> {
    let wanted = normalized(&op.params[param].wire_name);
    let is_cursor = |f: &Field| {
        let name = normalized(&f.wire_name);
        (name == wanted || CURSOR_FIELDS.contains(&name.as_str())) && matches!(f.ty, TypeRef::String | TypeRef::Value | TypeRef::I64 | TypeRef::U64)
    };
    let top = fields(api, body);
    if let Some(field) = top.iter().find(|f| is_cursor(f)) {
        return Some(vec![field]);
    }
    top.iter().filter(|f| CURSOR_PARENTS.contains(&normalized(&f.wire_name).as_str())).find_map(|parent| {
        let field = fields(api, &parent.ty).iter().find(|f| is_cursor(f))?;
        Some(vec![parent, field])
    })
}

/// The integer field of the body (at the top, or one paging object deep: `meta.total`) that reports
/// the list's total items, or, for page numbers, its total pages.
fn total_field<'a>(api: &'a Api, body: &TypeRef, kind: &Kind<'_>) -> Option<(TotalKind, Vec<&'a Field>)> {
    let kind_of = |f: &Field| {
        if !matches!(f.ty, TypeRef::I64 | TypeRef::U64) {
            return None;
        }
        let name = normalized(&f.wire_name);
        if TOTAL_ITEMS_FIELDS.contains(&name.as_str()) {
            Some(TotalKind::Items)
        } else if matches!(kind, Kind::Page { .. }) && TOTAL_PAGES_FIELDS.contains(&name.as_str()) {
            Some(TotalKind::Pages)
        } else {
            None
        }
    };
    let top = fields(api, body);
    if let Some((field, total)) = top.iter().find_map(|f| Some((f, kind_of(f)?))) {
        return Some((total, vec![field]));
    }
    top.iter().filter(|f| CURSOR_PARENTS.contains(&normalized(&f.wire_name).as_str())).find_map(|parent| {
        let (field, total) = fields(api, &parent.ty).iter().find_map(|f| Some((f, kind_of(f)?)))?;
        Some((total, vec![parent, field]))
    })
}

/// A short description of how `op` pages, for its docs.
pub(super) fn describe(api: &Api, op: &Operation) -> Option<String> {
    let paging = pagination(api, op)?;
    let wire = |i: usize| crate::docs::code(&op.params[i].wire_name);
    let path = |fields: &[&Field]| crate::docs::code(&fields.iter().map(|f| f.wire_name.as_str()).collect::<Vec<_>>().join("."));
    let how = match &paging.kind {
        Kind::Cursor { param, field } => format!("the cursor {} of each page is sent as {} for the next one", path(field), wire(*param)),
        Kind::Offset { param, .. } => format!("the offset {} advances by the items received", wire(*param)),
        Kind::Page { param, .. } => format!("the page number {} goes up by one", wire(*param)),
    };
    Some(match &paging.total {
        Some((TotalKind::Items, field)) => format!("{how}, until the items reach the total {}", path(field)),
        Some((TotalKind::Pages, field)) => format!("{how}, until the pages reach the total {}", path(field)),
        None => how,
    })
}

/// The `stream()` method of a paginated operation's builder, or nothing.
pub(super) fn stream_method(api: &Api, op: &Operation) -> TokenStream {
    let Some(paging) = pagination(api, op) else {
        return TokenStream::new();
    };
    let item = type_tokens(api, &paging.item_type);
    let set = |index: usize| {
        let param = &op.params[index];
        let name = ident(&param.name);
        match (param.ty, param.required) {
            (ParamType::String, false) => quote!(request.#name = ::std::option::Option::Some(at.into_text());),
            (ParamType::String, true) => quote!(request.#name = at.into_text();),
            (_, false) => quote!(request.#name = at.into_number();),
            (_, true) => quote! {
                if let ::std::option::Option::Some(number) = at.into_number() {
                    request.#name = number;
                }
            },
        }
    };
    let current = |index: usize, default: i64| {
        let param = &op.params[index];
        let name = ident(&param.name);
        match (param.ty, param.required) {
            (ParamType::String, false) => quote!(self.#name.as_deref().and_then(|value| value.trim().parse().ok()).unwrap_or(#default)),
            (ParamType::String, true) => quote!(self.#name.trim().parse().unwrap_or(#default)),
            (_, false) => quote!(self.#name.unwrap_or(#default)),
            (_, true) => quote!(self.#name),
        }
    };
    let size = |index: Option<usize>| match index.map(|i| &op.params[i]) {
        Some(param) if param.required => {
            let name = ident(&param.name);
            quote!(::std::option::Option::Some(self.#name))
        }
        Some(param) => {
            let name = ident(&param.name);
            quote!(self.#name)
        }
        None => quote!(::std::option::Option::None),
    };
    let (paging_tokens, set_position, cursor) = match &paging.kind {
        Kind::Cursor { param, field } => (quote!(crate::paging::Paging::Cursor), set(*param), cursor_expr(field)),
        Kind::Offset { param, limit } => {
            let first = current(*param, 0);
            let limit = size(*limit);
            (quote!(crate::paging::Paging::Offset { first: #first, limit: #limit }), set(*param), quote!(::std::option::Option::None))
        }
        Kind::Page { param, size: page_size } => {
            let default = if op.params[*param].example.as_deref().map(str::trim) == Some("0") { 0 } else { 1 };
            let first = current(*param, default);
            let page_size = size(*page_size);
            (quote!(crate::paging::Paging::PageNumber { first: #first, size: #page_size }), set(*param), quote!(::std::option::Option::None))
        }
    };
    let items = match paging.items.as_slice() {
        [] => quote!(body),
        [field] => {
            let name = ident(&field.name);
            if field.presence == Presence::Always {
                quote!(body.#name)
            } else if is_double_option(field) {
                quote!(body.#name.flatten().unwrap_or_default())
            } else {
                quote!(body.#name.unwrap_or_default())
            }
        }
        _ => quote!(::std::vec::Vec::new()),
    };
    let (read_total, with_total) = match &paging.total {
        Some((kind, path)) => {
            let variant = match kind {
                TotalKind::Items => quote!(crate::paging::Total::Items),
                TotalKind::Pages => quote!(crate::paging::Total::Pages),
            };
            let signed = path.last().is_some_and(|f| f.ty == TypeRef::I64);
            let read = match (number_expr(path), signed) {
                (Number::Always(read), true) => quote!(::std::option::Option::Some(#variant(#read))),
                (Number::Always(read), false) => quote!(i64::try_from(#read).ok().map(#variant)),
                (Number::Maybe(read), true) => quote!(#read.map(#variant)),
                (Number::Maybe(read), false) => quote!(#read.and_then(|total| i64::try_from(total).ok()).map(#variant)),
            };
            (quote!(let total = #read;), quote!(.with_total(total)))
        }
        None => (TokenStream::new(), TokenStream::new()),
    };
    let doc = super::doc_lines([
        "Every item of every page, fetching pages as they are needed: ".to_owned() + &describe(api, op).unwrap_or_default() + ".",
        String::new(),
        "A [`futures_core::Stream`]; or read it with [`Paginated::try_next`](crate::Paginated::try_next).".to_owned(),
    ]);
    quote! {
        #doc
        #[inline]
        pub fn stream(self) -> crate::Paginated<'a, #item> {
            let client = self.client;
            let paging = #paging_tokens;
            crate::Paginated::new(&client.core, paging, move |at| {
                let mut request = self.clone();
                if let ::std::option::Option::Some(at) = at {
                    #set_position
                }
                ::std::boxed::Box::pin(async move {
                    let (status, headers, body) = request.send_with_response().await?.into_parts();
                    #read_total
                    ::std::result::Result::Ok(crate::paging::Page::new(#items, #cursor).with_response(status, headers)#with_total)
                })
            })
        }
    }
}

/// An expression reading an integer.
enum Number {
    /// The integer itself.
    Always(TokenStream),
    /// An `Option` of it.
    Maybe(TokenStream),
}

/// The expression reading the integer at `path` from `body` (copied: the list and cursor are moved
/// out of `body` afterwards).
fn number_expr(path: &[&Field]) -> Number {
    match access(path, true) {
        (expr, true) => Number::Maybe(quote!(#expr.copied())),
        (expr, false) => Number::Always(expr),
    }
}

/// The expression reaching the field at the end of `path` from `body`, and whether it is an
/// `Option` of it: by reference when `borrow` (an `Option<&T>`), else moving only the fields on the
/// way.
fn access(path: &[&Field], borrow: bool) -> (TokenStream, bool) {
    let mut expr = quote!(body);
    let mut optional = false;
    for field in path {
        let name = ident(&field.name);
        let field_optional = field.presence != Presence::Always;
        expr = match (optional, field_optional, borrow) {
            (false, true, true) => quote!(#expr.#name.as_ref()),
            (false, _, _) => quote!(#expr.#name),
            (true, false, true) => quote!(#expr.map(|parent| &parent.#name)),
            (true, false, false) => quote!(#expr.map(|parent| parent.#name)),
            (true, true, true) => quote!(#expr.and_then(|parent| parent.#name.as_ref())),
            (true, true, false) => quote!(#expr.and_then(|parent| parent.#name)),
        };
        if is_double_option(field) {
            expr = if borrow { quote!(#expr.and_then(::std::option::Option::as_ref)) } else { quote!(#expr.flatten()) };
        }
        optional = optional || field_optional;
    }
    (expr, optional)
}

/// Whether a field is an `Option<Option<T>>` (missing in some examples, `null` in others).
fn is_double_option(field: &Field) -> bool {
    field.presence == Presence::OptionalNullable && field.ty != TypeRef::Value
}

/// The expression reading the next cursor from `body` as an `Option<String>` (moving only the fields
/// on the way, so the list can be moved out of `body` too).
fn cursor_expr(path: &[&Field]) -> TokenStream {
    let (expr, optional) = access(path, false);
    let ty = path.last().map_or(&TypeRef::String, |f| &f.ty);
    match (ty, optional) {
        (TypeRef::String, false) => quote!(::std::option::Option::Some(#expr)),
        (TypeRef::String, true) => expr,
        (TypeRef::Value, false) => quote!(#expr.as_str().map(::std::borrow::ToOwned::to_owned)),
        (TypeRef::Value, true) => quote!(#expr.as_ref().and_then(::serde_json::Value::as_str).map(::std::borrow::ToOwned::to_owned)),
        (_, false) => quote!(::std::option::Option::Some(#expr.to_string())),
        (_, true) => quote!(#expr.map(|value| value.to_string())),
    }
}
