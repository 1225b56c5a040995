//! Support for postman-codegen's benchmarks: the hand-written serde struct that the generated Zoom
//! `User` type is measured against (`benches/decode.rs` and the `pcg-bench` table).

pub mod alloc_count;
pub mod client;
pub mod handwritten;

/// A JSON array of `n` Zoom users shaped like the collection's saved example (every field present,
/// none `null`), with varied values, for decoding benchmarks.
pub fn zoom_users(n: usize) -> String {
    let example = include_str!("../../generated-client/tests/examples/get_user_200_1.json");
    let Ok(serde_json::Value::Object(user)) = serde_json::from_str::<serde_json::Value>(example) else {
        return "[]".to_owned();
    };
    let users: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            let mut user = user.clone();
            user.insert("id".into(), serde_json::json!(format!("user{i:08}")));
            user.insert("pmi".into(), serde_json::json!(3_000_000_000u64 + i as u64));
            user.insert("email".into(), serde_json::json!(format!("user{i}@example.com")));
            serde_json::Value::Object(user)
        })
        .collect();
    serde_json::Value::Array(users).to_string()
}

/// Decodes `body` as the generated client does: `serde_path_to_error` over `serde_json`.
pub fn decode_like_client<T: serde::de::DeserializeOwned>(body: &[u8]) -> Option<T> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(&mut deserializer).ok()
}
