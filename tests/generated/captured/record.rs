//! The sample recorder of a generated client against `postman-codegen mock` (its address in
//! `CAPTURED_MOCK_URL`): the body of an operation typed as a JSON value is written under
//! `CAPTURED_RECORD_DIR`; a typed one is not.

use captured_client::Client;

#[tokio::test]
async fn untyped_responses_are_recorded_for_the_next_generate() {
    let base_url = std::env::var("CAPTURED_MOCK_URL").expect("CAPTURED_MOCK_URL names the mock server");
    let dir = std::path::PathBuf::from(std::env::var("CAPTURED_RECORD_DIR").expect("CAPTURED_RECORD_DIR names the samples directory"));
    let client = Client::builder().base_url(base_url).bearer_token("tok-RECORDER-5").record_samples(&dir).build().expect("client");
    let order: serde_json::Value = client.get_order("42", "o-1").await.expect("order");
    assert_eq!(order["id"], "o-1");
    let summary = client.order_summary().await.expect("summary");
    assert_eq!(summary.currency, "GBP");
    assert!(dir.join("get_order/200-1.json").is_file(), "the untyped body is recorded");
    assert!(dir.join("get_order/operation.json").is_file());
    assert!(!dir.join("order_summary").exists(), "a typed body that decodes is not recorded");
}
