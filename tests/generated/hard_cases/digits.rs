//! Integers beyond `u64` keep every digit through a decode and an encode, in plain fields and inside
//! untagged and tagged enums.

use hard_cases_client::types::BigIntegerList;

#[test]
fn big_integers_keep_their_digits() {
    let json = include_str!("examples/n03_big_integers_200_1.json");
    let body: BigIntegerList = serde_json::from_str(json).expect("decodes");
    assert_eq!(body.c.as_str(), "123456789012345678901234567890");
    assert_eq!(body.d.as_str(), "-99999999999999999999");
    let text = serde_json::to_string(&body).expect("encodes");
    assert!(text.contains(r#""c":123456789012345678901234567890"#), "{text}");
    assert!(text.contains(r#""d":-99999999999999999999"#), "{text}");
    assert!(text.contains(r#""e":[18446744073709551615,-1]"#), "{text}");
}

#[test]
fn big_integers_keep_their_digits_inside_untagged_and_tagged_enums() {
    use hard_cases_client::types::{IdOrName, Mixed, Shape};
    let body: Mixed = serde_json::from_str(include_str!("examples/n15_heterogeneous_values_200_1.json")).expect("decodes");
    assert!(matches!(&body.id_or_name, IdOrName::BigInteger(n) if n.as_str() == "123456789012345678901234567890"), "{:?}", body.id_or_name);
    let text = serde_json::to_string(&body).expect("encodes");
    assert!(text.contains(r#""id_or_name":123456789012345678901234567890"#), "{text}");
    let negative: Mixed = serde_json::from_str(include_str!("examples/n15_heterogeneous_values_200_3.json")).expect("decodes");
    assert!(matches!(&negative.id_or_name, IdOrName::BigInteger(n) if n.as_str() == "-99999999999999999999"), "{:?}", negative.id_or_name);
    let name: Mixed = serde_json::from_str(include_str!("examples/n15_heterogeneous_values_200_2.json")).expect("decodes");
    assert_eq!(name.id_or_name, IdOrName::String("tenant-7".to_owned()));
    let small: IdOrName = serde_json::from_str("5").expect("decodes");
    assert!(matches!(&small, IdOrName::BigInteger(n) if n.to_i128() == Some(5)), "{small:?}");
    assert_eq!(serde_json::from_str::<IdOrName>("true").expect("decodes"), IdOrName::Other(serde_json::json!(true)), "anything else is Other");

    let shapes: Vec<Shape> = serde_json::from_str(include_str!("examples/n16_discriminated_unions_200_1.json")).expect("decodes");
    let Shape::Rect(rect) = &shapes[1] else { panic!("a rect: {:?}", shapes[1]) };
    assert_eq!(rect.serial.as_str(), "123456789012345678901234567890");
    let text = serde_json::to_string(&shapes).expect("encodes");
    assert!(text.contains(r#"{"type":"rect","w":2,"h":3,"serial":123456789012345678901234567890}"#), "{text}");
    // An unknown tag, no tag, a duplicated tag, or not an object: `Other`, as before.
    for other in [r#"{"type": "hexagon", "n": 6}"#, r#"{"r": 1}"#, r#"{"type": "circle", "type": "rect"}"#, "[1]", r#"{"type": 5}"#] {
        let value: Shape = serde_json::from_str(other).expect(other);
        assert!(matches!(value, Shape::Other(_)), "{other}: {value:?}");
    }
}

#[test]
fn enums_decode_from_a_value_too_but_big_integers_need_the_text() {
    use hard_cases_client::types::{IdOrName, Shape};
    // `from_value` works (serde_json writes the `Value` back as text for the enum)...
    let circle: Shape = serde_json::from_value(serde_json::json!({"type": "circle", "r": 1.5})).expect("decodes");
    assert!(matches!(circle, Shape::Circle(ref c) if c.r == 1.5), "{circle:?}");
    assert_eq!(serde_json::from_value::<IdOrName>(serde_json::json!("x")).expect("decodes"), IdOrName::String("x".to_owned()));
    // ...but a `Value` holds a big integer as an f64: the digits are gone, and it is not a `BigInt`.
    let value: serde_json::Value = serde_json::from_str("123456789012345678901234567890").expect("json");
    assert!(matches!(serde_json::from_value::<IdOrName>(value).expect("decodes"), IdOrName::Other(_)));
}

/// With the `extra-traits` feature (this crate's tests run with it), whole responses compare with
/// `==`: structs holding big integers, untagged and tagged enums, and a float inside (`PartialEq`
/// only).
#[test]
fn whole_values_compare_with_the_extra_traits_feature() {
    use hard_cases_client::types::{Mixed, Shape};
    fn assert_eq_trait<T: Eq>() {}
    assert_eq_trait::<BigIntegerList>();
    let json = include_str!("examples/n03_big_integers_200_1.json");
    let first: BigIntegerList = serde_json::from_str(json).expect("decodes");
    let mut second: BigIntegerList = serde_json::from_str(json).expect("decodes");
    assert_eq!(first, second);
    second.d = hard_cases_client::BigInt::from(-1i128);
    assert_ne!(first, second);
    let mixed = include_str!("examples/n15_heterogeneous_values_200_1.json");
    let a: Mixed = serde_json::from_str(mixed).expect("decodes");
    assert_eq!(a, serde_json::from_str(mixed).expect("decodes"));
    let shapes = include_str!("examples/n16_discriminated_unions_200_1.json");
    let a: Vec<Shape> = serde_json::from_str(shapes).expect("decodes");
    let mut b: Vec<Shape> = serde_json::from_str(shapes).expect("decodes");
    assert_eq!(a, b);
    b.pop();
    assert_ne!(a, b);
}
