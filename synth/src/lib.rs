//! Deterministic synthetic inputs for postman-codegen's benchmarks: Postman collections of any size
//! built from the Zoom "Get a user" item, and JSON bodies of any size and shape.
//!
//! Everything comes from a fixed-seed [`Rng`], so the same arguments always give the same bytes.
//! `cargo xtask synth` writes the standard set ([`standard_set`]) into `target/synth/`;
//! [`dimensions`] grows a collection along one dimension at a time.

use serde_json::{json, Map, Value};

pub mod dimensions;

/// The collection whose first item is the template of every synthetic request.
const ZOOM: &str = include_str!("../../tests/collections/zoom-seed.postman_collection.json");

/// The seed of every input.
pub const SEED: u64 = 0x5EED_0000_2024_0006;

/// A small, fast, deterministic generator (SplitMix64).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// A lowercase word of 3 to 10 letters.
    pub fn word(&mut self) -> String {
        let len = 3 + self.below(8);
        (0..len).map(|_| char::from(b'a' + (self.below(26) as u8))).collect()
    }
}

/// The shape of a synthetic collection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CollectionSpec {
    /// How many requests (copies of the Zoom "Get a user" item).
    pub requests: usize,
    /// How many top-level folders the requests are spread over (0: none).
    pub folders: usize,
    /// How many saved `200` examples each request has (each a different variation of the body).
    pub examples: usize,
}

impl CollectionSpec {
    /// `requests` requests in up to 10 folders, 2 success examples each (~8 KB per request, like the
    /// issue's 500-request, 4 MB collection).
    pub fn requests(requests: usize) -> Self {
        CollectionSpec { requests, folders: requests.clamp(1, 10), examples: 2 }
    }
}

/// The Zoom "Get a user" item, the template of every request.
fn template() -> Value {
    let zoom: Value = serde_json::from_str(ZOOM).unwrap_or(Value::Null);
    zoom.pointer("/item/0").cloned().unwrap_or(Value::Null)
}

/// The collection frame around `items`, with the Zoom collection's auth and variables.
fn frame(name: &str, items: Vec<Value>) -> Value {
    let zoom: Value = serde_json::from_str(ZOOM).unwrap_or(Value::Null);
    json!({
        "info": {
            "_postman_id": "00000000-0000-4000-8000-000000000006",
            "name": name,
            "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
        },
        "item": items,
        "auth": zoom.get("auth").cloned().unwrap_or(Value::Null),
        "variable": zoom.get("variable").cloned().unwrap_or(Value::Null),
    })
}

/// Resource names for paths and folders.
const RESOURCES: &[&str] = &[
    "users", "meetings", "webinars", "recordings", "groups", "rooms", "reports", "accounts", "phones", "chats", "contacts",
    "devices", "roles", "archives", "dashboards", "billing", "tracking", "channels", "calendars", "events",
];

/// A synthetic collection: the Zoom "Get a user" item copied `spec.requests` times under other
/// names and paths, each with `spec.examples` varied `200` bodies (fields `null`, missing, numbers
/// beyond `i32`, extra fields, nested arrays), plus Zoom's `400` and `404` examples.
pub fn collection(spec: CollectionSpec) -> Vec<u8> {
    let mut rng = Rng::new(SEED ^ spec.requests as u64);
    let template = template();
    let mut folders: Vec<Vec<Value>> = vec![Vec::new(); spec.folders.max(1)];
    for i in 0..spec.requests {
        let resource = RESOURCES[i % RESOURCES.len()];
        let group = i / RESOURCES.len();
        let mut item = template.clone();
        item["name"] = json!(format!("Get {} {group}", resource.trim_end_matches('s')));
        item["request"]["url"]["raw"] = json!(format!(
            "{{{{baseUrl}}}}/{resource}{group}/:userId?login_type=100&encrypted_email=true&search_by_unique_id=true"
        ));
        item["request"]["url"]["path"] = json!([format!("{resource}{group}"), ":userId"]);
        let mut responses: Vec<Value> = Vec::new();
        let success = template.pointer("/response/0").cloned().unwrap_or(Value::Null);
        for n in 0..spec.examples {
            let mut example = success.clone();
            example["name"] = json!(format!("User object returned ({})", n + 1));
            example["body"] = json!(user(&mut rng, i, n).to_string());
            responses.push(example);
        }
        if let Some(errors) = template.get("response").and_then(Value::as_array) {
            responses.extend(errors.iter().skip(1).cloned());
        }
        item["response"] = Value::Array(responses);
        let slots = folders.len();
        folders[i % slots].push(item);
    }
    let items = if spec.folders == 0 {
        folders.into_iter().flatten().collect()
    } else {
        folders
            .into_iter()
            .enumerate()
            .map(|(f, items)| json!({"name": format!("{} API", capitalize(RESOURCES[f % RESOURCES.len()])), "item": items}))
            .collect()
    };
    to_bytes(&frame(&format!("Synthetic API ({} requests)", spec.requests), items))
}

/// A collection with one request whose one `200` example body is `body`.
pub fn single_body_collection(name: &str, body: &str) -> Vec<u8> {
    let mut item = template();
    item["name"] = json!(name);
    let mut example = item.pointer("/response/0").cloned().unwrap_or(Value::Null);
    example["body"] = json!(body);
    item["response"] = json!([example]);
    to_bytes(&frame(name, vec![item]))
}

/// One variation of the Zoom user body, for request `request`, example `example`.
pub fn user(rng: &mut Rng, request: usize, example: usize) -> Value {
    let mut user = Map::new();
    let u = &mut user;
    put(u, "created_at", json!(format!("2019-{:02}-{:02}T01:10:08Z", 1 + rng.below(12), 1 + rng.below(28))), rng);
    let attributes: Vec<Value> = (0..rng.below(4))
        .map(|_| json!({"key": rng.word(), "name": rng.word(), "value": rng.word()}))
        .collect();
    put(u, "custom_attributes", Value::Array(attributes), rng);
    put(u, "id", json!(format!("z8{}Cfp8uQ", rng.word())), rng);
    put(u, "first_name", json!(capitalize(&rng.word())), rng);
    put(u, "last_name", json!(capitalize(&rng.word())), rng);
    put(u, "email", json!(format!("{}@example.com", rng.word())), rng);
    put(u, "type", json!(1 + rng.below(3)), rng);
    put(u, "role_name", json!("Owner"), rng);
    // Beyond i32, sometimes beyond i64's half: the inference must pick i64/u64.
    put(u, "pmi", json!(3_000_000_000u64 + rng.below(1 << 40)), rng);
    put(u, "use_pmi", json!(rng.chance(50)), rng);
    put(u, "personal_meeting_url", json!(format!("https://zoom.us/j/{}", rng.next_u64())), rng);
    put(u, "timezone", json!("America/Los_Angeles"), rng);
    put(u, "verified", json!(rng.below(2)), rng);
    put(u, "dept", json!(rng.word()), rng);
    put(u, "last_login_time", json!("2019-09-13T21:08:52Z"), rng);
    put(u, "last_client_version", json!("4.4.55383.0716(android)"), rng);
    put(u, "pic_url", json!(format!("https://lh4.googleusercontent.com/{}-photo.jpg", rng.word())), rng);
    put(u, "host_key", json!(format!("{:04}", rng.below(10_000))), rng);
    put(u, "jid", json!(format!("{}@xmpp.zoom.us", rng.word())), rng);
    put(u, "group_ids", json!([]), rng);
    let groups: Vec<Value> = (0..rng.below(3)).map(|_| json!(rng.word())).collect();
    put(u, "im_group_ids", Value::Array(groups), rng);
    put(u, "account_id", json!(rng.word()), rng);
    put(u, "language", json!("en-US"), rng);
    put(u, "phone_country", json!("USA"), rng);
    put(u, "phone_number", json!(format!("1555{:04}", rng.below(10_000))), rng);
    put(u, "status", json!("active"), rng);
    put(u, "role_id", json!(rng.word()), rng);
    put(u, "employee_unique_id", json!(rng.word()), rng);
    put(u, "account_number", json!(rng.next_u64() >> 1), rng);
    put(u, "manager", json!(format!("{}@example.com", rng.word())), rng);
    // Fields only some requests have, so the requests' types differ as real APIs' do.
    for k in 0..(request % 7) {
        let value = match (request + k) % 4 {
            0 => json!(rng.word()),
            1 => json!(rng.below(1000)),
            2 => json!({"enabled": rng.chance(50), "level": rng.below(5), "label": rng.word()}),
            _ => json!([{"id": rng.below(100), "name": rng.word()}]),
        };
        put(u, &format!("extra_{}_{k}", request % 13), value, rng);
    }
    if example == 0 && request % 5 == 0 {
        put(u, "settings", json!({"feature": {"meeting_capacity": 300, "large_meeting": rng.chance(50)}, "in_meeting": {"chat": true}}), rng);
    }
    Value::Object(user)
}

/// Sets `key` to `value`, except that some fields are missing (→ `Option`) and some `null`.
fn put(user: &mut Map<String, Value>, key: &str, value: Value, rng: &mut Rng) {
    match rng.below(100) {
        0..=5 => {}
        6..=10 => {
            user.insert(key.to_owned(), Value::Null);
        }
        _ => {
            user.insert(key.to_owned(), value);
        }
    }
}

/// A JSON array of Zoom users of about `bytes` bytes (at least one user).
pub fn users_array(bytes: usize) -> String {
    let mut rng = Rng::new(SEED ^ bytes as u64);
    let mut out = String::with_capacity(bytes + 2048);
    out.push('[');
    let mut i = 0;
    while out.len() < bytes || i == 0 {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&user(&mut rng, i % 3, i).to_string());
        i += 1;
    }
    out.push(']');
    out
}

/// An object nested `depth` levels deep (`{"level": {"level": … {"leaf": 1}}}`), each level with a
/// few scalar fields.
pub fn deep_body(depth: usize) -> String {
    let mut value = json!({"leaf": 1, "name": "bottom"});
    for level in (0..depth).rev() {
        value = json!({"depth": level, "tag": format!("t{level}"), "child": value});
    }
    value.to_string()
}

/// An object with `width` distinct keys of mixed scalar types.
pub fn wide_body(width: usize) -> String {
    let mut rng = Rng::new(SEED ^ width as u64);
    let mut map = Map::new();
    for k in 0..width {
        let value = match k % 4 {
            0 => json!(rng.word()),
            1 => json!(rng.below(1 << 40)),
            2 => json!(rng.chance(50)),
            _ => json!(f64::from(rng.below(1000) as u32) / 8.0),
        };
        map.insert(format!("field_{k:06}"), value);
    }
    Value::Object(map).to_string()
}

/// One standard input: a file name and how to make it.
#[derive(Debug, Clone, Copy)]
pub struct Input {
    /// The file name under the output directory.
    pub file: &'static str,
    /// What it holds.
    pub kind: InputKind,
}

/// What a standard input holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// A collection of N requests ([`CollectionSpec::requests`]).
    Requests(usize),
    /// One request whose example body is a users array of about N bytes.
    Body(usize),
    /// One request whose example body is nested N levels deep.
    Deep(usize),
    /// One request whose example body has N keys.
    Wide(usize),
    /// A bare JSON array of users of about N bytes (not a collection: input for type generators).
    UsersArray(usize),
}

impl Input {
    /// The bytes of this input.
    pub fn bytes(&self) -> Vec<u8> {
        match self.kind {
            InputKind::Requests(n) => collection(CollectionSpec::requests(n)),
            InputKind::Body(n) => single_body_collection("Synthetic body", &users_array(n)),
            InputKind::Deep(n) => single_body_collection("Synthetic deep body", &deep_body(n)),
            InputKind::Wide(n) => single_body_collection("Synthetic wide body", &wide_body(n)),
            InputKind::UsersArray(n) => users_array(n).into_bytes(),
        }
    }

    /// Is it a collection (rather than a bare JSON body)?
    pub fn is_collection(&self) -> bool {
        !matches!(self.kind, InputKind::UsersArray(_))
    }
}

const KB: usize = 1 << 10;
const MB: usize = 1 << 20;

/// The standard set: collections of 10 to 10,000 requests (100,000 with `large`), bodies of 1 KB
/// to 100 MB, a deep and a wide body, and a 5 MB users array.
pub fn standard_set(large: bool) -> Vec<Input> {
    let mut set = vec![
        Input { file: "requests-10.postman_collection.json", kind: InputKind::Requests(10) },
        Input { file: "requests-100.postman_collection.json", kind: InputKind::Requests(100) },
        Input { file: "requests-500.postman_collection.json", kind: InputKind::Requests(500) },
        Input { file: "requests-1000.postman_collection.json", kind: InputKind::Requests(1000) },
        Input { file: "requests-10000.postman_collection.json", kind: InputKind::Requests(10_000) },
        Input { file: "body-1k.postman_collection.json", kind: InputKind::Body(KB) },
        Input { file: "body-100k.postman_collection.json", kind: InputKind::Body(100 * KB) },
        Input { file: "body-1m.postman_collection.json", kind: InputKind::Body(MB) },
        Input { file: "body-10m.postman_collection.json", kind: InputKind::Body(10 * MB) },
        Input { file: "body-100m.postman_collection.json", kind: InputKind::Body(100 * MB) },
        Input { file: "deep-120.postman_collection.json", kind: InputKind::Deep(120) },
        Input { file: "wide-10000.postman_collection.json", kind: InputKind::Wide(10_000) },
        Input { file: "users-5m.json", kind: InputKind::UsersArray(5 * MB) },
    ];
    if large {
        set.push(Input { file: "requests-100000.postman_collection.json", kind: InputKind::Requests(100_000) });
    }
    set
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
}

fn to_bytes(value: &Value) -> Vec<u8> {
    serde_json::to_vec_pretty(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_sized() {
        let a = collection(CollectionSpec::requests(20));
        assert_eq!(a, collection(CollectionSpec::requests(20)));
        let value: Value = serde_json::from_slice(&a).expect("json");
        let folders = value["item"].as_array().expect("items");
        assert_eq!(folders.len(), 10);
        assert_eq!(folders.iter().map(|f| f["item"].as_array().map_or(0, Vec::len)).sum::<usize>(), 20);
        let body = users_array(100_000);
        assert!(body.len() >= 100_000 && body.len() < 102_000);
        assert!(serde_json::from_str::<Value>(&body).expect("array").as_array().is_some_and(|a| a.len() > 10));
        assert!(serde_json::from_str::<Value>(&deep_body(120)).is_ok());
        assert_eq!(serde_json::from_str::<Value>(&wide_body(50)).expect("object").as_object().map(Map::len), Some(50));
    }
}
