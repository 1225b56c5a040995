//! Entities across operations: object shapes that describe the same entity, wherever they occur
//! (response bodies, nested objects, list items, error bodies; request bodies apart), become one
//! shape, so that inference makes one type of them.
//!
//! Two objects describe the same entity when
//!
//! - they play the same [`Role`] (request bodies merge only with request bodies);
//! - each has at least [`MIN_KEYS`] keys, and their key sets overlap with a Jaccard similarity of at
//!   least [`SIMILARITY`] (an object is compared with the key set of each object of the group it
//!   would join);
//! - no discriminator constant differs: an `object`, `type` or `kind` string that is
//!   `"page"` in one and `"database"` in the other keeps them apart;
//! - every key they share has compatible values: the join of the two loses no type. An integer and
//!   an object under one key would make an enum (or a `Value`), so the objects stay apart; integers
//!   and floats join to floats as they do at one place; a `<dateTime>`-hinted string and a plain one
//!   stay apart, since the date type would be lost.
//!
//! The objects are grouped greedily in the order they are met (operations in collection order, each
//! body in document order), each joining the most similar group that admits it. Every object of a
//! group is then replaced by the group's shape: the lattice join of all its objects (a key absent
//! from some is optional, as it is when examples at one place differ), whose own nested objects are
//! replaced in turn by their group's shape. Since the replacement is a join, it is at least the
//! object it replaces, so every example still decodes into its type and encodes back the same.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::json::shape::{is_hint, Family, Kind, ObjectShape, Shape, MAX_DEPTH};
use super::{is_id_keyed, tagged_variants, GENERIC_KEYS, IDENTITY_KEYS};
use crate::names::{pascal_ident, singular, snake_ident};
use crate::ir::Role;

/// The fewest keys an object has to be merged with another. With one or two keys, a Jaccard
/// similarity of 0.8 asks for identical key sets, and small identical sets (`{id, name}`,
/// `{code, message}`) stand for unrelated things too often; from three keys a shared set of keys
/// is specific enough, and from five one key of difference is allowed.
pub const MIN_KEYS: usize = 3;

/// The least Jaccard similarity (shared keys over all keys) of two key sets of one entity.
pub const SIMILARITY: f64 = 0.8;

/// The least share of the keys of the smaller of two bodies of one endpoint that the other has too,
/// for them to be one entity ([`Entities::same_endpoint`]). Half: one request to
/// `POST /orders/createBooking` books a hotel and a flight, another a car, and both send the
/// agency, the travelers and the payment.
pub const SAME_ENDPOINT: f64 = 0.5;

/// The fewest keys an object needs to merge with the objects its place names as the same entity
/// when their key sets differ more than [`SIMILARITY`] allows ([`Entities::same_name`]).
pub const ENTITY_KEYS: usize = 5;

/// Whether an object has an identity field ([`IDENTITY_KEYS`]: `id`, `uuid`, `guid` or `_id`).
fn has_identity(object: &ObjectShape) -> bool {
    IDENTITY_KEYS.iter().any(|key| object.fields.contains_key(*key))
}

/// Keys whose string value names what an object is (Notion's `"object": "page"`, `type`, `kind`):
/// objects whose values there differ are never merged.
pub const DISCRIMINATORS: [&str; 3] = ["object", "type", "kind"];

/// A group of objects that describe one entity.
#[derive(Debug)]
struct Group {
    role: Role,
    /// The union of the keys of its objects.
    keys: BTreeSet<String>,
    /// The distinct key sets of its objects.
    key_sets: Vec<BTreeSet<String>>,
    /// The join of its objects.
    shape: ObjectShape,
    /// The discriminator values of its objects (which agree).
    discriminators: BTreeMap<String, BTreeSet<String>>,
    /// How many objects joined it.
    members: usize,
    /// The `[[merge]]` rule whose objects it holds.
    merge: Option<usize>,
    /// The `[[keep_apart]]` rules and members whose objects it holds.
    apart: BTreeSet<(usize, usize)>,
    /// The endpoints of the bodies it holds ([`Root::endpoint`]).
    endpoints: BTreeSet<String>,
    /// Whether it holds error bodies only.
    errors: bool,
    /// The entity names its objects' places give ([`Node::name`]).
    names: BTreeSet<String>,
    /// Whether every object of it has an identity field (`id`).
    identified: bool,
}

/// What the settings file says about merging: `[[merge]]` rules, whose places all go into one
/// group, and `[[keep_apart]]` rules, whose members' places never share one.
#[derive(Debug, Clone, Default)]
pub struct Constraints {
    /// `[[merge]]` rules.
    pub merge: Vec<Rule>,
    /// `[[keep_apart]]` rules.
    pub keep_apart: Vec<Rule>,
}

/// One rule of the settings file: its members (a type or a place as the file writes it, for
/// messages), each with the places of the objects it stands for (an operation name, then `#status`
/// or `#request` for bodies other than the success one, then a JSON pointer: the places of
/// `[[override]]`).
#[derive(Debug, Clone, Default)]
pub struct Rule {
    /// The members: how the file names each, and its places.
    pub members: Vec<(String, Vec<String>)>,
}

impl Constraints {
    /// The rules that name each place.
    fn tags(&self) -> HashMap<&str, Tags> {
        let mut tags: HashMap<&str, Tags> = HashMap::new();
        for (rule, merge) in self.merge.iter().enumerate() {
            for (_, places) in &merge.members {
                for place in places {
                    tags.entry(place).or_default().merge = Some(rule);
                }
            }
        }
        for (rule, apart) in self.keep_apart.iter().enumerate() {
            for (member, (_, places)) in apart.members.iter().enumerate() {
                for place in places {
                    tags.entry(place).or_default().apart.push((rule, member));
                }
            }
        }
        tags
    }
}

/// The rules that name an object's place.
#[derive(Debug, Clone, Default)]
struct Tags {
    merge: Option<usize>,
    apart: Vec<(usize, usize)>,
}

impl Tags {
    fn is_empty(&self) -> bool {
        self.merge.is_none() && self.apart.is_empty()
    }
}

/// The groups, and the shapes that replace their objects.
#[derive(Debug, Default)]
struct Entities {
    groups: Vec<Group>,
    /// The groups that have each key (lookups only).
    by_key: HashMap<String, Vec<usize>>,
    /// The replacement of each group's objects, once made, with its height (nesting levels).
    finals: Vec<Option<(ObjectShape, usize)>>,
    /// Groups whose replacement is being made (a group met inside itself is left as it is).
    in_progress: Vec<bool>,
    /// How many replacements are being made, one inside the other.
    making: usize,
    /// Whether a replacement changed an object.
    changed: bool,
    /// The rules, for messages.
    constraints: Constraints,
    /// What the rules made happen that the user should hear of.
    warnings: BTreeSet<String>,
}

/// The most replacements made one inside the other (each one's nested objects need the next): a
/// bound on the recursion, whatever the input.
const MAX_NESTED_FINALS: usize = 64;

/// The most rounds of [`unify_once`]. A round compares objects as they were before it; once members
/// are replaced by their group's shape, groups whose shapes grew alike, and objects that differed
/// only in the objects they hold (a repository holding an owner that is now one `User`), merge in
/// the next round. Over the corpus a second round takes the structs that nearly duplicate another
/// of their role from 19.4% to 14.5%, a third to 13.5%; but each round can nest an entity that
/// holds itself one level deeper (DocuSign's deepest body went from 19 levels to 24, then 32), and
/// the third round added half again to the time of inference, so two it is.
pub const MAX_ROUNDS: usize = 2;

/// A body to unify.
#[derive(Debug)]
pub struct Root<'a> {
    /// Whether it is sent or received.
    pub role: Role,
    /// Its place: the operation name, then `#status` or `#request` for a body other than the
    /// success one.
    pub place: String,
    /// The request it belongs to (method and path, with parameters as `{}`) and which of its
    /// bodies it is (`#request`, `#200`, …), when bodies at one endpoint are one entity: not for
    /// GraphQL, whose one endpoint serves every query.
    pub endpoint: Option<String>,
    /// Whether it is an error body (a status outside 2xx).
    pub error: bool,
    /// The entity its path names (`GET /tweets/search/recent` → `Tweet`), for a success body of an
    /// operation whose query chooses the fields it returns ([`Entities::same_name`]).
    pub entity: Option<String>,
    /// Its shape, merged in place.
    pub shape: &'a mut Shape,
}

/// Merges the objects of `roots` (the body shapes of every operation, in collection order) that
/// describe the same entity, in place, as `constraints` allow and force: rounds of [`unify_once`]
/// until one changes nothing, at most [`MAX_ROUNDS`]. Returns warnings on the rules: places that
/// match no object, merges forced across roles or across a conflict.
pub fn unify(roots: &mut [Root<'_>], constraints: &Constraints) -> Vec<String> {
    let mut warnings = BTreeSet::new();
    let mut matched = BTreeSet::new();
    for _ in 0..MAX_ROUNDS {
        let (changed, said) = unify_once(roots, constraints, &mut matched);
        warnings.extend(said);
        if !changed {
            break;
        }
    }
    for rule in constraints.merge.iter().chain(&constraints.keep_apart) {
        for (name, places) in &rule.members {
            if !places.iter().any(|p| matched.contains(p)) {
                warnings.insert(format!("the settings file names `{name}` in a [[merge]] or [[keep_apart]], but no object there can be merged"));
            }
        }
    }
    warnings.into_iter().collect()
}

/// One round of merging: groups the objects of `roots`, then replaces each member of a group of
/// two or more by the group's shape. Returns whether it changed anything, and its warnings; adds
/// the places a rule named that held an object to `matched`.
fn unify_once(roots: &mut [Root<'_>], constraints: &Constraints, matched: &mut BTreeSet<String>) -> (bool, BTreeSet<String>) {
    let mut entities = Entities { constraints: constraints.clone(), ..Entities::default() };
    let tags = constraints.tags();
    // The group of every object node, in the order `collect` and `replace` both walk them.
    let mut membership: Vec<Option<usize>> = Vec::new();
    {
        let mut objects: Vec<Option<Node<'_>>> = Vec::new();
        for root in roots.iter() {
            let first = objects.len();
            collect(root.shape, root.role, (root.place.clone(), root.entity.clone()), root.entity.is_some(), &tags, &mut objects);
            if let Some(Some(node)) = objects.get_mut(first) {
                node.endpoint.clone_from(&root.endpoint);
                node.error = root.error;
            }
        }
        for object in objects {
            membership.push(object.map(|node| {
                if !node.tags.is_empty() {
                    matched.insert(node.place.clone());
                }
                entities.join(&node)
            }));
        }
    }
    entities.finals = (0..entities.groups.len()).map(|_| None).collect();
    entities.in_progress = vec![false; entities.groups.len()];
    // A group of one is replaced by itself: nothing to do but in its nested objects.
    for group in membership.iter_mut() {
        if group.is_some_and(|g| entities.groups[g].members < 2) {
            *group = None;
        }
    }
    let mut counter = 0;
    for root in roots.iter_mut() {
        entities.replace(root.shape, 0, &membership, &mut counter);
    }
    (entities.changed, entities.warnings)
}

/// An object node that may be merged: its role, place, the object and the rules that name it;
/// for a body itself, its endpoint ([`Root::endpoint`]).
struct Node<'a> {
    role: Role,
    place: String,
    object: &'a ObjectShape,
    tags: Tags,
    endpoint: Option<String>,
    error: bool,
    /// The entity its place names: the key it sits under, singular (`tweets` → `Tweet`), or its
    /// body's ([`Root::entity`]) under a wrapping key (`data`).
    name: Option<String>,
}

/// Whether an object may be merged with others: enough keys, not a map keyed by ids, not an enum
/// told apart by a tag.
fn is_candidate(object: &ObjectShape) -> bool {
    object.fields.len() >= MIN_KEYS && !is_id_keyed(object) && tagged_variants(object).is_none()
}

/// Every object node of `shape` (at `place`), depth first, as a [`Node`] when it is a candidate
/// or a rule names it (a map keyed by ids or a tagged enum never is).
fn collect<'a>(shape: &'a Shape, role: Role, (place, name): (String, Option<String>), sparse: bool, tags: &HashMap<&str, Tags>, out: &mut Vec<Option<Node<'a>>>) {
    match &shape.kind {
        Kind::Object(object) => {
            let named = tags.get(place.as_str()).cloned().unwrap_or_default();
            let forced = named.merge.is_some() && !object.fields.is_empty() && !is_id_keyed(object) && tagged_variants(object).is_none();
            let id_keyed = is_id_keyed(object);
            out.push((is_candidate(object) || forced).then(|| Node { role, place: place.clone(), object, tags: named, endpoint: None, error: false, name: name.clone() }));
            for (key, field) in &object.fields {
                // Places matter only to the rules: without any, no string is made per object.
                let child = match (tags.is_empty(), id_keyed) {
                    (true, _) => String::new(),
                    (false, true) => format!("{place}/*"),
                    (false, false) => format!("{place}/{}", pointer_token(key)),
                };
                let word = snake_ident(key, "");
                let child_name = if !sparse || id_keyed || role != Role::Response {
                    None
                } else if GENERIC_KEYS.contains(&word.as_str()) {
                    name.clone()
                } else {
                    Some(pascal_ident(&singular(&word), "")).filter(|n| !n.is_empty())
                };
                collect(&field.shape, role, (child, child_name), sparse, tags, out);
            }
        }
        Kind::Array(element) => collect(element, role, (if tags.is_empty() { String::new() } else { format!("{place}/-") }, name), sparse, tags, out),
        Kind::Union(members) => members.iter().for_each(|m| collect(m, role, (place.clone(), name.clone()), sparse, tags, out)),
        _ => {}
    }
}

impl Entities {
    /// The most similar group that admits `object`, if any: of its role, and neither holding
    /// objects that a `[[keep_apart]]` rule keeps apart from it nor (for an object no rule names)
    /// any object a rule names.
    fn classify(&self, role: Role, object: &ObjectShape, tags: Option<&Tags>) -> Option<usize> {
        let mut common: BTreeMap<usize, usize> = BTreeMap::new();
        for key in object.fields.keys() {
            for &group in self.by_key.get(key).into_iter().flatten() {
                *common.entry(group).or_default() += 1;
            }
        }
        let size = object.fields.len();
        let keys: BTreeSet<&str> = object.fields.keys().map(String::as_str).collect();
        let mut scored: Vec<(f64, usize)> = common
            .into_iter()
            // Only a group that shares enough keys with the union of its objects' keys can hold an
            // object similar enough to this one.
            .filter(|&(group, shared)| self.groups[group].role == role && shared as f64 >= SIMILARITY * size as f64 && self.admits(group, tags))
            .map(|(group, _)| (self.similarity(group, &keys), group))
            .filter(|&(similarity, _)| similarity >= SIMILARITY)
            .collect();
        // Most similar first, then the oldest group.
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let discriminators = discriminators(object);
        scored.into_iter().map(|(_, group)| group).find(|&group| {
            let g = &self.groups[group];
            agree(&g.discriminators, &discriminators) && objects_compatible(&g.shape, object, 0)
        })
    }

    /// The group that holds a body sent to or received from the same endpoint as the body of
    /// `node`, when it may join it: items that call one endpoint (a booking with a hotel, one with
    /// a car) send and receive one entity, whose fields are the union of theirs, even where their
    /// examples fill in too few of them to look alike. They still share at least [`SAME_ENDPOINT`]
    /// of the keys of the smaller one, and agree as any merged objects do: discriminators and
    /// field types.
    fn same_endpoint(&self, node: &Node<'_>) -> Option<usize> {
        let endpoint = node.endpoint.as_ref()?;
        self.kin(node, |g| g.endpoints.contains(endpoint), SAME_ENDPOINT)
    }

    /// The group of error bodies that the error body of `node` may join: an API's errors are one
    /// shape with parts that some leave out (PayPal's `{name, message, debug_id, details, links}`,
    /// with `information_link` in one and OAuth's `error` and `error_description` in another), so
    /// the keys of the smaller of the two need only be [`SIMILARITY`] among the other's, however
    /// many the other adds. The guards of every merge hold.
    fn same_errors(&self, node: &Node<'_>) -> Option<usize> {
        if !node.error || node.object.fields.len() < MIN_KEYS {
            return None;
        }
        self.kin(node, |g| g.errors, SIMILARITY)
    }

    /// The group of objects that the places name as the same entity as the object of `node`
    /// (`Tweet`: under `tweets`, or under `data` in a body of `/tweets/search/recent`), when both
    /// have an identity field and the object has [`ENTITY_KEYS`] keys or more, in the bodies of
    /// operations that let the caller choose the fields (Twitter's `tweet.fields`, `$select`):
    /// they send one entity with key sets too different for [`SIMILARITY`] by Jaccard, and every
    /// field but the identity is optional by nature. So here the keys of the smaller need only be
    /// [`SIMILARITY`] among the other's. Elsewhere a smaller object with the same name is a summary
    /// (a user in a list, with 7 of the 40 keys of the full user), kept apart so that the entity's
    /// fields stay required. The guards of every merge hold.
    fn same_name(&self, node: &Node<'_>) -> Option<usize> {
        let name = node.name.as_ref()?;
        let object = node.object;
        if object.fields.len() < ENTITY_KEYS || !has_identity(object) {
            return None;
        }
        self.kin_where(
            node,
            |g| g.identified && g.names.contains(name),
            |set| {
                let shared = set.iter().filter(|k| object.fields.contains_key(k.as_str())).count();
                shared as f64 >= SIMILARITY * set.len().min(object.fields.len()) as f64
            },
        )
    }

    /// The first group of the role of `node` that `related` picks and that it may join: one of its
    /// key sets and the object's share at least `least` of the keys of the smaller, the rules
    /// admit it, discriminators agree and no field loses its type.
    fn kin(&self, node: &Node<'_>, related: impl Fn(&Group) -> bool, least: f64) -> Option<usize> {
        self.kin_where(node, related, |set| {
            let shared = set.iter().filter(|k| node.object.fields.contains_key(k.as_str())).count();
            shared as f64 >= least * set.len().min(node.object.fields.len()) as f64
        })
    }

    /// The first group of the role of `node` that `related` picks, with a key set that `fits`, and
    /// that the object may join: the rules admit it, discriminators agree and no field loses its
    /// type.
    fn kin_where(&self, node: &Node<'_>, related: impl Fn(&Group) -> bool, fits: impl Fn(&BTreeSet<String>) -> bool) -> Option<usize> {
        let object = node.object;
        self.groups.iter().enumerate().position(|(i, g)| {
            g.role == node.role
                && related(g)
                && self.admits(i, Some(&node.tags))
                && g.key_sets.iter().any(&fits)
                && agree(&g.discriminators, &discriminators(object))
                && objects_compatible(&g.shape, object, 0)
        })
    }

    /// Whether the rules let an object with `tags` join `group` (`None`: an object inside a
    /// group's shape, which joins only groups no rule names).
    fn admits(&self, group: usize, tags: Option<&Tags>) -> bool {
        let g = &self.groups[group];
        match tags {
            None => g.merge.is_none() && g.apart.is_empty(),
            Some(tags) => tags.apart.iter().all(|&(rule, member)| !g.apart.iter().any(|&(r, m)| r == rule && m != member)),
        }
    }

    /// The greatest similarity of `keys` to the key set of an object of `group`.
    fn similarity(&self, group: usize, keys: &BTreeSet<&str>) -> f64 {
        self.groups[group]
            .key_sets
            .iter()
            .map(|set| {
                let shared = set.iter().filter(|k| keys.contains(k.as_str())).count();
                shared as f64 / (set.len() + keys.len() - shared) as f64
            })
            .fold(0.0, f64::max)
    }

    /// The group of the `[[merge]]` rule `rule` that an object of `role` with `tags` may join: the
    /// one of its role, unless a `[[keep_apart]]` rule forbids it (a warning). Warns when the
    /// objects differ so that a field loses its type.
    fn forced(&mut self, rule: usize, node: &Node<'_>) -> Option<usize> {
        let group = self.groups.iter().position(|g| g.merge == Some(rule) && g.role == node.role)?;
        let names = || self.constraints.merge[rule].members.iter().map(|(name, _)| format!("`{name}`")).collect::<Vec<_>>().join(", ");
        if !self.admits(group, Some(&node.tags)) {
            let warning = format!("the settings file merges {} but also keeps some of them apart: kept apart", names());
            self.warnings.insert(warning);
            return None;
        }
        if let Some(conflict) = objects_conflict(&self.groups[group].shape, node.object, 1) {
            let warning = format!("the settings file merges {}, which differ at `{}`{}: that field is no longer of one type", names(), node.place, conflict);
            self.warnings.insert(warning);
        }
        Some(group)
    }

    /// Adds the object of `node` to the group it belongs to, or to a new one; returns the group.
    fn join(&mut self, node: &Node<'_>) -> usize {
        let (role, object) = (node.role, node.object);
        if let Some(rule) = node.tags.merge {
            if self.groups.iter().any(|g| g.merge == Some(rule) && g.role != role) && !self.groups.iter().any(|g| g.merge == Some(rule) && g.role == role) {
                let names = self.constraints.merge[rule].members.iter().map(|(name, _)| format!("`{name}`")).collect::<Vec<_>>().join(", ");
                self.warnings.insert(format!("the settings file merges {names}, but request bodies merge only with request bodies"));
            }
        }
        let forced = node.tags.merge.and_then(|rule| self.forced(rule, node));
        let group = match forced
            .or_else(|| self.same_endpoint(node))
            .or_else(|| self.same_errors(node))
            .or_else(|| self.same_name(node))
            .or_else(|| self.classify(role, object, Some(&node.tags)))
        {
            Some(group) => group,
            None => {
                self.groups.push(Group {
                    role,
                    keys: BTreeSet::new(),
                    key_sets: Vec::new(),
                    shape: ObjectShape::default(),
                    discriminators: BTreeMap::new(),
                    members: 0,
                    merge: None,
                    apart: BTreeSet::new(),
                    endpoints: BTreeSet::new(),
                    errors: node.error,
                    names: BTreeSet::new(),
                    identified: true,
                });
                self.groups.len() - 1
            }
        };
        if let Some(rule) = node.tags.merge {
            self.groups[group].merge.get_or_insert(rule);
        }
        self.groups[group].apart.extend(node.tags.apart.iter().copied());
        self.groups[group].endpoints.extend(node.endpoint.iter().cloned());
        self.groups[group].errors &= node.error;
        self.groups[group].names.extend(node.name.iter().cloned());
        self.groups[group].identified &= has_identity(object);
        for (key, values) in discriminators(object) {
            self.groups[group].discriminators.entry(key).or_insert(values);
        }
        for key in object.fields.keys() {
            if self.groups[group].keys.insert(key.clone()) {
                self.by_key.entry(key.clone()).or_default().push(group);
            }
        }
        let g = &mut self.groups[group];
        let set: BTreeSet<String> = object.fields.keys().cloned().collect();
        if !g.key_sets.contains(&set) {
            g.key_sets.push(set);
        }
        let mut joined = Shape { kind: Kind::Object(std::mem::take(&mut g.shape)), nullable: false, example: None };
        joined.merge(Shape { kind: Kind::Object(object.clone()), nullable: false, example: None });
        if let Kind::Object(joined) = joined.kind {
            g.shape = joined;
        }
        g.members += 1;
        group
    }

    /// Replaces the objects under `shape` (an original body shape, walked in the order of
    /// [`collect`]: `counter` is the index of the next object node) by their group's shape.
    fn replace(&mut self, shape: &mut Shape, depth: usize, membership: &[Option<usize>], counter: &mut usize) {
        match &mut shape.kind {
            Kind::Object(object) => {
                let group = membership.get(*counter).copied().flatten();
                *counter += 1;
                for field in object.fields.values_mut() {
                    self.replace(&mut field.shape, depth + 1, membership, counter);
                }
                if let Some(group) = group {
                    self.take_final(shape, group, depth);
                }
            }
            Kind::Array(element) => self.replace(element, depth + 1, membership, counter),
            Kind::Union(members) => members.iter_mut().for_each(|m| self.replace(m, depth, membership, counter)),
            _ => {}
        }
    }

    /// Replaces the objects under `shape` (a group's join, of `role`) by the shape of the group each
    /// of them belongs to.
    fn replace_joined(&mut self, shape: &mut Shape, role: Role, depth: usize) {
        match &mut shape.kind {
            Kind::Object(object) => {
                for field in object.fields.values_mut() {
                    self.replace_joined(&mut field.shape, role, depth + 1);
                }
                if is_candidate(object) {
                    if let Some(group) = self.classify(role, object, None).filter(|&g| self.groups[g].members >= 2) {
                        self.join_final(shape, group, depth);
                    }
                }
            }
            Kind::Array(element) => self.replace_joined(element, role, depth + 1),
            Kind::Union(members) => members.iter_mut().for_each(|m| self.replace_joined(m, role, depth)),
            _ => {}
        }
    }

    /// Replaces the object `shape` at `depth`, a member of `group`, by the group's final shape: it
    /// is the join of every member, so at least `shape`, and every member gets the same one. Not
    /// when the group is being made or the result would nest deeper than [`MAX_DEPTH`].
    fn take_final(&mut self, shape: &mut Shape, group: usize, depth: usize) {
        let Some((object, height)) = self.final_of(group) else { return };
        if depth + height > MAX_DEPTH {
            return;
        }
        if !matches!(&shape.kind, Kind::Object(own) if own == object) {
            shape.kind = Kind::Object(object.clone());
            self.changed = true;
        }
    }

    /// Joins the object `shape` at `depth` with the final shape of `group`, unless the group is
    /// being made (an entity inside itself) or the result would nest deeper than [`MAX_DEPTH`].
    fn join_final(&mut self, shape: &mut Shape, group: usize, depth: usize) {
        let Some((object, height)) = self.final_of(group) else { return };
        if depth + height > MAX_DEPTH {
            return;
        }
        let mut joined = Shape { kind: Kind::Object(object.clone()), nullable: false, example: None };
        joined.merge(Shape { kind: std::mem::replace(&mut shape.kind, Kind::Unknown), nullable: false, example: None });
        shape.kind = joined.kind;
    }

    /// The shape that replaces the objects of `group`: their join, its nested objects replaced by
    /// their groups' shapes. `None` while it is being made.
    fn final_of(&mut self, group: usize) -> Option<&(ObjectShape, usize)> {
        if self.finals[group].is_none() {
            if self.in_progress[group] || self.making >= MAX_NESTED_FINALS {
                return None;
            }
            self.in_progress[group] = true;
            self.making += 1;
            let g = &self.groups[group];
            let role = g.role;
            let mut shape = Shape { kind: Kind::Object(g.shape.clone()), nullable: false, example: None };
            if let Kind::Object(object) = &mut shape.kind {
                for field in object.fields.values_mut() {
                    self.replace_joined(&mut field.shape, role, 1);
                }
            }
            self.in_progress[group] = false;
            self.making -= 1;
            let height = height(&shape);
            normalize_counts(&mut shape);
            if let Kind::Object(object) = shape.kind {
                self.finals[group] = Some((object, height));
            }
        }
        self.finals[group].as_ref()
    }
}

/// Sets the sample counts of every object under `shape` to the least that tell the same: 1 sample
/// when every field is always there, else 2 with each optional field present once. Presence is
/// all that the counts decide, and a final shape is joined again and again (once per member, once
/// per round), which would add its counts up without end.
fn normalize_counts(shape: &mut Shape) {
    match &mut shape.kind {
        Kind::Object(object) => normalize_object(object),
        Kind::Array(element) => normalize_counts(element),
        Kind::Union(members) => members.iter_mut().for_each(normalize_counts),
        _ => {}
    }
}

/// [`normalize_counts`] for an object and its tagged variants.
fn normalize_object(object: &mut ObjectShape) {
    if object.samples == 0 {
        return;
    }
    let optional = object.fields.values().any(|f| f.present < object.samples);
    let samples = if optional { 2 } else { 1 };
    for field in object.fields.values_mut() {
        field.present = if field.present < object.samples { 1 } else { samples };
        normalize_counts(&mut field.shape);
    }
    object.samples = samples;
    if let Some((_, variants)) = &mut object.tagged {
        variants.values_mut().for_each(normalize_object);
    }
}

/// How many levels of arrays and objects `shape` nests.
fn height(shape: &Shape) -> usize {
    match &shape.kind {
        Kind::Object(object) => 1 + object.fields.values().map(|f| height(&f.shape)).max().unwrap_or(0),
        Kind::Array(element) => 1 + height(element),
        Kind::Union(members) => members.iter().map(height).max().unwrap_or(0),
        _ => 0,
    }
}

/// The discriminator values of an object: for each of [`DISCRIMINATORS`] whose values are strings,
/// every value when the shape kept them as tags, else the first one. Only constants count: a value
/// with spaces in it (`"sed sit"`, the filler text of generated examples) or a long one names no
/// kind of object, so the key is left out.
fn discriminators(object: &ObjectShape) -> BTreeMap<String, BTreeSet<String>> {
    let mut found = BTreeMap::new();
    for key in DISCRIMINATORS {
        let Some(field) = object.fields.get(key) else { continue };
        if !matches!(field.shape.kind, Kind::String(_)) {
            continue;
        }
        let values: BTreeSet<String> = match &object.tagged {
            Some((tag, variants)) if tag == key => variants.keys().cloned().collect(),
            _ => field.shape.example.iter().filter(|e| !is_hint(e)).filter_map(|e| serde_json::from_str::<String>(e).ok()).collect(),
        };
        if !values.is_empty() && values.iter().all(|v| is_constant(v)) {
            found.insert(key.to_owned(), values);
        }
    }
    found
}

/// Whether a string value looks like a constant that names a kind (`page`, `waf_firewall`,
/// `PAYMENTCARD`, `application/json`): short, no whitespace.
fn is_constant(value: &str) -> bool {
    const LONGEST: usize = 64;
    !value.is_empty() && value.len() <= LONGEST && !value.chars().any(char::is_whitespace)
}

/// Whether two sets of discriminator values agree: for every key both have, the values of one are
/// among the other's (an object seen as `{"type": "card"}` is one of the kinds of an object seen as
/// `"card"` or `"bank"`).
fn agree(a: &BTreeMap<String, BTreeSet<String>>, b: &BTreeMap<String, BTreeSet<String>>) -> bool {
    a.iter().all(|(key, values)| b.get(key).is_none_or(|other| other.is_subset(values) || values.is_subset(other)))
}

/// Whether two objects may be joined: their discriminators agree and every shared key has
/// compatible values.
fn objects_compatible(a: &ObjectShape, b: &ObjectShape, depth: usize) -> bool {
    objects_conflict(a, b, depth).is_none()
}

/// Why two objects may not be joined: the JSON pointer of the first place (under them) where the
/// values would lose a type, or where their own discriminators differ, with what differs there.
/// `None` when they may. Discriminators count only for the two objects themselves (`depth` 0):
/// below them, objects of different kinds join as they do at one place, into a tagged enum or a
/// struct with the tag as a field, and lose no type.
pub(super) fn objects_conflict(a: &ObjectShape, b: &ObjectShape, depth: usize) -> Option<String> {
    let (da, db) = if depth == 0 { (discriminators(a), discriminators(b)) } else { Default::default() };
    if let Some((key, values)) = da.iter().find(|(key, values)| db.get(*key).is_some_and(|other| !(other.is_subset(values) || values.is_subset(other)))) {
        let other = &db[key];
        return Some(format!("/{}: {values:?} and {other:?}", pointer_token(key)));
    }
    if depth == 0 {
        if let Some(why) = different_contents(a, b) {
            return Some(why);
        }
    }
    b.fields.iter().find_map(|(key, field)| {
        let other = a.fields.get(key)?;
        conflict(&other.shape, &field.shape, depth + 1).map(|why| format!("/{}{why}", pointer_token(key)))
    })
}

/// Why two envelopes (`{"success": true, "data": {…}}`) are not one: what they wrap under a
/// wrapping key ([`GENERIC_KEYS`](super::GENERIC_KEYS): `data`, `items`, `result`) is not one entity.
/// An envelope is what it holds, and envelopes have few keys of their own, so two of them look
/// alike whatever they hold: a deal's and a product's. The objects they hold must share at least
/// [`SIMILARITY`] of the keys of the smaller one (one may be a part of the other).
fn different_contents(a: &ObjectShape, b: &ObjectShape) -> Option<String> {
    fn held(shape: &Shape) -> Option<&ObjectShape> {
        match &shape.kind {
            Kind::Object(object) => Some(object),
            Kind::Array(element) => held(element),
            _ => None,
        }
    }
    b.fields.iter().find_map(|(key, field)| {
        let word = crate::names::snake_ident(key, "");
        if !super::GENERIC_KEYS.contains(&word.as_str()) {
            return None;
        }
        let (x, y) = (held(&a.fields.get(key)?.shape)?, held(&field.shape)?);
        if x.fields.is_empty() || y.fields.is_empty() {
            return None;
        }
        let shared = x.fields.keys().filter(|k| y.fields.contains_key(*k)).count();
        let overlap = shared as f64 / x.fields.len().min(y.fields.len()) as f64;
        (overlap < SIMILARITY).then(|| format!("/{}: objects of {shared} shared keys in {} and {}", pointer_token(key), x.fields.len(), y.fields.len()))
    })
}

/// A JSON pointer token (`~` and `/` escaped).
fn pointer_token(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Why two shapes do not join without losing a type (the pointer under them, and what differs):
/// the JSON kinds of one must be among the other's (integers and floats count as one, as they join
/// to floats), and what they share must be compatible in turn.
fn conflict(a: &Shape, b: &Shape, depth: usize) -> Option<String> {
    let differ = || Some(format!(": {} and {}", describe(a), describe(b)));
    if depth > MAX_DEPTH {
        return if a.kind == b.kind { None } else { differ() };
    }
    match (&a.kind, &b.kind) {
        (Kind::Unknown, _) | (_, Kind::Unknown) | (Kind::Mixed, Kind::Mixed) => None,
        (Kind::Recursive(x), Kind::Recursive(y)) => if x == y { None } else { differ() },
        (Kind::Mixed | Kind::Recursive(_), _) | (_, Kind::Mixed | Kind::Recursive(_)) => differ(),
        _ => {
            let (ours, theirs) = (members(a), members(b));
            let families = |members: &[&Shape]| members.iter().filter_map(|m| m.kind.family()).map(numeric_as_one).collect::<BTreeSet<Family>>();
            let (fa, fb) = (families(&ours), families(&theirs));
            if !(fa.is_subset(&fb) || fb.is_subset(&fa)) {
                return differ();
            }
            ours.iter().find_map(|x| {
                theirs.iter().find_map(|y| match (&x.kind, &y.kind) {
                    (Kind::String(p), Kind::String(q)) if string_type(p) != string_type(q) => Some(format!(": {} and {}", describe(x), describe(y))),
                    (Kind::Array(p), Kind::Array(q)) => conflict(p, q, depth + 1).map(|why| format!("/-{why}")),
                    (Kind::Object(p), Kind::Object(q)) => objects_conflict(p, q, depth),
                    _ => None,
                })
            })
        }
    }
}

/// What a shape is, in a few words, for [`conflict`].
fn describe(shape: &Shape) -> String {
    match &shape.kind {
        Kind::Unknown => "nothing".to_owned(),
        Kind::Bool => "a boolean".to_owned(),
        Kind::Int { .. } => "an integer".to_owned(),
        Kind::Float => "a number".to_owned(),
        Kind::String(formats) => match string_type(formats) {
            1 => "a date-time".to_owned(),
            2 => "a date".to_owned(),
            _ => "a string".to_owned(),
        },
        Kind::Array(_) => "an array".to_owned(),
        Kind::Object(_) => "an object".to_owned(),
        Kind::BigInt => "a big integer".to_owned(),
        Kind::Union(members) => members.iter().map(describe).collect::<Vec<_>>().join(" or "),
        Kind::Mixed => "values nested too deep".to_owned(),
        Kind::Recursive(_) => "the object it is in".to_owned(),
    }
}

/// The members of a union, or the shape itself.
fn members(shape: &Shape) -> Vec<&Shape> {
    match &shape.kind {
        Kind::Union(members) => members.iter().collect(),
        _ => vec![shape],
    }
}

/// Integers and floats as one family (they join to floats).
fn numeric_as_one(family: Family) -> Family {
    match family {
        Family::Integer => Family::Number,
        other => other,
    }
}

/// What a string shape becomes: 0 a `String`, 1 a date-time, 2 a date (hinted by a placeholder).
fn string_type(formats: &crate::json::shape::Formats) -> u8 {
    match (formats.hinted, formats.date_time, formats.date) {
        (true, true, _) => 1,
        (true, false, true) => 2,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn shape(value: serde_json::Value) -> Shape {
        Shape::of(&value)
    }

    /// Unifies the shapes of `values` (all responses) and returns them.
    fn unified(values: Vec<serde_json::Value>) -> Vec<Shape> {
        let mut shapes: Vec<Shape> = values.into_iter().map(shape).collect();
        let mut roots: Vec<Root<'_>> = shapes.iter_mut().enumerate().map(|(i, shape)| Root { role: Role::Response, place: format!("op{i}"), endpoint: None, error: false, entity: None, shape }).collect();
        unify(&mut roots, &Constraints::default());
        shapes
    }

    /// The shape as the types made of it see it: kinds, and for objects each key with whether it is
    /// always there (the counts behind it aside).
    fn outline(shape: &Shape) -> String {
        let kind = match &shape.kind {
            Kind::Object(object) => {
                let fields: Vec<String> = object
                    .fields
                    .iter()
                    .map(|(k, f)| format!("{k}{}: {}", if f.present < object.samples { "?" } else { "" }, outline(&f.shape)))
                    .collect();
                format!("{{{}}}", fields.join(", "))
            }
            Kind::Array(element) => format!("[{}]", outline(element)),
            Kind::Union(members) => members.iter().map(outline).collect::<Vec<_>>().join(" | "),
            other => format!("{other:?}"),
        };
        if shape.nullable { format!("{kind} or null") } else { kind }
    }

    fn keys(shape: &Shape) -> Vec<&str> {
        match &shape.kind {
            Kind::Object(object) => object.fields.keys().map(String::as_str).collect(),
            _ => Vec::new(),
        }
    }

    fn object(shape: &Shape) -> &ObjectShape {
        match &shape.kind {
            Kind::Object(object) => object,
            other => panic!("not an object: {other:?}"),
        }
    }

    #[test]
    fn similar_objects_merge_into_their_join() {
        let shapes = unified(vec![
            json!({"id": 1, "name": "a", "full_name": "o/a", "private": false, "owner": {"login": "o", "id": 2, "url": "u"}}),
            json!({"id": 1, "name": "a", "full_name": "o/a", "private": false, "fork": true, "owner": {"login": "o", "id": 2, "url": "u", "type": "User"}}),
            json!([{"id": 1, "name": "a", "full_name": "o/a", "private": false, "owner": {"login": "o", "id": 2, "url": "u"}}]),
        ]);
        assert_eq!(outline(&shapes[0]), outline(&shapes[1]));
        assert_eq!(keys(&shapes[0]), ["id", "name", "full_name", "private", "owner", "fork"]);
        let joined = object(&shapes[0]);
        // `fork` is optional (absent from two of the three), the others are always there.
        assert!(joined.fields["fork"].present < joined.samples);
        assert_eq!(joined.fields["id"].present, joined.samples);
        let Kind::Array(element) = &shapes[2].kind else { panic!("not an array") };
        assert_eq!(outline(element), outline(&shapes[0]));
        // The nested owners are one shape too.
        assert_eq!(keys(&joined.fields["owner"].shape), ["login", "id", "url", "type"]);
    }

    #[test]
    fn different_discriminators_stay_apart() {
        let page = json!({"object": "page", "id": "p", "created_time": "t", "parent": "x", "url": "u"});
        let database = json!({"object": "database", "id": "d", "created_time": "t", "parent": "x", "url": "u"});
        let shapes = unified(vec![page.clone(), database.clone()]);
        assert_eq!(shapes[0], shape(page));
        assert_eq!(shapes[1], shape(database));
        // `type` too, even where the shape keeps no tags.
        let a = json!({"type": "card", "id": 1, "last4": "1", "brand": "v"});
        let b = json!({"type": "bank", "id": 1, "last4": "1", "brand": "v"});
        let shapes = unified(vec![a.clone(), b.clone()]);
        assert_eq!((&shapes[0], &shapes[1]), (&shape(a), &shape(b)));
    }

    #[test]
    fn conflicting_field_types_stay_apart() {
        let a = json!({"id": 1, "name": "a", "owner": 7, "size": 3});
        let b = json!({"id": 1, "name": "a", "owner": {"login": "x"}, "size": 3});
        let shapes = unified(vec![a.clone(), b.clone()]);
        assert_eq!((&shapes[0], &shapes[1]), (&shape(a), &shape(b)));
        // Integers and floats join to floats, as at one place.
        let shapes = unified(vec![json!({"id": 1, "name": "a", "price": 3}), json!({"id": 2, "name": "b", "price": 2.5})]);
        assert_eq!(outline(&shapes[0]), outline(&shapes[1]));
        assert_eq!(object(&shapes[0]).fields["price"].shape.kind, Kind::Float);
    }

    #[test]
    fn dissimilar_and_small_objects_stay_apart() {
        let a = json!({"id": 1, "name": "a", "email": "e", "phone": "p", "city": "c"});
        let b = json!({"id": 1, "name": "a", "title": "t", "body": "b", "tags": "c"});
        let shapes = unified(vec![a.clone(), b.clone()]);
        assert_eq!((&shapes[0], &shapes[1]), (&shape(a), &shape(b)));
        let a = json!({"id": 1, "name": "a"});
        let b = json!({"id": 1, "name": "a", "x": 1});
        let shapes = unified(vec![a.clone(), b.clone()]);
        assert_eq!((&shapes[0], &shapes[1]), (&shape(a), &shape(b)));
    }

    #[test]
    fn request_bodies_merge_only_with_request_bodies() {
        let value = json!({"id": 1, "name": "a", "email": "e", "phone": "p"});
        let other = json!({"id": 1, "name": "a", "email": "e", "phone": "p", "city": "c"});
        let mut shapes = [shape(value.clone()), shape(other.clone())];
        let [a, b] = &mut shapes;
        unify(
            &mut [
                Root { role: Role::Response, place: "a".to_owned(), endpoint: None, error: false, entity: None, shape: a },
                Root { role: Role::Request, place: "b#request".to_owned(), endpoint: None, error: false, entity: None, shape: b },
            ],
            &Constraints::default(),
        );
        assert_eq!(shapes, [shape(value), shape(other)]);
    }

    #[test]
    fn every_member_of_a_group_gets_the_same_shape() {
        let shapes = unified(vec![
            json!({"id": 1, "name": "a", "email": "e", "phone": "p", "city": "c"}),
            json!({"id": 2, "name": "b", "email": "e", "phone": "p", "zip": "z"}),
            json!({"user": {"id": 3, "name": "c", "email": "e", "phone": "p", "city": "c", "zip": "z"}}),
        ]);
        assert_eq!(shapes[0], shapes[1]);
        assert_eq!(object(&shapes[2]).fields["user"].shape, shapes[0]);
        // Sample counts are the least that tell presence, however often the shape was joined.
        let joined = object(&shapes[0]);
        assert_eq!((joined.samples, joined.fields["id"].present, joined.fields["zip"].present), (2, 2, 1));
    }

    #[test]
    fn discriminators_below_the_objects_do_not_keep_them_apart() {
        // Two bookings whose payments are of different kinds are one booking; the payments join as
        // they would in one array.
        let a = json!({"id": 1, "status": "ok", "agency": "x", "payment": {"type": "CASH", "amount": 1}});
        let b = json!({"id": 2, "status": "ok", "agency": "y", "payment": {"type": "CARD", "amount": 2, "number": "4"}});
        let shapes = unified(vec![a, b]);
        assert_eq!(shapes[0], shapes[1]);
        // Filler text is no discriminator; a kind among the kinds of a group agrees with it.
        let shapes = unified(vec![
            json!({"type": "sed sit", "id": 1, "last4": "1", "brand": "v"}),
            json!({"type": "nostrud occaecat", "id": 1, "last4": "1", "brand": "v"}),
        ]);
        assert_eq!(shapes[0], shapes[1]);
        let one: BTreeMap<String, BTreeSet<String>> = [("type".to_owned(), ["card".to_owned()].into())].into();
        let two: BTreeMap<String, BTreeSet<String>> = [("type".to_owned(), ["bank".to_owned(), "card".to_owned()].into())].into();
        let other: BTreeMap<String, BTreeSet<String>> = [("type".to_owned(), ["bank".to_owned()].into())].into();
        assert!(agree(&one, &two) && agree(&two, &one));
        assert!(!agree(&one, &other));
    }

    #[test]
    fn envelopes_of_different_entities_stay_apart() {
        let deal = json!({"success": true, "data": {"id": 1, "title": "t", "value": 3, "stage_id": 2}, "related_objects": {}});
        let product = json!({"success": true, "data": {"id": 1, "name": "p", "code": "c", "unit": "kg"}, "related_objects": {}});
        let part_of_a_deal = json!({"success": true, "data": {"id": 2, "title": "u", "value": 4}, "related_objects": {}});
        let shapes = unified(vec![deal.clone(), product.clone(), part_of_a_deal]);
        assert_eq!(shapes[1], shape(product));
        assert_eq!(shapes[0], shapes[2]);
    }

    #[test]
    fn a_conflict_says_where_and_what() {
        let a = object(&shape(json!({"id": 1, "owner": {"login": "x", "id": 2}}))).clone();
        let b = object(&shape(json!({"id": 1, "owner": {"login": "x", "id": "2"}}))).clone();
        assert_eq!(objects_conflict(&a, &b, 0).as_deref(), Some("/owner/id: an integer and a string"));
        let page = object(&shape(json!({"object": "page", "id": "p"}))).clone();
        let database = object(&shape(json!({"object": "database", "id": "d"}))).clone();
        assert_eq!(objects_conflict(&page, &database, 0).as_deref(), Some(r#"/object: {"page"} and {"database"}"#));
    }

    #[test]
    fn an_entity_inside_itself_is_bounded() {
        let shapes = unified(vec![
            json!({"id": 1, "name": "a", "url": "u", "parent": {"id": 2, "name": "b", "url": "v"}}),
            json!({"id": 1, "name": "a", "url": "u", "source": {"id": 2, "name": "b", "url": "v", "parent": {"id": 3, "name": "c", "url": "w"}}}),
        ]);
        assert!(height(&shapes[0]) <= 4 && height(&shapes[1]) <= 4);
    }
}
