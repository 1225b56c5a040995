//! Stage 4: infer Rust types from the example bodies.
//!
//! Every JSON example of a status is a sample (all 2xx statuses of an operation share one success
//! type, unless several 2xx statuses have JSON bodies: then each status has its own); samples merge in the [`shape`] lattice, and the merged shapes become named structs. Identical
//! structs are one type, wherever they occur, and objects that describe one entity across
//! operations are merged before typing ([`entities`]). Names come from the path and the JSON keys
//! (a struct with an identity field tries its entity names first), and are
//! handed out by rank — shallowest first, then by operation name, then by JSON path — so a type keeps
//! its name when items are added elsewhere in the collection.

pub mod entities;
mod naming;
use naming::{entity_candidates, entity_name, path_names, request_names, resource_name, shared_error_name, success_names, GENERIC_KEYS, IDENTITY_KEYS};
use crate::json::shape;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::ir::{Api, Example, Field, Operation, PathPart, Presence, RequestBody, Role, TaggedVariant, TypeBody, TypeDef, TypeRef, Variant};
use crate::settings::{Settings, ForcedType, Override};
use crate::diagnostics::Diagnostics;
use crate::names::{is_keyword, is_reserved_type, pascal_ident, singular, snake_ident, Scope};
use shape::{Family, Kind, ObjectShape, Shape};

/// How many names a top-level body in nested arrays keeps trying (`UserItemItem`, `UserItem`, …).
const MAX_ROOT_CANDIDATES: usize = 8;

/// Infers the types of every response body and records them in the IR.
pub fn infer(api: &mut Api) {
    infer_with(api, &Settings::default(), &mut Diagnostics::default());
}

/// [`infer`], with the overrides, type renames and entity rules of `config`; the ones that match
/// nothing are warnings.
pub fn infer_with(api: &mut Api, config: &Settings, diagnostics: &mut Diagnostics) {
    let constraints = constraints(api, config, diagnostics);
    infer_constrained(api, config, &constraints, diagnostics);
}

/// The `[[merge]]` and `[[keep_apart]]` rules of `config` as places. Their type names are those
/// inference gives without them (the names the user reads in the generated crate), so a first
/// inference on a copy of `api` finds the places of each.
fn constraints(api: &Api, config: &Settings, diagnostics: &mut Diagnostics) -> entities::Constraints {
    if config.merge.is_empty() && config.keep_apart.is_empty() {
        return entities::Constraints::default();
    }
    let mut plain = api.clone();
    let places = infer_constrained(&mut plain, config, &entities::Constraints::default(), &mut Diagnostics::default());
    let mut rules = |list: &[crate::settings::EntityRule], kind: &str| -> Vec<entities::Rule> {
        let mut rules = Vec::new();
        for rule in list {
            let mut members = Vec::new();
            for name in &rule.types {
                match places.get(name) {
                    Some(at) => members.push((name.clone(), at.clone())),
                    None => diagnostics.warn("", &format!("the settings file's [[{kind}]] names the type `{name}`, which does not exist")),
                }
            }
            members.extend(rule.at.iter().map(|at| (at.clone(), vec![at.clone()])));
            if members.len() < 2 {
                diagnostics.warn("", &format!("a [[{kind}]] in the settings file names fewer than two types or places that exist: it does nothing"));
                continue;
            }
            rules.push(entities::Rule { members });
        }
        rules
    };
    let merge = rules(&config.merge, "merge");
    let keep_apart = rules(&config.keep_apart, "keep_apart");
    entities::Constraints { merge, keep_apart }
}

/// [`infer_with`] under the entity rules `constraints`; returns the places of each type by name
/// (every place a struct or enum was made at).
fn infer_constrained(api: &mut Api, config: &Settings, constraints: &entities::Constraints, diagnostics: &mut Diagnostics) -> BTreeMap<String, Vec<String>> {
    let renamed: HashMap<String, String> = api.operations.iter().filter_map(|op| Some((op.name.clone(), op.renamed_from.clone()?))).collect();
    let mut builder = Builder {
        overrides: config.overrides.iter().map(|o| (o.clone(), false)).collect(),
        renamed,
        shared_error: shared_error_name(&api.title),
        ..Builder::default()
    };
    let is_success = |r: &crate::ir::Response| r.status.is_some_and(|s| (200..300).contains(&s));
    // First the shapes of every body of every operation, so that the objects that describe one
    // entity can be merged across operations ([`entities`]), then their types.
    let mut bodies: Vec<Bodies> = Vec::with_capacity(api.operations.len());
    for op in &mut api.operations {
        let json_statuses: std::collections::BTreeSet<u16> = op
            .responses
            .iter()
            .filter(|r| is_success(r) && r.examples.iter().any(|e| e.json))
            .filter_map(|r| r.status)
            .collect();
        // Several success statuses with JSON bodies: one type per status (the first keeps the usual
        // names); identical shapes still end up as one type.
        let per_status = json_statuses.len() > 1;
        let mut success = Shape::unknown();
        let mut has_success = false;
        let op_responses = op.responses.len();
        for response in &mut op.responses {
            if !per_status && (is_success(response) || response.status.is_none() && op_responses == 1) {
                for shape in response.examples.iter_mut().filter_map(Example::take_shape) {
                    success.merge(shape);
                    has_success = true;
                }
            }
        }
        let mut responses = Vec::with_capacity(op_responses);
        for response in &mut op.responses {
            // A response without a status is a success only when it was sampled as one (it is the
            // operation's only response); otherwise its examples get a type of their own.
            let sampled = is_success(response) || response.status.is_none() && has_success && op_responses == 1;
            let own = (per_status && is_success(response)) || !sampled;
            responses.push(if own { merged_examples(response) } else { None });
        }
        let request = match &op.body {
            Some(RequestBody::Json { samples, .. } | RequestBody::Graphql { samples, .. }) if !samples.is_empty() => {
                let mut shape = Shape::unknown();
                for sample in samples {
                    shape.merge(Shape::of(sample));
                }
                Some(shape)
            }
            _ => None,
        };
        bodies.push(Bodies { first_status: json_statuses.first().copied(), per_status, success: has_success.then_some(success), responses, request });
    }
    {
        let mut roots: Vec<entities::Root<'_>> = Vec::new();
        for (op, body) in api.operations.iter().zip(&mut bodies) {
            // Which body of which endpoint a root is (`POST /orders#request`, `GET /orders/{}#404`).
            let at_endpoint = |which: &str| (!matches!(op.body, Some(RequestBody::Graphql { .. }))).then(|| format!("{}#{which}", endpoint(op)));
            let entity = resource_name(op).filter(|_| selects_fields(op));
            roots.extend(body.success.iter_mut().map(|shape| entities::Root { role: Role::Response, place: op.name.clone(), endpoint: at_endpoint("success"), error: false, entity: entity.clone(), shape }));
            for (response, shape) in op.responses.iter().zip(&mut body.responses) {
                let status = response.status.map_or_else(|| "Other".to_owned(), |s| s.to_string());
                let error = response.status.is_some_and(|s| !(200..300).contains(&s));
                let entity = if error { None } else { entity.clone() };
                roots.extend(shape.iter_mut().map(|shape| entities::Root { role: Role::Response, place: format!("{}#{status}", op.name), endpoint: at_endpoint(&status), error, entity: entity.clone(), shape }));
            }
            roots.extend(body.request.iter_mut().map(|shape| entities::Root { role: Role::Request, place: format!("{}#request", op.name), endpoint: at_endpoint("request"), error: false, entity: None, shape }));
        }
        for warning in entities::unify(&mut roots, constraints) {
            diagnostics.warn("", &warning);
        }
    }
    for (op, body) in api.operations.iter_mut().zip(bodies) {
        let op_pascal = pascal_ident(&op.name, "Operation");
        let success_names = success_names(op, &op_pascal, body.success.as_ref());
        let resource = resource_name(op);
        let Bodies { first_status, per_status, success, responses, request } = body;
        let op_responses = op.responses.len();
        if let (true, Some(name), [.., PathPart::Literal(_), PathPart::Param(_)]) = (op.method.eq_ignore_ascii_case("GET"), success_names.first(), op.path.as_slice()) {
            // Not an envelope's `UserResponse`: the envelope is not the user.
            if !name.starts_with(op_pascal.as_str()) && !name.ends_with("Response") {
                builder.owned.insert(op.name.clone(), name.clone());
            }
        }
        let success_type = success.as_ref().map(|success| {
            let context = Context { op: op.name.clone(), path: String::new(), depth: 0, role: Role::Response, resource: resource.clone() };
            nullable(success, builder.convert(success, &context, Hint::Root(success_names.clone())))
        });
        for (response, shape) in op.responses.iter_mut().zip(responses) {
            if per_status && is_success(response) {
                if let Some(shape) = shape {
                    let status = response.status.unwrap_or_default();
                    // `{Op}Response` is the enum of the statuses, so each type is named by its status.
                    let reason = response.reason.as_deref().map(|r| pascal_ident(r, "")).unwrap_or_default();
                    let mut names: Vec<String> = Vec::new();
                    if Some(status) == first_status {
                        names.extend(success_names.iter().filter(|n| !n.ends_with("Response")).cloned());
                    }
                    if !reason.is_empty() {
                        names.push(format!("{op_pascal}{reason}Response"));
                    }
                    names.push(format!("{op_pascal}Response{status}"));
                    let context = Context { op: op.name.clone(), path: format!("#{status}"), depth: 0, role: Role::Response, resource: resource.clone() };
                    response.body_type = Some(nullable(&shape, builder.convert(&shape, &context, Hint::Root(names))));
                }
                continue;
            }
            let is_success = is_success(response) || response.status.is_none() && success_type.is_some() && op_responses == 1;
            if is_success {
                if response.examples.iter().any(|e| e.json) {
                    response.body_type.clone_from(&success_type);
                }
                continue;
            }
            if let Some(shape) = shape {
                let status = response.status.map_or_else(|| "Other".to_owned(), |s| s.to_string());
                let reason = response.reason.as_deref().map(|r| pascal_ident(r, "")).unwrap_or_default();
                // `Internal Server Error` → `…InternalServerError`, not `…InternalServerErrorError`.
                let reason = reason.strip_suffix("Error").unwrap_or(&reason);
                let names = vec![format!("{op_pascal}{reason}Error"), format!("{op_pascal}Error{status}")];
                builder.error_bodies.insert(format!("{}#{status}", op.name));
                let context = Context { op: op.name.clone(), path: format!("#{status}"), depth: 0, role: Role::Response, resource: None };
                response.body_type = Some(nullable(&shape, builder.convert(&shape, &context, Hint::Root(names))));
            }
        }
        op.success_type = if per_status {
            op.responses.iter().find(|r| r.status == first_status).and_then(|r| r.body_type.clone())
        } else {
            success_type
        };
        let suffix = if matches!(op.body, Some(RequestBody::Graphql { .. })) { "Variables" } else { "Body" };
        let names = if suffix == "Body" { request_names(op, &op_pascal) } else { vec![format!("{op_pascal}{suffix}")] };
        if let (Some(RequestBody::Json { ty, .. } | RequestBody::Graphql { ty, .. }), Some(shape)) = (&mut op.body, request) {
            let context = Context { op: op.name.clone(), path: "#request".to_owned(), depth: 0, role: Role::Request, resource: resource.clone() };
            *ty = Some(nullable(&shape, builder.convert(&shape, &context, Hint::Root(names))));
        }
        for (path, forced) in std::mem::take(&mut builder.forced) {
            realise_forced(op, &path, forced);
        }
    }
    for (o, used) in &builder.overrides {
        if !used {
            diagnostics.warn("", &format!("the override at `{}` in the settings file matches no place of any body", o.at));
        }
    }
    for warning in std::mem::take(&mut builder.warnings) {
        diagnostics.warn("", &warning);
    }
    let Finished { mut types, remap, by_place: names, places } = builder.finish(&config.previous.types);
    api.type_names = names;
    // A rule may name a type by the name `[rename]` gives it or by the one it had.
    let mut places_by_name: BTreeMap<String, Vec<String>> = types.iter().zip(&places).map(|(def, places)| (def.name.clone(), places.clone())).collect();
    rename_types(&mut types, config, diagnostics);
    places_by_name.extend(types.iter().zip(places).map(|(def, places)| (def.name.clone(), places)));
    for op in &mut api.operations {
        if let Some(ty) = &mut op.success_type {
            remap_ref(ty, &remap);
        }
        for response in &mut op.responses {
            if let Some(ty) = &mut response.body_type {
                remap_ref(ty, &remap);
            }
        }
        if let Some(RequestBody::Json { ty: Some(ty), .. } | RequestBody::Graphql { ty: Some(ty), .. }) = &mut op.body {
            remap_ref(ty, &remap);
        }
    }
    api.types = types;
    places_by_name
}

/// Whether an operation's query chooses the fields of what it returns: a parameter `fields`,
/// `select` or `$select`, `tweet.fields`, `opt_fields`, `fields[articles]` (JSON:API).
fn selects_fields(op: &Operation) -> bool {
    op.params.iter().filter(|p| p.location == crate::ir::ParamLocation::Query).any(|p| {
        let name = p.wire_name.to_ascii_lowercase();
        matches!(name.as_str(), "fields" | "select" | "$select") || name.ends_with(".fields") || name.ends_with("_fields") || name.starts_with("fields[")
    })
}

/// The endpoint an operation calls: its method and path, with every parameter as `{}`
/// (`POST /orders/{}/items`).
fn endpoint(op: &Operation) -> String {
    let mut text = op.method.to_ascii_uppercase();
    text.push(' ');
    for part in &op.path {
        text.push('/');
        match part {
            PathPart::Literal(literal) => text.push_str(literal),
            PathPart::Param(_) => text.push_str("{}"),
            PathPart::Template(pieces) => {
                for (literal, param) in pieces {
                    text.push_str(literal);
                    if param.is_some() {
                        text.push_str("{}");
                    }
                }
            }
        }
    }
    text
}

/// Realises the values at `path` (a context path: `/a/-`, `#404/a`, `#request/a`) of the operation's
/// examples (or request samples) that are not of the type a scalar override forced there: each
/// becomes the value a type placeholder of that type is realised as (`1`, `1.5`, `true`, or for a
/// string the JSON text of the value). `null` stays.
fn realise_forced(op: &mut Operation, path: &str, forced: ForcedType) {
    let (root, pointer) = match path.strip_prefix('#') {
        Some(rest) => {
            let end = rest.find('/').unwrap_or(rest.len());
            (Some(&rest[..end]), &rest[end..])
        }
        None => (None, path),
    };
    let steps: Vec<&str> = pointer.split('/').skip(1).collect();
    if root == Some("request") {
        if let Some(RequestBody::Json { samples, .. } | RequestBody::Graphql { samples, .. }) = &mut op.body {
            samples.iter_mut().for_each(|sample| realise_at(sample, &steps, forced));
        }
        return;
    }
    let single = op.responses.len() == 1;
    for response in &mut op.responses {
        let status = response.status.map_or_else(|| "Other".to_owned(), |s| s.to_string());
        let here = match root {
            Some(root) => root == status,
            None => response.status.is_some_and(|s| (200..300).contains(&s)) || response.status.is_none() && single,
        };
        if !here {
            continue;
        }
        for example in &mut response.examples {
            let Some(mut value) = example.json_text().and_then(|text| serde_json::from_str::<serde_json::Value>(text).ok()) else { continue };
            let before = value.clone();
            realise_at(&mut value, &steps, forced);
            if value != before {
                example.realised = serde_json::to_string_pretty(&value).ok();
            }
        }
    }
}

/// [`realise_forced`] in one value, along the pointer `steps` (`-` is every element, `*` every value).
fn realise_at(value: &mut serde_json::Value, steps: &[&str], forced: ForcedType) {
    use serde_json::Value;
    let Some((step, rest)) = steps.split_first() else {
        let fits = match (forced, &*value) {
            (_, Value::Null) => true,
            (ForcedType::Integer, Value::Number(n)) => n.is_i64(),
            (ForcedType::Number, Value::Number(_)) | (ForcedType::Boolean, Value::Bool(_)) | (ForcedType::String, Value::String(_)) => true,
            _ => false,
        };
        if !fits {
            *value = match forced {
                ForcedType::Integer => Value::from(1),
                ForcedType::Number => Value::from(1.5),
                ForcedType::Boolean => Value::Bool(true),
                _ => Value::String(value.to_string()),
            };
        }
        return;
    };
    match (value, *step) {
        (Value::Array(items), "-") => items.iter_mut().for_each(|item| realise_at(item, rest, forced)),
        (Value::Object(map), "*") => map.values_mut().for_each(|item| realise_at(item, rest, forced)),
        (Value::Object(map), key) => {
            let key = key.replace("~1", "/").replace("~0", "~");
            if let Some(item) = map.get_mut(&key) {
                realise_at(item, rest, forced);
            }
        }
        _ => {}
    }
}

/// The shape of a response's JSON examples merged, if it has any.
fn merged_examples(response: &mut crate::ir::Response) -> Option<Shape> {
    let mut shape = Shape::unknown();
    let mut any = false;
    for example in response.examples.iter_mut().filter_map(Example::take_shape) {
        shape.merge(example);
        any = true;
    }
    any.then_some(shape)
}

/// The shapes of an operation's bodies, read before any is typed.
#[derive(Debug)]
struct Bodies {
    /// The first success status with a JSON body.
    first_status: Option<u16>,
    /// Several success statuses have JSON bodies: each has its own type.
    per_status: bool,
    /// The merged success bodies (when they share one type).
    success: Option<Shape>,
    /// Per response, in order: the merged bodies of a response that has a type of its own (an
    /// error, or a success status with its own type).
    responses: Vec<Option<Shape>>,
    /// The merged JSON request bodies (or GraphQL variables).
    request: Option<Shape>,
}

/// Where a shape is being converted.
#[derive(Debug, Clone)]
struct Context {
    op: String,
    path: String,
    depth: usize,
    role: Role,
    /// The entity the operation's path names (`/users/{id}/repos` → `Repo`), for its bodies.
    resource: Option<String>,
}

/// How to name a struct found at a site.
#[derive(Debug, Clone)]
enum Hint {
    /// A top-level body: candidate names in order.
    Root(Vec<String>),
    /// A field of the struct built at `parent` (a site index), under `key`.
    Field { parent: usize, key: String, element: bool },
}

/// One place where a struct occurs.
#[derive(Debug, Clone)]
struct Site {
    /// Depth, operation, then the order the site was met in (document order within an operation).
    rank: (usize, String, usize),
    /// The JSON pointer of the site (with `#status` for error bodies), for docs.
    path: String,
    hint: Hint,
    def: usize,
    /// The entity name this site suggests for a struct: its key (singular), or the operation's
    /// resource for a body or a generic key (`data`, `items`).
    entity: Option<String>,
}

/// A type before naming: its role, body and fields (the key that deduplicates identical types).
type DefKey = (Role, TypeBody, Vec<Field>);

#[derive(Debug, Default)]
struct Builder {
    defs: Vec<DefKey>,
    /// Example values of each struct's fields, from the first site that built it.
    examples: Vec<Vec<Option<String>>>,
    by_key: HashMap<DefKey, usize>,
    sites: Vec<Site>,
    /// The type each [`Kind::Recursive`] marker stands for.
    recursive: HashMap<u32, usize>,
    /// Types whose fields are being converted: a reference to one of them needs a `Box`.
    in_progress: Vec<usize>,
    next_recursion: u32,
    /// The type made for each object that contains itself, by role and shape (see [`Builder::convert`]).
    recursive_types: HashMap<(Role, String), usize>,
    /// The overrides of the settings, and whether each matched a place.
    overrides: Vec<(Override, bool)>,
    /// New operation name → the generated one (overrides may name either).
    renamed: HashMap<String, String>,
    /// Overrides that matched only in part.
    warnings: Vec<String>,
    /// The places (context paths) of the operation being inferred where a scalar override forced a
    /// type the examples do not have: their values are realised ([`realise_forced`]).
    forced: Vec<(String, ForcedType)>,
    /// Operation → the name its success body owns: a `GET /users/:id` body is the `User`, before
    /// any other body that takes the name from a path or a key.
    owned: HashMap<String, String>,
    /// The places (operation, then `#status`) of the error bodies.
    error_bodies: HashSet<String>,
    /// The name of an error body that several operations return ([`shared_error_name`]).
    shared_error: String,
}

impl Builder {
    /// Whether an override names the operation `op` (by its name or the one it had before a rename).
    fn overrides_for_operation(&self, op: &str) -> bool {
        let original = self.renamed.get(op);
        self.overrides.iter().any(|(o, _)| {
            let (name, _) = o.split_at();
            name == op || Some(&name.to_owned()) == original
        })
    }

    /// The indices of the overrides at a place.
    fn overrides_at(&mut self, context: &Context) -> Vec<usize> {
        let original = self.renamed.get(&context.op);
        let found: Vec<usize> = self
            .overrides
            .iter()
            .enumerate()
            .filter(|(_, (o, _))| {
                let (op, pointer) = o.split_at();
                (op == context.op || Some(&op.to_owned()) == original) && pointer == context.path
            })
            .map(|(i, _)| i)
            .collect();
        for &i in &found {
            self.overrides[i].1 = true;
        }
        found
    }

    fn convert(&mut self, shape: &Shape, context: &Context, hint: Hint) -> TypeRef {
        let forced = self.overrides_at(context).into_iter().find_map(|i| self.overrides[i].0.ty.map(|ty| (i, ty)));
        if let Some((i, forced)) = forced {
            match forced {
                ForcedType::Value => return TypeRef::Value,
                ForcedType::String | ForcedType::Integer | ForcedType::Number | ForcedType::Boolean => {
                    // The examples may say otherwise (`"count": "integer"`, a bare word for the type):
                    // their values there are realised as values of the type, for the round-trip
                    // tests and the mock.
                    let fits = matches!(
                        (forced, &shape.kind),
                        (_, Kind::Unknown) | (ForcedType::String, Kind::String(_)) | (ForcedType::Integer, Kind::Int { unsigned: false, .. }) | (ForcedType::Number, Kind::Int { .. } | Kind::Float | Kind::BigInt) | (ForcedType::Boolean, Kind::Bool)
                    );
                    if !fits {
                        self.forced.push((context.path.clone(), forced));
                    }
                    return match forced {
                        ForcedType::Integer => TypeRef::I64,
                        ForcedType::Number => TypeRef::F64,
                        ForcedType::Boolean => TypeRef::Bool,
                        _ => TypeRef::String,
                    };
                }
                ForcedType::Enum => {
                    let site = self.site(context, hint);
                    let mut scope = Scope::default();
                    let mut values = Vec::new();
                    for value in &self.overrides[i].0.values {
                        if !values.iter().any(|(_, v)| v == value) {
                            values.push((scope.claim(&pascal_ident(value, "Value"), true), value.clone()));
                        }
                    }
                    if values.iter().any(|(name, _)| name == "Other") {
                        self.warnings.push(format!("the enum override at `{}` has a value named `Other`, which is the catch-all", self.overrides[i].0.at));
                        values.retain(|(name, _)| name != "Other");
                    }
                    return self.define(site, (context.role, TypeBody::StringEnum(values), Vec::new()), Vec::new(), None);
                }
                ForcedType::Map => {
                    let mut values = Shape::unknown();
                    match &shape.kind {
                        Kind::Object(object) => object.fields.values().for_each(|f| values.merge(f.shape.clone())),
                        Kind::Unknown => {}
                        _ => {
                            self.warnings.push(format!("the override at `{}` asks for a map where the examples have no object", self.overrides[i].0.at));
                            return TypeRef::Value;
                        }
                    }
                    let hint = element_hint(hint, "Value");
                    let context = Context { path: format!("{}/*", context.path), ..context.clone() };
                    return TypeRef::Map(Box::new(nullable(&values, self.convert(&values, &context, hint))));
                }
                ForcedType::Datetime | ForcedType::Date => {
                    let date_time = forced == ForcedType::Datetime;
                    // Every example must decode into the forced type, or the crate's round trips fail.
                    let fits = match &shape.kind {
                        Kind::String(formats) => if date_time { formats.date_time } else { formats.date },
                        Kind::Unknown => true,
                        _ => false,
                    };
                    if fits {
                        return if date_time { TypeRef::DateTime } else { TypeRef::Date };
                    }
                    let wanted = if date_time { "an RFC 3339 date-time (`2024-05-01T12:30:00Z`)" } else { "a `YYYY-MM-DD` date" };
                    let found = match (&shape.kind, &shape.example) {
                        (Kind::String(_), Some(example)) if !serde_json::from_str::<String>(example).is_ok_and(|text| if date_time { shape::is_date_time(&text) } else { shape::is_date(&text) }) => {
                            format!("the example value {example} is not one")
                        }
                        (Kind::String(_), _) => "some example values there are not".to_owned(),
                        _ => "the examples there are not all strings".to_owned(),
                    };
                    self.warnings.push(format!(
                        "the override at `{}` asks for {wanted}, but {found}: the inferred type is kept, so that every example decodes",
                        self.overrides[i].0.at
                    ));
                }
            }
        }
        match &shape.kind {
            Kind::Unknown | Kind::Mixed => TypeRef::Value,
            Kind::Bool => TypeRef::Bool,
            Kind::Int { unsigned: true, .. } => TypeRef::U64,
            Kind::Int { .. } => TypeRef::I64,
            Kind::BigInt => TypeRef::BigInt,
            Kind::Float => TypeRef::F64,
            // A `<dateTime>` or `<date>` placeholder is the schema's word, as strong as an override,
            // when every sample at the place is one.
            Kind::String(formats) if formats.hinted && formats.date_time => TypeRef::DateTime,
            Kind::String(formats) if formats.hinted && formats.date => TypeRef::Date,
            Kind::String(_) => TypeRef::String,
            Kind::Recursive(id) => self.recursive.get(id).map_or(TypeRef::Value, |&def| TypeRef::Named(def)),
            Kind::Union(members) => self.union(members, context, hint),
            Kind::Array(element) => {
                let hint = element_hint(hint, "Item");
                let context = Context { path: format!("{}/-", context.path), ..context.clone() };
                TypeRef::Vec(Box::new(nullable(element, self.convert(element, &context, hint))))
            }
            Kind::Object(object) if object.fields.is_empty() => TypeRef::Map(Box::new(TypeRef::Value)),
            Kind::Object(object) if is_id_keyed(object) => {
                let mut values = Shape::unknown();
                for field in object.fields.values() {
                    values.merge(field.shape.clone());
                }
                let hint = element_hint(hint, "Value");
                let context = Context { path: format!("{}/*", context.path), ..context.clone() };
                TypeRef::Map(Box::new(nullable(&values, self.convert(&values, &context, hint))))
            }
            Kind::Object(object) => {
                let id = self.next_recursion;
                match shape::fold_recursion(object, id) {
                    Some(folded) => {
                        // An object that contains itself refers to its own type, so two of them made
                        // at two places are never identical types: the one made before from the same
                        // shape is taken, unless an override may apply below this place.
                        let cache_key = (context.role, format!("{object:?}"));
                        let reusable = !self.overrides_for_operation(&context.op);
                        if let Some(&def) = self.recursive_types.get(&cache_key).filter(|_| reusable) {
                            let entity = entity_name(&hint, context);
                            let site = self.site(context, hint);
                            self.sites[site].entity = entity;
                            self.sites[site].def = def;
                            return TypeRef::Named(def);
                        }
                        self.next_recursion += 1;
                        let made = self.object(&folded, context, hint, Some(id));
                        if let (true, TypeRef::Named(def)) = (reusable, &made) {
                            self.recursive_types.insert(cache_key, *def);
                        }
                        made
                    }
                    None => match tagged_variants(object) {
                        Some((tag, variants)) => self.tagged(&tag, &variants, context, hint),
                        None => self.object(object, context, hint, None),
                    },
                }
            }
        }
    }

    /// Registers a site and returns its index.
    fn site(&mut self, context: &Context, hint: Hint) -> usize {
        let site = self.sites.len();
        self.sites.push(Site { rank: (context.depth, context.op.clone(), site), path: context.path.clone(), hint, def: usize::MAX, entity: None });
        site
    }

    /// Records a finished type (or finds the identical one) for `site`.
    fn define(&mut self, site: usize, key: DefKey, examples: Vec<Option<String>>, reserved: Option<usize>) -> TypeRef {
        let def = match (reserved, self.by_key.get(&key)) {
            (None, Some(&def)) => def,
            // A type that contains itself, identical to one made before without reaching the slot
            // reserved for it (which then stays unused): the one made before.
            (Some(def), Some(&existing)) if existing != def && !self.reaches(&key, def) => existing,
            (Some(def), _) => {
                self.defs[def] = key.clone();
                self.examples[def] = examples;
                self.by_key.insert(key, def);
                def
            }
            (None, None) => {
                self.defs.push(key.clone());
                self.examples.push(examples);
                self.by_key.insert(key, self.defs.len() - 1);
                self.defs.len() - 1
            }
        };
        self.sites[site].def = def;
        TypeRef::Named(def)
    }

    /// Whether the type `key` refers to the type `target`, directly or through other types.
    fn reaches(&self, key: &DefKey, target: usize) -> bool {
        let mut seen = std::collections::BTreeSet::new();
        let mut stack: Vec<&TypeRef> = key.2.iter().map(|f| &f.ty).collect();
        stack.extend(body_refs(&key.1));
        while let Some(ty) = stack.pop() {
            match ty {
                TypeRef::Named(i) if *i == target => return true,
                TypeRef::Named(i) if seen.insert(*i) => {
                    if let Some((_, body, fields)) = self.defs.get(*i) {
                        stack.extend(fields.iter().map(|f| &f.ty));
                        stack.extend(body_refs(body));
                    }
                }
                TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Boxed(inner) | TypeRef::Nullable(inner) => stack.push(inner),
                _ => {}
            }
        }
        false
    }

    /// A reference to a type whose fields are still being converted is boxed (the type contains itself).
    fn boxed(&self, ty: TypeRef) -> TypeRef {
        match ty {
            TypeRef::Named(def) if self.in_progress.contains(&def) => TypeRef::Boxed(Box::new(ty)),
            ty => ty,
        }
    }

    /// An untagged enum with one variant per JSON kind the samples take.
    fn union(&mut self, members: &[Shape], context: &Context, hint: Hint) -> TypeRef {
        let site = self.site(context, hint);
        let mut variants = Vec::with_capacity(members.len());
        for member in members {
            let (name, suffix) = match (&member.kind, member.kind.family()) {
                (Kind::Int { .. }, _) => ("Integer", ""),
                (Kind::BigInt, _) => ("BigInteger", ""),
                (Kind::Float, _) => ("Number", ""),
                (_, Some(Family::Bool)) => ("Bool", ""),
                (_, Some(Family::String)) => ("String", ""),
                (_, Some(Family::Array)) => ("List", ""),
                (Kind::Object(object), _) if object.fields.is_empty() || is_id_keyed(object) => ("Map", "Value"),
                _ => ("Object", "Object"),
            };
            let hint = match &self.sites[site].hint {
                Hint::Root(names) => Hint::Root(names.iter().map(|n| format!("{n}{suffix}")).collect()),
                Hint::Field { parent, key, element } => {
                    let key = if suffix == "Object" { format!("{key}_object") } else { key.clone() };
                    Hint::Field { parent: *parent, key, element: *element }
                }
            };
            let ty = self.convert(member, context, hint);
            variants.push(Variant { name: name.to_owned(), ty: self.boxed(ty) });
        }
        self.define(site, (context.role, TypeBody::Untagged(variants), Vec::new()), Vec::new(), None)
    }

    /// An internally tagged enum: one struct per tag value.
    fn tagged(&mut self, tag: &str, variants: &[(String, ObjectShape)], context: &Context, hint: Hint) -> TypeRef {
        let site = self.site(context, hint);
        let mut scope = Scope::default();
        let mut out = Vec::with_capacity(variants.len());
        for (value, object) in variants {
            let name = scope.claim(&pascal_ident(value, "Variant"), true);
            let parent_hint = match &self.sites[site].hint {
                Hint::Root(names) => Hint::Root(names.iter().map(|n| format!("{n}{name}")).collect()),
                Hint::Field { parent, key, element } => {
                    let base = if *element { singular(&snake_ident(key, "item")) } else { snake_ident(key, "field") };
                    Hint::Field { parent: *parent, key: format!("{}_{}", snake_ident(value, "variant"), base), element: false }
                }
            };
            let variant_site = self.sites.len();
            let ty = self.object(object, context, parent_hint, None);
            // A variant is not the entity its place names.
            if let Some(site) = self.sites.get_mut(variant_site) {
                site.entity = None;
            }
            out.push(TaggedVariant { name, tag_value: value.clone(), ty });
        }
        self.define(site, (context.role, TypeBody::Tagged { tag: tag.to_owned(), variants: out }, Vec::new()), Vec::new(), None)
    }

    /// A struct; `recursion` is the id of the [`Kind::Recursive`] markers that stand for it.
    fn object(&mut self, object: &ObjectShape, context: &Context, hint: Hint, recursion: Option<u32>) -> TypeRef {
        let entity = entity_name(&hint, context);
        let site = self.site(context, hint);
        self.sites[site].entity = entity;
        let reserved = recursion.map(|id| {
            self.defs.push((context.role, TypeBody::Struct, Vec::new()));
            self.examples.push(Vec::new());
            let def = self.defs.len() - 1;
            self.recursive.insert(id, def);
            self.in_progress.push(def);
            def
        });
        let mut scope = Scope::default();
        let mut fields = Vec::with_capacity(object.fields.len());
        let mut examples = Vec::with_capacity(object.fields.len());
        for (key, field) in &object.fields {
            let child = Context {
                op: context.op.clone(),
                path: format!("{}/{}", context.path, key.replace('~', "~0").replace('/', "~1")),
                depth: context.depth + 1,
                role: context.role,
                resource: context.resource.clone(),
            };
            let ty = self.convert(&field.shape, &child, Hint::Field { parent: site, key: key.clone(), element: false });
            let ty = self.boxed(ty);
            let optional = field.present < object.samples;
            let presence = match (optional, field.shape.nullable) {
                (false, false) => Presence::Always,
                (true, false) => Presence::Optional,
                (false, true) => Presence::Nullable,
                (true, true) => Presence::OptionalNullable,
            };
            let null_only = field.shape.nullable && field.shape.kind == Kind::Unknown;
            fields.push(Field { name: scope.claim(&snake_ident(key, "field"), false), wire_name: key.clone(), ty, presence, sampled: presence, null_only });
            examples.push(field.shape.example.clone());
        }
        if reserved.is_some() {
            self.in_progress.pop();
        }
        for i in self.overrides_at(context) {
            let o = &self.overrides[i].0;
            for (names, required) in [(&o.required, true), (&o.optional, false)] {
                for name in names {
                    match fields.iter_mut().find(|f| &f.wire_name == name) {
                        Some(field) => {
                            let nullable = matches!(field.presence, Presence::Nullable | Presence::OptionalNullable);
                            field.presence = match (required, nullable) {
                                (true, false) => Presence::Always,
                                (true, true) => Presence::Nullable,
                                (false, false) => Presence::Optional,
                                (false, true) => Presence::OptionalNullable,
                            };
                        }
                        None => self.warnings.push(format!("the override at `{}` names a field `{name}` that the object there does not have", o.at)),
                    }
                }
            }
        }
        self.define(site, (context.role, TypeBody::Struct, fields), examples, reserved)
    }

    /// Names every struct and orders them by rank ([`Finished`]). A type
    /// one of whose sites has a name in `previous` keeps that name while it is free; the others are
    /// named by rank.
    fn finish(self, previous: &BTreeMap<String, String>) -> Finished {
        let mut order: Vec<usize> = (0..self.sites.len()).collect();
        order.sort_by(|&a, &b| self.sites[a].rank.cmp(&self.sites[b].rank));
        // The best (first-ranked) site of each struct decides its name and position.
        let mut best: BTreeMap<usize, usize> = BTreeMap::new();
        let mut def_order = Vec::new();
        for &site in &order {
            let def = self.sites[site].def;
            if let std::collections::btree_map::Entry::Vacant(entry) = best.entry(def) {
                entry.insert(site);
                def_order.push(def);
            }
        }
        let mut names: Vec<Option<String>> = vec![None; self.defs.len()];
        let mut scope = Scope::default();
        let place = |site: &Site| format!("{}{}", site.rank.1, site.path);
        let mut sites_of: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for &site in &order {
            sites_of.entry(self.sites[site].def).or_default().push(site);
        }
        // Each name a `GET /things/:id` body owns goes to it first (the type of its success body).
        let owner = |site: &Site| match (&site.hint, site.path.is_empty()) {
            (Hint::Root(_), true) => self.owned.get(&site.rank.1),
            _ => None,
        };
        if !previous.is_empty() {
            for &def in &def_order {
                let kept = sites_of[&def].iter().find_map(|&site| previous.get(&place(&self.sites[site])));
                // The file is input too: only a free `PascalCase` identifier is taken from it.
                if let Some(name) = kept.filter(|name| pascal_ident(name, "") == **name && !is_keyword(name) && !is_reserved_type(name) && scope.is_free(name)) {
                    names[def] = Some(scope.claim(name, true));
                }
            }
        }
        for &def in &def_order {
            if names[def].is_some() || self.defs[def].1 != TypeBody::Struct {
                continue;
            }
            let owned = sites_of[&def].iter().find_map(|&site| owner(&self.sites[site]));
            if let Some(name) = owned.filter(|name| !is_reserved_type(name) && scope.is_free(name)) {
                names[def] = Some(scope.claim(name, true));
            }
        }
        // The error body that the most operations return is the API's error (`PayPalError`).
        let erring: Vec<usize> = (0..self.defs.len())
            .map(|def| {
                let ops: BTreeSet<&str> = sites_of
                    .get(&def)
                    .into_iter()
                    .flatten()
                    .map(|&site| &self.sites[site])
                    .filter(|site| matches!(site.hint, Hint::Root(_)) && self.error_bodies.contains(&place(site)))
                    .map(|site| site.rank.1.as_str())
                    .collect();
                ops.len()
            })
            .collect();
        let most = def_order.iter().copied().filter(|&def| names[def].is_none() && erring[def] > 1 && self.defs[def].1 == TypeBody::Struct).max_by_key(|&def| (erring[def], std::cmp::Reverse(def_order.iter().position(|&d| d == def))));
        if let Some(def) = most.filter(|_| scope.is_free(&self.shared_error) && !is_reserved_type(&self.shared_error)) {
            names[def] = Some(scope.claim(&self.shared_error, true));
        }
        for &def in &def_order {
            if names[def].is_some() {
                continue;
            }
            let site = &self.sites[best[&def]];
            let candidates = match &site.hint {
                Hint::Root(names) => names.clone(),
                Hint::Field { parent, key, element } => {
                    let base_text = if *element { singular(&snake_ident(key, "item")) } else { snake_ident(key, "field") };
                    let base = pascal_ident(&base_text, "Item");
                    let parent_name = names[self.sites[*parent].def].clone().unwrap_or_default();
                    vec![base.clone(), format!("{parent_name}{base}")]
                }
            };
            let mut candidates = candidates;
            // Another error body of several operations is named for its status (`NotFoundError`).
            if erring[def] > 1 {
                let op = pascal_ident(&site.rank.1, "Operation");
                if let Some(reason) = candidates.first().and_then(|name| name.strip_prefix(op.as_str())).filter(|rest| rest.len() > "Error".len()) {
                    candidates.insert(0, reason.to_owned());
                }
            }
            if self.defs[def].1 == TypeBody::Struct {
                let sites = || sites_of[&def].iter().map(|&site| &self.sites[site]);
                let mut entities = entity_candidates(sites(), &self.defs[def].2);
                // A body at several operations takes the name any of their paths gives it (`GET
                // /logging/s3/:name` names the body `POST /logging/s3` returns too) before its
                // first operation's own.
                for name in sites().flat_map(path_names) {
                    if !entities.contains(&name) {
                        entities.push(name);
                    }
                }
                candidates.retain(|c| !entities.contains(c));
                candidates.splice(0..0, entities);
            }
            let free = candidates.iter().find(|c| !c.is_empty() && !is_reserved_type(c) && scope.is_free(c));
            let name = match free {
                Some(name) => scope.claim(name, true),
                None => {
                    let last = candidates.last().filter(|c| !c.is_empty()).cloned().unwrap_or_else(|| "Type".to_owned());
                    let last = if is_reserved_type(&last) { format!("{last}Type") } else { last };
                    scope.claim(&last, true)
                }
            };
            names[def] = Some(name);
        }
        let mut remap = vec![usize::MAX; self.defs.len()];
        for (new, &old) in def_order.iter().enumerate() {
            remap[old] = new;
        }
        let by_place = def_order.iter().map(|&def| (place(&self.sites[best[&def]]), names[def].clone().unwrap_or_default())).collect();
        let mut types: Vec<TypeDef> = def_order
            .iter()
            .map(|&old| {
                let site = &self.sites[best[&old]];
                let (status, pointer) = split_origin(&site.path);
                TypeDef {
                    name: names[old].clone().unwrap_or_default(),
                    role: self.defs[old].0,
                    origin_operation: site.rank.1.clone(),
                    origin_status: status,
                    origin_pointer: pointer,
                    body: self.defs[old].1.clone(),
                    fields: self.defs[old].2.clone(),
                    examples: self.examples[old].clone(),
                }
            })
            .collect();
        for def in &mut types {
            for field in &mut def.fields {
                remap_ref(&mut field.ty, &remap);
            }
            match &mut def.body {
                TypeBody::Struct | TypeBody::StringEnum(_) => {}
                TypeBody::Untagged(variants) => variants.iter_mut().for_each(|v| remap_ref(&mut v.ty, &remap)),
                TypeBody::Tagged { variants, .. } => variants.iter_mut().for_each(|v| remap_ref(&mut v.ty, &remap)),
            }
        }
        let places = def_order.iter().map(|def| sites_of[def].iter().map(|&site| place(&self.sites[site])).collect()).collect();
        Finished { types, remap, by_place, places }
    }
}

/// The named types of [`Builder::finish`].
struct Finished {
    /// The types, in rank order.
    types: Vec<TypeDef>,
    /// The index of each type made before naming in `types`.
    remap: Vec<usize>,
    /// Each type's name by the place of its first-ranked site (for the [`crate::settings::names_file`] file).
    by_place: BTreeMap<String, String>,
    /// The places of every site of each type, in the order of `types`.
    places: Vec<Vec<String>>,
}

/// Applies `[rename] types`.
fn rename_types(types: &mut [TypeDef], config: &Settings, diagnostics: &mut Diagnostics) {
    for (old, new) in &config.rename.types {
        let valid = pascal_ident(new, "") == *new && !is_reserved_type(new);
        let why_not = "it is not a PascalCase Rust type name, or it is reserved";
        crate::names::rename_one(types, |def| &mut def.name, "type", (old, new), valid.then_some(()).ok_or(why_not), diagnostics);
    }
}

/// The types the variants of an enum body hold.
fn body_refs(body: &TypeBody) -> Vec<&TypeRef> {
    match body {
        TypeBody::Untagged(variants) => variants.iter().map(|v| &v.ty).collect(),
        TypeBody::Tagged { variants, .. } => variants.iter().map(|v| &v.ty).collect(),
        TypeBody::Struct | TypeBody::StringEnum(_) => Vec::new(),
    }
}

/// `#404/a/b` → (`Some("404")`, `/a/b`); `/a/b` → (`None`, `/a/b`).
fn split_origin(path: &str) -> (Option<String>, String) {
    match path.strip_prefix('#') {
        Some(rest) => match rest.find('/') {
            Some(i) => (Some(rest[..i].to_owned()), rest[i..].to_owned()),
            None => (Some(rest.to_owned()), String::new()),
        },
        None => (None, path.to_owned()),
    }
}

fn remap_ref(ty: &mut TypeRef, remap: &[usize]) {
    match ty {
        TypeRef::Named(i) => *i = remap[*i],
        TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Boxed(inner) | TypeRef::Nullable(inner) => remap_ref(inner, remap),
        _ => {}
    }
}

/// `Option<T>` for array elements and map values that are `null` in some examples (a `Value` or an
/// enum holds `null` already).
fn nullable(shape: &Shape, ty: TypeRef) -> TypeRef {
    match ty {
        TypeRef::Value => ty,
        TypeRef::Named(_) if matches!(shape.kind, Kind::Union(_)) => ty,
        ty if shape.nullable => TypeRef::Nullable(Box::new(ty)),
        ty => ty,
    }
}

/// The hint of the element of an array or the value of a map at `hint`.
fn element_hint(hint: Hint, root_suffix: &str) -> Hint {
    match hint {
        Hint::Field { parent, key, .. } => Hint::Field { parent, key, element: true },
        Hint::Root(names) if root_suffix == "Item" => {
            let mut candidates: Vec<String> = Vec::new();
            // The elements of a `UserList` are `User`s.
            let element = |n: &String| match n.strip_suffix("List") {
                Some(one) if !one.is_empty() => one.to_owned(),
                _ => format!("{n}Item"),
            };
            for name in names.iter().map(element).chain(names.iter().filter(|n| !n.ends_with("Response") && !n.ends_with("List")).cloned()) {
                if !candidates.contains(&name) {
                    candidates.push(name);
                }
            }
            // Each nesting level would otherwise double the list: bounded, as deep arrays are.
            candidates.truncate(MAX_ROOT_CANDIDATES);
            Hint::Root(candidates)
        }
        Hint::Root(names) => Hint::Root(names.iter().map(|n| format!("{n}{root_suffix}")).collect()),
    }
}

/// The tag field and the variants, when objects at one place are told apart by a string `type` or
/// `kind` field whose values come with different sets of fields.
fn tagged_variants(object: &ObjectShape) -> Option<(String, Vec<(String, ObjectShape)>)> {
    let (tag, variants) = object.tagged.as_ref()?;
    if variants.len() < 2 || variants.values().any(|v| v.samples == 0) {
        return None;
    }
    let field = object.fields.get(tag)?;
    if field.present < object.samples || field.shape.nullable || !matches!(field.shape.kind, Kind::String(_)) {
        return None;
    }
    let key_sets: std::collections::BTreeSet<Vec<&String>> = variants.values().map(|v| v.fields.keys().collect()).collect();
    if key_sets.len() < 2 {
        return None;
    }
    let variants = variants
        .iter()
        .map(|(value, v)| {
            let mut v = v.clone();
            v.fields.shift_remove(tag);
            v.tagged = None;
            (value.clone(), v)
        })
        .collect();
    Some((tag.clone(), variants))
}

/// Objects keyed by ids (all keys digits, or all UUIDs) are maps, not structs.
fn is_id_keyed(object: &ObjectShape) -> bool {
    let is_id = |k: &str| {
        !k.is_empty() && k.bytes().all(|b| b.is_ascii_digit())
            || k.len() == 36 && k.bytes().enumerate().all(|(i, b)| if matches!(i, 8 | 13 | 18 | 23) { b == b'-' } else { b.is_ascii_hexdigit() })
    };
    !object.fields.is_empty() && object.fields.keys().all(|k| is_id(k))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn build(values: &[serde_json::Value], names: &[&str]) -> (TypeRef, Vec<TypeDef>) {
        let mut shape = Shape::unknown();
        for v in values {
            shape.merge(Shape::of(v));
        }
        let mut builder = Builder::default();
        let context = Context { op: "op".into(), path: String::new(), depth: 0, role: Role::Response, resource: None };
        let mut ty = builder.convert(&shape, &context, Hint::Root(names.iter().map(|s| s.to_string()).collect()));
        let Finished { types, remap, .. } = builder.finish(&BTreeMap::new());
        remap_ref(&mut ty, &remap);
        (ty, types)
    }

    #[test]
    fn an_object_that_contains_itself_is_one_type_at_two_places() {
        // A tree node under two keys: each place folds it into a type that refers to itself, and
        // the second place takes the type the first one made instead of making an identical one.
        let node = json!({"name": "a", "kind": "k", "children": [{"name": "b", "kind": "k", "children": []}]});
        let (_, types) = build(&[json!({"left": node.clone(), "right": node})], &["Pair"]);
        let structs: Vec<&str> = types.iter().filter(|t| t.body == TypeBody::Struct).map(|t| t.name.as_str()).collect();
        assert_eq!(structs.len(), 2, "{structs:?}");
        let pair = types.iter().find(|t| t.name == "Pair").expect("the pair");
        assert_eq!(pair.fields[0].ty, pair.fields[1].ty);
    }

    #[test]
    fn nested_arrays_get_singular_names_and_presence() {
        let (ty, types) = build(
            &[json!({"id": "a", "custom_attributes": [{"key": "k"}], "n": null}), json!({"id": "b", "custom_attributes": [], "n": 1, "extra": true})],
            &["User"],
        );
        assert_eq!(ty, TypeRef::Named(0));
        assert_eq!(types[0].name, "User");
        assert_eq!(types[1].name, "CustomAttribute");
        let presence: Vec<_> = types[0].fields.iter().map(|f| (f.name.as_str(), f.presence)).collect();
        assert_eq!(
            presence,
            [("id", Presence::Always), ("custom_attributes", Presence::Always), ("n", Presence::Nullable), ("extra", Presence::Optional)]
        );
        assert_eq!(types[0].fields[2].ty, TypeRef::I64);
    }

    #[test]
    fn identical_shapes_are_one_type_and_clashes_get_parent_names() {
        let (_, types) = build(
            &[json!({"owner": {"id": 1, "login": "x"}, "creator": {"id": 2, "login": "y"}, "org": {"owner": {"id": 3, "plan": "p"}}})],
            &["Repo"],
        );
        let names: Vec<_> = types.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["Repo", "Owner", "Org", "OrgOwner"]);
    }

    #[test]
    fn deeply_nested_top_level_arrays_keep_few_candidate_names() {
        // Regression (fuzzing): every array level doubled the candidate names, 2^depth in all.
        let mut value = json!({"id": 1});
        for _ in 0..30 {
            value = json!([value]);
        }
        let (_, types) = build(&[value], &["User", "OpResponse"]);
        assert_eq!(types.len(), 1);
        assert!(types[0].name.starts_with("UserItemItem"), "{}", types[0].name);
    }

    #[test]
    fn reserved_names_and_id_maps() {
        let (_, types) = build(&[json!({"value": {"field": null}, "items": {"752514": {"id": 1}, "588803": {"id": 2}}})], &["Option"]);
        let names: Vec<_> = types.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["OptionType", "OptionTypeValue", "Item"]);
        assert_eq!(types[0].fields[1].ty, TypeRef::Map(Box::new(TypeRef::Named(2))));
    }
}
