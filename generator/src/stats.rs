//! Measures of the inferred types that the corpus gate prints: how many of the larger structs are
//! near-duplicates of another struct, and how many are named after an operation rather than the
//! entity they hold.

use std::collections::BTreeSet;

use crate::ir::{Api, TypeBody, TypeDef};
use crate::names::pascal_ident;

/// The fewest fields a struct has to be counted.
pub const MIN_FIELDS: usize = 5;

/// The Jaccard similarity of two field-name sets from which two structs count as near-duplicates.
pub const NEAR_DUPLICATE: f64 = 0.8;

/// The type measures of one API.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TypeStats {
    /// Structs with at least [`MIN_FIELDS`] fields.
    pub structs: usize,
    /// Of those, the ones whose field names overlap another struct's of the same role (of any
    /// size) with a Jaccard similarity of at least [`NEAR_DUPLICATE`]: entities that inference
    /// left as two types.
    pub near_duplicates: usize,
    /// Of those, the ones that overlap so only with a struct of the other role: a request body
    /// like a response entity. Request bodies never merge with responses (a body to create a
    /// user is not the user), so these stay by design.
    pub cross_role: usize,
    /// Of those, the ones named after an operation: a name that starts with an operation's
    /// `PascalCase` name, or ends in `Response`, `Body`, `Variables` or `Error` (with a status or
    /// `Item` after it, too).
    pub operation_named: usize,
}

impl TypeStats {
    /// The sum of two measures.
    pub fn plus(self, other: TypeStats) -> TypeStats {
        TypeStats {
            structs: self.structs + other.structs,
            near_duplicates: self.near_duplicates + other.near_duplicates,
            cross_role: self.cross_role + other.cross_role,
            operation_named: self.operation_named + other.operation_named,
        }
    }
}

/// Measures the types of `api` (after inference).
pub fn type_stats(api: &Api) -> TypeStats {
    let structs: Vec<(&TypeDef, BTreeSet<&str>)> = api
        .types
        .iter()
        .filter(|t| t.body == TypeBody::Struct)
        .map(|t| (t, t.fields.iter().map(|f| f.wire_name.as_str()).collect()))
        .collect();
    let operations: Vec<String> = api.operations.iter().map(|op| pascal_ident(&op.name, "")).filter(|n| !n.is_empty()).collect();
    let mut stats = TypeStats::default();
    for (i, (def, keys)) in structs.iter().enumerate() {
        if keys.len() < MIN_FIELDS {
            continue;
        }
        stats.structs += 1;
        let alike = |same: bool| structs.iter().enumerate().any(|(j, (d, other))| j != i && (d.role == def.role) == same && jaccard(keys, other) >= NEAR_DUPLICATE);
        if alike(true) {
            stats.near_duplicates += 1;
        } else if alike(false) {
            stats.cross_role += 1;
        }
        if is_operation_named(&def.name, &operations) {
            stats.operation_named += 1;
        }
    }
    stats
}

/// The structs of `api` that [`type_stats`] counts as near-duplicates or as like a body of the
/// other role, each with the index in `api.types` of the struct most similar to it (of the same
/// role when there is one) and their similarity, for finding out why two types were not merged.
pub fn near_duplicates(api: &Api) -> Vec<(usize, usize, f64)> {
    let structs: Vec<(usize, BTreeSet<&str>)> = api
        .types
        .iter()
        .enumerate()
        .filter(|(_, t)| t.body == TypeBody::Struct)
        .map(|(i, t)| (i, t.fields.iter().map(|f| f.wire_name.as_str()).collect()))
        .collect();
    let mut found = Vec::new();
    for (i, keys) in &structs {
        if keys.len() < MIN_FIELDS {
            continue;
        }
        let role = api.types[*i].role;
        let best = structs
            .iter()
            .filter(|(j, _)| j != i)
            .map(|(j, other)| (*j, jaccard(keys, other)))
            .filter(|b| b.1 >= NEAR_DUPLICATE)
            .max_by(|a, b| (api.types[a.0].role == role).cmp(&(api.types[b.0].role == role)).then(a.1.total_cmp(&b.1)));
        if let Some((j, similarity)) = best.filter(|b| b.1 >= NEAR_DUPLICATE) {
            found.push((*i, j, similarity));
        }
    }
    found
}

/// The indexes in `api.types` of the structs that [`type_stats`] counts as named after an
/// operation, for finding out where the names came from.
pub fn operation_named(api: &Api) -> Vec<usize> {
    let operations: Vec<String> = api.operations.iter().map(|op| pascal_ident(&op.name, "")).filter(|n| !n.is_empty()).collect();
    (0..api.types.len())
        .filter(|&i| {
            let def = &api.types[i];
            def.body == TypeBody::Struct && def.fields.len() >= MIN_FIELDS && is_operation_named(&def.name, &operations)
        })
        .collect()
}

/// The Jaccard similarity of two sets: the size of their intersection over that of their union.
pub fn jaccard<T: Ord>(a: &BTreeSet<T>, b: &BTreeSet<T>) -> f64 {
    let common = a.intersection(b).count();
    let union = a.len() + b.len() - common;
    if union == 0 {
        return 1.0;
    }
    common as f64 / union as f64
}

/// Whether a type name is made from an operation's name or a body's role.
fn is_operation_named(name: &str, operations: &[String]) -> bool {
    let stem = name.trim_end_matches(|c: char| c.is_ascii_digit());
    let stem = stem.strip_suffix("Item").unwrap_or(stem);
    ["Response", "Body", "Variables", "Error"].iter().any(|suffix| stem.ends_with(suffix))
        || operations.iter().any(|op| name.starts_with(op.as_str()) && name.len() > op.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_names_and_suffixes() {
        let ops = vec!["GetUser".to_owned()];
        assert!(is_operation_named("GetUserResponse", &ops));
        assert!(is_operation_named("GetUserOwner", &ops));
        assert!(is_operation_named("ListThingsResponseItem", &ops));
        assert!(is_operation_named("DeleteThingError404", &ops));
        assert!(!is_operation_named("GetUser", &ops));
        assert!(!is_operation_named("Repository", &ops));
    }

    #[test]
    fn jaccard_of_sets() {
        let a: BTreeSet<_> = ["a", "b", "c", "d", "e"].into();
        let b: BTreeSet<_> = ["a", "b", "c", "d"].into();
        assert!((jaccard(&a, &b) - 0.8).abs() < 1e-9);
        assert_eq!(jaccard(&a, &BTreeSet::new()), 0.0);
    }
}
