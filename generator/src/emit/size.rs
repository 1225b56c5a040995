//! An estimate of how many bytes a generated type takes, and the rule that boxes the variants of an
//! enum that would make every value of it large.
//!
//! An enum is as large as its largest variant: a `201 Created` body of 700 bytes beside a `202
//! Accepted` of 24 makes every value 700 bytes, and clippy's `large_enum_variant` says so. The
//! emitter boxes such payloads itself, from this estimate, so the crate passes clippy without an
//! `#[allow]` and values stay small.

use crate::ir::{Presence, TypeBody, TypeDef, TypeRef};

/// A payload past this many bytes, and that many bytes past the smallest variant, is boxed.
pub(super) const BOX_ABOVE: usize = 128;

/// The estimated size in bytes of a value of `ty` (its named types in `types`) on a 64-bit target: on the large side (every
/// field rounded up to 8 bytes, an `Option` 8 bytes more than its value), so a variant boxed by
/// [`boxed_variants`] is never one clippy would find small.
pub(super) fn estimated_size(types: &[TypeDef], ty: &TypeRef) -> usize {
    size_of(types, ty, &mut Vec::new())
}

fn size_of(types: &[TypeDef], ty: &TypeRef, open: &mut Vec<usize>) -> usize {
    match ty {
        TypeRef::Bool | TypeRef::I64 | TypeRef::U64 | TypeRef::F64 => 8,
        TypeRef::String | TypeRef::BigInt | TypeRef::Vec(_) | TypeRef::Map(_) => 24,
        // A `chrono` value and the text it was read from.
        TypeRef::DateTime => 40,
        TypeRef::Date => 32,
        TypeRef::Value => 32,
        TypeRef::Boxed(_) => 8,
        TypeRef::Nullable(inner) => size_of(types, inner, open) + 8,
        TypeRef::Named(index) => {
            // A type that holds itself does so through a `Box`; this guards against any other loop.
            if open.contains(index) {
                return 8;
            }
            let Some(def) = types.get(*index) else { return 8 };
            open.push(*index);
            let size = match &def.body {
                TypeBody::Struct => def
                    .fields
                    .iter()
                    .map(|field| {
                        let options = match field.presence {
                            Presence::Always => 0,
                            Presence::Optional | Presence::Nullable => 1,
                            Presence::OptionalNullable => 2,
                        };
                        size_of(types, &field.ty, open).next_multiple_of(8) + 8 * options
                    })
                    .sum(),
                // The values listed, or `Other(String)`.
                TypeBody::StringEnum(_) => 24,
                TypeBody::Untagged(variants) => {
                    8 + variants.iter().map(|v| size_of(types, &v.ty, open)).chain([32]).max().unwrap_or(0)
                }
                TypeBody::Tagged { variants, .. } => {
                    8 + variants.iter().map(|v| size_of(types, &v.ty, open)).chain([32]).max().unwrap_or(0)
                }
            };
            open.pop();
            size
        }
    }
}

/// Which variants of an enum whose payloads take `sizes` bytes are boxed: while some payload is past
/// [`BOX_ABOVE`] bytes and that much larger than the smallest variant (a boxed one counting as the 8
/// bytes of its pointer), it is boxed. Afterwards no two variants differ by more than about
/// [`BOX_ABOVE`] bytes, well within clippy's `large_enum_variant` threshold of 200.
pub(super) fn boxed_variants(sizes: &[usize]) -> Vec<bool> {
    let mut boxed = vec![false; sizes.len()];
    loop {
        let current = |i: usize| if boxed[i] { 8 } else { sizes[i] };
        let Some(smallest) = (0..sizes.len()).map(current).min() else { return boxed };
        let next = (0..sizes.len()).find(|&i| !boxed[i] && sizes[i] > BOX_ABOVE && sizes[i] - smallest > BOX_ABOVE);
        match next {
            Some(i) => boxed[i] = true,
            None => return boxed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{boxed_variants, estimated_size};
    use crate::ir::{Field, Presence, Role, TypeBody, TypeDef, TypeRef};

    fn field(name: &str, ty: TypeRef, presence: Presence) -> Field {
        Field { name: name.into(), wire_name: name.into(), ty, presence, sampled: presence, null_only: false }
    }

    fn struct_def(name: &str, fields: Vec<Field>) -> TypeDef {
        TypeDef {
            name: name.into(),
            role: Role::Response,
            origin_operation: "op".into(),
            origin_status: None,
            origin_pointer: String::new(),
            body: TypeBody::Struct,
            examples: vec![None; fields.len()],
            fields,
        }
    }

    #[test]
    fn sizes_add_up_fields_and_options() {
        let mut types = Vec::new();
        // 24 + 8 + (8 + 8) + (24 + 16) = 88
        types.push(struct_def(
            "Small",
            vec![
                field("name", TypeRef::String, Presence::Always),
                field("id", TypeRef::I64, Presence::Always),
                field("ok", TypeRef::Bool, Presence::Optional),
                field("note", TypeRef::String, Presence::OptionalNullable),
            ],
        ));
        // Thirty strings, a nested `Small`, and a boxed and a listed self.
        let mut fields: Vec<Field> = (0..30).map(|i| field(&format!("f{i}"), TypeRef::String, Presence::Always)).collect();
        fields.push(field("small", TypeRef::Named(0), Presence::Always));
        fields.push(field("parent", TypeRef::Boxed(Box::new(TypeRef::Named(1))), Presence::Optional));
        fields.push(field("children", TypeRef::Vec(Box::new(TypeRef::Named(1))), Presence::Always));
        types.push(struct_def("Large", fields));
        assert_eq!(estimated_size(&types, &TypeRef::Named(0)), 88);
        assert_eq!(estimated_size(&types, &TypeRef::Named(1)), 30 * 24 + 88 + 16 + 24);
        assert_eq!(estimated_size(&types, &TypeRef::Nullable(Box::new(TypeRef::Named(0)))), 96);
        assert_eq!(estimated_size(&types, &TypeRef::Vec(Box::new(TypeRef::Named(1)))), 24);
    }

    #[test]
    fn a_type_that_holds_itself_without_a_box_still_has_a_size() {
        let types = vec![struct_def("Loop", vec![field("next", TypeRef::Named(0), Presence::Always)])];
        assert_eq!(estimated_size(&types, &TypeRef::Named(0)), 8);
    }

    #[test]
    fn only_large_variants_are_boxed() {
        // A 728-byte body beside a 24-byte one: the large one is boxed.
        assert_eq!(boxed_variants(&[728, 24]), [true, false]);
        // Two large bodies of similar size and a unit variant: both are boxed.
        assert_eq!(boxed_variants(&[300, 250, 0]), [true, true, false]);
        // Boxing the largest makes the next one large beside the pointer: it is boxed too.
        assert_eq!(boxed_variants(&[300, 900]), [true, true]);
        // Variants of similar size, or all small: nothing is boxed.
        assert_eq!(boxed_variants(&[700, 650]), [false, false]);
        assert_eq!(boxed_variants(&[128, 0, 24]), [false, false, false]);
        assert_eq!(boxed_variants(&[200, 100]), [false, false]);
        assert_eq!(boxed_variants(&[]), Vec::<bool>::new());
    }
}
