//! The collection's base URL is `https://{{tenant}}.{{ region }}.example.com`: the builder has a
//! setter for each variable, `build()` names the one not set, and a value cannot change the host.

use hard_cases_client::{Client, Error};

#[test]
fn host_variables_are_builder_settings() {
    assert_eq!(Client::BASE_URL_TEMPLATE, "https://{{tenant}}.{{ region }}.example.com");
    let client = Client::builder().tenant("acme").region("eu").build().expect("both set");
    assert_eq!(client.base_url(), "https://acme.eu.example.com");
    match Client::builder().tenant("acme").build() {
        Err(Error::InvalidRequest(message)) => assert!(message.contains("needs `region`") && message.contains("ClientBuilder::region"), "{message}"),
        other => panic!("region is not set: {other:?}"),
    }
    assert!(matches!(Client::builder().tenant("evil.com/").region("eu").build(), Err(Error::InvalidRequest(_))));
    // The whole base URL still wins.
    let mock = Client::builder().base_url("http://127.0.0.1:8080").build().expect("a base URL");
    assert_eq!(mock.base_url(), "http://127.0.0.1:8080");
}
