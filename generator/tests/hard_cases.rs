//! The hard cases of type inference, one request each in
//! `tests/collections/hard-cases.postman_collection.json` (then dates, and a field of every kind the
//! runtime's `Slot` fills): a snapshot of the types they become, and
//! the types each should become. `tests/tests/hard_cases.rs` compiles the crate and round-trips
//! every example.

use std::path::Path;

use postman_codegen::{generate_file, Options};

fn types() -> String {
    let collection = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/collections/hard-cases.postman_collection.json");
    let generated = generate_file(&collection, &Options::new("hard-cases-client")).expect("generates");
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
    // The definitions, then their impls (encoding and decoding).
    let file = |name: &str| generated.files.iter().find(|(path, _)| path == name).map(|(_, text)| text.clone()).unwrap_or_else(|| panic!("{name}"));
    format!("{}\n{}", file("src/types.rs"), file("src/types/impls.rs"))
}

/// The struct or enum named `name`, from its doc comment to its closing brace.
fn item<'a>(types: &'a str, name: &str) -> &'a str {
    let start = types.find(&format!(" {name} {{")).unwrap_or_else(|| panic!("no type {name}"));
    let end = types[start..].find("\n}").map_or(types.len(), |i| start + i + 2);
    &types[start..end]
}

#[test]
fn hard_case_types_snapshot() {
    insta::assert_snapshot!("hard_cases_types", types());
}

#[test]
fn hard_cases_get_the_ideal_types() {
    let types = types();
    // 1, 2: any fraction or exponent makes a float.
    let floats = item(&types, "Floats");
    assert!(floats.contains("pub bar: f64") && floats.contains("pub price: f64"), "{floats}");
    let exponents = item(&types, "Exponents");
    assert!(exponents.matches(": f64").count() == 2 && exponents.contains("pub min_price: Value"), "renamed operation, override: {exponents}");
    // 3: i64, u64, then the digits.
    let big = item(&types, "BigIntegerList");
    for field in ["pub a: i64", "pub b: u64", "pub c: crate::BigInt", "pub d: crate::BigInt", "pub e: Vec<crate::BigInt>"] {
        assert!(big.contains(field), "{field} in {big}");
    }
    // 4: id keys make a map.
    assert!(types.contains("pub struct EmotesValue {") && !types.contains("N752514"));
    // 5 (override `type = "map"`): a map of the one value type, not a struct per key.
    assert!(types.contains("pub struct WindowsValue {") && !types.contains("pub struct N1d"), "{types}");
    // 6: no enum is inferred from string values; the override's enum keeps any other value.
    let login = item(&types, "Login");
    assert!(login.contains("pub to_login: ToLogin"), "{login}");
    let to_login = item(&types, "ToLogin");
    assert!(to_login.contains("Sapphicjewl,") && to_login.contains("OtherLogin,") && to_login.contains("Other(String)"), "{to_login}");
    // 7: null-only and empty.
    let empties = item(&types, "EmptyList");
    assert!(empties.contains("pub deleted_at: Option<Value>"), "{empties}");
    assert!(empties.contains("pub labels: Vec<Value>"), "{empties}");
    assert!(empties.contains("pub hints: Value"), "override `type = \"value\"`: {empties}");
    // 8: missing, null and present stay apart.
    let presence = item(&types, "Presence");
    assert!(presence.contains("pub n: Option<Option<i64>>"), "{presence}");
    // 9, 10, 11: renames.
    for (ty, pairs) in [
        ("Reactions", &[(r#""+1""#, "plus_1"), (r#""-1""#, "minus_1"), (r#""fooBar""#, "foo_bar"), (r#""foo_bar""#, "foo_bar_2")][..]),
        ("OddKeys", &[(r#""x\"""#, "x"), (r#""a\\b""#, "a_b"), (r#""""#, "field"), (r#""new\nline""#, "new_line")][..]),
        ("Keywords", &[(r#""self""#, "self_"), (r#""Self""#, "self_2"), (r#""type""#, "type_")][..]),
    ] {
        assert!(item(&types, ty).contains(&format!("pub {}: ", pairs[0].1)), "{ty}");
        for (wire, field) in pairs {
            // The key is written and read by the emitted impls, escaped as a Rust string literal.
            let encode = format!(".entry({wire}, &self.{field})");
            // These fields are numbers and strings: each decodes through a `Slot` of the runtime.
            let decode = |slot: &str| format!("{wire} => Slot::{slot}(&mut self.{field}),");
            let decoded = ["I64", "String", "OptionI64", "OptionString"].iter().any(|slot| types.contains(&decode(slot)));
            assert!(types.contains(&encode) && decoded, "{ty}: {wire} → {field}");
        }
    }
    // 12: no type is named after the prelude.
    for reserved in ["Value", "Option", "Result", "String", "Vec", "Box"] {
        assert!(!types.contains(&format!("pub struct {reserved} ")), "{reserved}");
    }
    // 13: same key, different shapes: two types.
    assert!(types.contains("pub struct Owner {") && types.contains("pub struct OrgOwner {"));
    // 14: recursion.
    assert!(item(&types, "List").contains("pub next: Option<Box<List>>"));
    assert!(item(&types, "Category").contains("pub children_data: Vec<Category>"));
    // 15: mixed values are untagged enums.
    assert!(types.contains("pub struct OwnerSets {"), "renamed type");
    assert!(item(&types, "Scale").contains("pub login: Option<String>"), "override `optional`");
    let mixed = item(&types, "Mixed");
    assert!(mixed.contains("pub items: Vec<Item>") && mixed.contains("pub v: V"), "{mixed}");
    let v = item(&types, "V");
    assert!(v.contains("Integer(i64)") && v.contains("String(String)") && v.contains("Object(VObject)"), "{v}");
    // 16: a discriminator makes a tagged enum.
    let shapes = item(&types, "Shape");
    assert!(shapes.contains("Circle(ShapeCircle)"), "{shapes}");
    assert!(types.contains("#[serde(tag = \"type\")]\npub enum Shape"));
    // A big integer no longer keeps objects from being a tagged enum; a variant may have only its tag.
    assert!(item(&types, "ShapeRect").contains("pub serial: crate::BigInt,"));
    assert!(shapes.contains("Point(ShapePoint)"), "{shapes}");
    // Untagged and tagged enums decode from the JSON text (the digits of a `BigInt` survive).
    assert!(item(&types, "IdOrName").contains("BigInteger(crate::BigInt)"));
    assert!(!types.contains("Deserialize)]\n#[serde(untagged)]") && !types.contains("Deserialize)]\n#[serde(tag"), "no derived Deserialize on enums");
    assert_eq!(types.matches("let raw: Box<RawValue>").count(), types.matches("#[serde(untagged)]\npub enum").count() + types.matches("#[serde(tag = ").count());
    // 18: strings stay strings.
    assert!(item(&types, "Strings").matches(": String,").count() == 3);
    // 20: dates, by overrides.
    let dates = item(&types, "DateList");
    for field in [
        "pub created_at: crate::DateTime,",
        "pub updated_at: crate::DateTime,",
        "pub birthday: Option<crate::Date>,",
        "pub history: Vec<crate::DateTime>,",
        "pub expires_at: Option<crate::DateTime>,",
    ] {
        assert!(dates.contains(field), "{field} in {dates}");
    }
    // 21: a field of every kind, each filled through its own `Slot` (`tests/generated/hard_cases/slots.rs`
    // decodes them).
    let decode = item(&types, "DecodeFields for super::Kinds");
    for (field, slot) in [("s", "String"), ("i", "I64"), ("u", "U64"), ("f", "F64"), ("b", "Bool"), ("v", "Value")] {
        let arm = format!("\"{field}\" => Slot::{slot}(&mut self.{field}),");
        assert!(decode.contains(&arm), "{arm} in {decode}");
        let optional = format!("\"o{field}\" => Slot::Option{slot}(&mut self.o{field}),");
        assert!(decode.contains(&optional), "{optional} in {decode}");
    }
}
