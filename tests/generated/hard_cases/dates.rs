//! Dates and date-times forced by `hard-cases.codegen.toml` decode into chrono values and encode
//! back the exact text they were read from (`Z`, offsets, fractions, a space for the `T`).

use hard_cases_client::types::DateList;
use hard_cases_client::{Date, DateTime};

#[test]
fn dates_decode_into_chrono_values_and_encode_back_byte_for_byte() {
    let json = include_str!("examples/n20_dates_200_1.json");
    let body: DateList = serde_json::from_str(json).expect("decodes");
    let created: chrono::DateTime<chrono::FixedOffset> = body.created_at.to_chrono();
    assert_eq!(created.timestamp(), 1_714_566_600);
    assert_eq!(created.offset().local_minus_utc(), 0);
    let updated = body.updated_at.to_chrono();
    assert_eq!(updated.offset().local_minus_utc(), 2 * 3600);
    assert_eq!(updated.timestamp_subsec_millis(), 250);
    assert_eq!(updated.to_utc(), body.created_at.to_utc() + chrono::TimeDelta::milliseconds(250));
    let birthday: Option<chrono::NaiveDate> = body.birthday.as_ref().map(Date::to_chrono);
    assert_eq!(birthday, chrono::NaiveDate::from_ymd_opt(1990, 2, 28));
    assert_eq!(body.history[0].to_chrono().timestamp_subsec_nanos(), 123_456_789);
    assert_eq!(body.expires_at, None);
    let text = serde_json::to_string(&body).expect("encodes");
    for exact in [
        r#""created_at":"2024-05-01T12:30:00Z""#,
        r#""updated_at":"2024-05-01T14:30:00.250+02:00""#,
        r#""birthday":"1990-02-28""#,
        r#""history":["2023-01-01t00:00:00.123456789-05:30","2016-12-31T23:59:60Z"]"#,
        r#""expires_at":null"#,
    ] {
        assert!(text.contains(exact), "{exact} in {text}");
    }
    let second: DateList = serde_json::from_str(include_str!("examples/n20_dates_200_2.json")).expect("decodes");
    let text = serde_json::to_string(&second).expect("encodes");
    assert!(text.contains(r#""created_at":"2015-04-24T01:46:50+00:00""#) && text.contains(r#""updated_at":"2015-04-24 01:46:50.5Z""#), "{text}");
    assert!(!text.contains("birthday"), "missing stays missing: {text}");
}

#[test]
fn values_built_from_chrono_encode_as_rfc_3339() {
    let mut body = DateList::default();
    assert_eq!(body.created_at.as_str(), "1970-01-01T00:00:00Z", "the default of a plain field");
    body.created_at = DateTime::from(chrono::DateTime::from_timestamp(1_714_566_600, 0).expect("in range"));
    body.birthday = Some(Date::from(chrono::NaiveDate::from_ymd_opt(2024, 2, 29).expect("a leap day")));
    let text = serde_json::to_string(&body).expect("encodes");
    assert!(text.contains(r#""created_at":"2024-05-01T12:30:00Z""#) && text.contains(r#""birthday":"2024-02-29""#), "{text}");
}

#[test]
fn a_malformed_date_is_a_decode_error_and_a_missing_one_the_default() {
    let error = serde_json::from_str::<DateList>(r#"{"created_at": "yesterday"}"#).expect_err("not a date-time").to_string();
    assert!(error.contains(r#"expected an RFC 3339 date-time such as `2024-05-01T12:30:00Z`, got "yesterday""#), "{error}");
    let error = serde_json::from_str::<DateList>(r#"{"birthday": "1990-02-30"}"#).expect_err("no such day").to_string();
    assert!(error.contains(r#"expected a date such as `2024-05-01` (YYYY-MM-DD), got "1990-02-30" (no such day)"#), "{error}");
    let body: DateList = serde_json::from_str(r#"{"created_at": null}"#).expect("null and missing are tolerated");
    assert_eq!((body.created_at.as_str(), body.updated_at.as_str()), ("1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z"));
}
