//! Integers beyond `u64` keep every digit through a decode and an encode.

use hard_cases_client::types::N03BigIntegersResponse;

#[test]
fn big_integers_keep_their_digits() {
    let json = include_str!("examples/n03_big_integers_200_1.json");
    let body: N03BigIntegersResponse = serde_json::from_str(json).expect("decodes");
    assert_eq!(body.c.as_str(), "123456789012345678901234567890");
    assert_eq!(body.d.as_str(), "-99999999999999999999");
    let text = serde_json::to_string(&body).expect("encodes");
    assert!(text.contains(r#""c":123456789012345678901234567890"#), "{text}");
    assert!(text.contains(r#""d":-99999999999999999999"#), "{text}");
    assert!(text.contains(r#""e":[18446744073709551615,-1]"#), "{text}");
}
