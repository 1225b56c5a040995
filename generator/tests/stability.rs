//! Adding items to a collection must leave every existing public name and signature unchanged.

use std::collections::BTreeSet;
use std::path::Path;

use postman_codegen::{generate, Options, Settings};
use quote::ToTokens;
use serde_json::{json, Value};

fn zoom() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/collections/zoom-seed.postman_collection.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("json")
}

fn options() -> Options {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/collections/zoom-seed.codegen.toml");
    let config = Settings::parse(&path, &std::fs::read_to_string(&path).expect("read")).expect("config");
    Options { crate_name: "zoom-client".into(), settings: config }
}

/// "List users": `GET /users` whose users are a subset of the fields of "Get a user" plus others.
fn list_users() -> Value {
    let body = json!({
        "page_count": 1, "page_number": 1, "page_size": 30, "total_records": 1, "next_page_token": "",
        "users": [{"id": "KDcuGIm1QgePTO8WbOqwIQ", "first_name": "Jill", "email": "jchill@example.com", "type": 1,
                   "status": "active", "custom_attributes": [{"key": "k", "name": "n", "value": "v"}], "pmi": 3542471135u64}]
    });
    json!({
        "name": "List users",
        "request": {
            "method": "GET",
            "header": [],
            "url": {
                "raw": "{{baseUrl}}/users?status=active&page_size=30&next_page_token=",
                "host": ["{{baseUrl}}"],
                "path": ["users"],
                "query": [
                    {"key": "status", "value": "active", "description": "The user's status."},
                    {"key": "page_size", "value": "30"},
                    {"key": "next_page_token", "value": ""},
                    {"key": "user_id", "value": "x", "disabled": true}
                ]
            }
        },
        "response": [{"name": "OK", "code": 200, "status": "OK", "header": [{"key": "Content-Type", "value": "application/json"}], "body": body.to_string()}]
    })
}

/// Every public item of the generated sources, with its full signature.
fn public_surface(files: &[(String, String)]) -> BTreeSet<String> {
    let mut surface = BTreeSet::new();
    for (path, text) in files.iter().filter(|(p, _)| p.starts_with("src/")) {
        let file = syn::parse_file(text).expect("generated code parses");
        let module = path.trim_start_matches("src/").trim_end_matches(".rs");
        for item in &file.items {
            match item {
                syn::Item::Struct(s) if matches!(s.vis, syn::Visibility::Public(_)) => {
                    surface.insert(format!("{module}::struct {}{}", s.ident, s.generics.to_token_stream()));
                    for field in &s.fields {
                        if matches!(field.vis, syn::Visibility::Public(_)) {
                            let name = field.ident.as_ref().map(ToString::to_string).unwrap_or_default();
                            let attrs: Vec<String> = field.attrs.iter().filter(|a| a.path().is_ident("serde")).map(|a| a.to_token_stream().to_string()).collect();
                            surface.insert(format!("{module}::{}.{name}: {} {}", s.ident, field.ty.to_token_stream(), attrs.join(" ")));
                        }
                    }
                }
                syn::Item::Impl(i) => {
                    let target = i.self_ty.to_token_stream().to_string();
                    for item in &i.items {
                        match item {
                            syn::ImplItem::Fn(f) if matches!(f.vis, syn::Visibility::Public(_)) => {
                                surface.insert(format!("{module}::{target}::{}", f.sig.to_token_stream()));
                            }
                            syn::ImplItem::Const(c) if matches!(c.vis, syn::Visibility::Public(_)) => {
                                surface.insert(format!("{module}::{target}::const {} = {}", c.ident, c.expr.to_token_stream()));
                            }
                            _ => {}
                        }
                    }
                }
                syn::Item::Use(u) if matches!(u.vis, syn::Visibility::Public(_)) => {
                    surface.insert(format!("{module}::{}", u.to_token_stream()));
                }
                syn::Item::Mod(m) if matches!(m.vis, syn::Visibility::Public(_)) => {
                    surface.insert(format!("{module}::mod {}", m.ident));
                }
                _ => {}
            }
        }
    }
    surface
}

fn surface_of(collection: &Value) -> BTreeSet<String> {
    let bytes = serde_json::to_vec(collection).expect("json");
    let generated = generate(Path::new("zoom.postman_collection.json"), &bytes, &options()).expect("generates");
    public_surface(&generated.files)
}

#[test]
fn adding_items_keeps_existing_names_and_signatures() {
    let before = surface_of(&zoom());
    assert!(before.iter().any(|s| s.contains("struct User")), "{before:#?}");
    assert!(before.iter().any(|s| s.contains("fn get_user")), "{before:#?}");

    for position in ["first", "last"] {
        let mut collection = zoom();
        let items = collection["item"].as_array_mut().expect("items");
        if position == "first" {
            items.insert(0, list_users());
        } else {
            items.push(list_users());
        }
        let after = surface_of(&collection);
        let lost: Vec<&String> = before.difference(&after).collect();
        assert!(lost.is_empty(), "adding `List users` {position} changed or removed: {lost:#?}");
        assert!(after.iter().any(|s| s.contains("fn list_users")), "the new operation is there");
        assert!(after.len() > before.len());
    }
}

#[test]
fn a_folder_with_the_same_item_name_does_not_rename_the_existing_operation() {
    let before = surface_of(&zoom());
    let mut collection = zoom();
    let mut copy = collection["item"][0].clone();
    copy["request"]["url"]["path"] = json!(["accounts", ":accountId", "users", ":userId"]);
    collection["item"].as_array_mut().expect("items").insert(0, json!({"name": "Sub accounts", "item": [copy]}));
    let after = surface_of(&collection);
    let lost: Vec<&String> = before.difference(&after).collect();
    assert!(lost.is_empty(), "changed or removed: {lost:#?}");
    assert!(after.iter().any(|s| s.contains("fn sub_accounts_get_user")), "{after:#?}");
}

#[test]
fn folder_sub_clients_keep_their_names_when_folders_and_items_are_added() {
    let with_folders = |added: bool| {
        let mut collection = zoom();
        let get_user = collection["item"][0].clone();
        let mut items = vec![json!({"name": "Users", "item": [{"name": "Lookups", "item": [get_user]}]})];
        if added {
            // Another folder before it, a request next to the existing one, a folder with the same
            // name after it, and a new top-level request.
            items.insert(0, json!({"name": "Accounts", "item": [list_users()]}));
            items[1]["item"][0]["item"].as_array_mut().expect("folder").insert(0, list_users());
            items.push(json!({"name": "Users", "item": [{"name": "Lookups", "item": [list_users()]}]}));
            items.push(list_users());
        }
        collection["item"] = Value::Array(items);
        collection
    };
    let before = surface_of(&with_folders(false));
    assert!(before.contains("client::Client::fn users (& self) -> crate :: folders :: Users < '_ >"), "{before:#?}");
    assert!(before.iter().any(|s| s.starts_with("folders::Users < 'a >::fn lookups")), "{before:#?}");
    assert!(before.iter().any(|s| s.starts_with("folders::UsersLookups < 'a >::fn get_user")), "{before:#?}");
    let after = surface_of(&with_folders(true));
    let lost: Vec<&String> = before.difference(&after).collect();
    assert!(lost.is_empty(), "changed or removed: {lost:#?}");
    assert!(after.iter().any(|s| s.starts_with("client::Client::fn accounts")), "{after:#?}");
    assert!(after.iter().any(|s| s.starts_with("client::Client::fn users_2 (& self) -> crate :: folders :: Users2")), "{after:#?}");
}

/// A request whose `response` example is `body`.
fn item_with_body(name: &str, path: &str, body: Value) -> Value {
    json!({
        "name": name,
        "request": {"method": "GET", "url": {"raw": format!("{{{{baseUrl}}}}/{path}"), "host": ["{{baseUrl}}"], "path": [path]}},
        "response": [{"name": "OK", "code": 200, "status": "OK", "header": [{"key": "Content-Type", "value": "application/json"}], "body": body.to_string()}]
    })
}

/// The generated files of `collection`, given the names file of an earlier generation.
fn files_with(collection: &Value, previous: Option<&[(String, String)]>) -> Vec<(String, String)> {
    let mut options = Options::new("names-client");
    if let Some(files) = previous {
        let text = &files.iter().find(|(path, _)| path == postman_codegen::tooling::settings::names_file::FILE).expect("a names file").1;
        options.settings.previous = serde_json::from_str(text).expect("names file");
    }
    let bytes = serde_json::to_vec(collection).expect("json");
    generate(Path::new("names.postman_collection.json"), &bytes, &options).expect("generates").files
}

#[test]
fn the_names_file_keeps_type_names_that_a_new_request_would_take() {
    let repos = item_with_body("List repos", "repos", json!({"repo": {"owner": {"id": 1, "login": "octocat"}}}));
    let before_collection = json!({"info": {"name": "names", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}, "item": [repos]});
    let mut after_collection = before_collection.clone();
    // A new request with another `owner`, shallower: by rank alone it takes the name `Owner`.
    after_collection["item"].as_array_mut().expect("items").push(item_with_body("Get widget", "widget", json!({"owner": {"id": "w1", "kind": 2}})));

    let before = files_with(&before_collection, None);
    assert!(public_surface(&before).contains("types::struct Owner"), "{:#?}", public_surface(&before));
    let from_scratch = public_surface(&files_with(&after_collection, None));
    assert!(from_scratch.contains("types::struct RepoOwner"), "without the names file the older type is renamed: {from_scratch:#?}");

    let after = files_with(&after_collection, Some(&before));
    let surface = public_surface(&after);
    let before_surface = public_surface(&before);
    let lost: Vec<&String> = before_surface.difference(&surface).collect();
    assert!(lost.is_empty(), "with the names file nothing is renamed: {lost:#?}");
    assert!(surface.contains("types::struct WidgetOwner"), "the new type takes the next name: {surface:#?}");
    // Regenerating with its own names file changes nothing.
    assert_eq!(files_with(&after_collection, Some(&after)), after);
}

#[test]
fn a_names_file_cannot_inject_a_name() {
    let repos = item_with_body("List repos", "repos", json!({"repo": {"owner": {"id": 1}}}));
    let collection = json!({"info": {"name": "names", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}, "item": [repos]});
    let clean = files_with(&collection, None);
    let mut options = Options::new("names-client");
    for bad in ["Owner {} fn x() {", "self", "Self", "String", "Vec", "Client", "r#Owner", "", "owner", "ListReposResponse"] {
        options.settings.previous.types = [("list_repos#200/repo/owner".to_owned(), bad.to_owned())].into();
        let bytes = serde_json::to_vec(&collection).expect("json");
        let files = generate(Path::new("names.postman_collection.json"), &bytes, &options).expect("generates").files;
        let surface = public_surface(&files);
        assert!(surface.contains("types::struct Owner") || surface.contains("types::struct RepoOwner"), "{bad:?} is not taken: {surface:#?}");
        assert_eq!(files.iter().filter(|(p, _)| p.starts_with("src/")).count(), clean.iter().filter(|(p, _)| p.starts_with("src/")).count());
    }
}

#[test]
fn the_names_file_keeps_operation_names_when_a_same_named_item_comes_first() {
    let info = json!({"name": "names", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"});
    let users = item_with_body("Get user", "users", json!({"id": 1, "login": "x"}));
    let accounts = item_with_body("Get user", "accounts", json!({"name": "n"}));
    let before_collection = json!({"info": info, "item": [users]});
    let after_collection = json!({"info": info, "item": [accounts, users]});

    let before = files_with(&before_collection, None);
    let before_surface = public_surface(&before);
    assert!(before_surface.iter().any(|s| s.starts_with("client::Client::fn get_user (")), "{before_surface:#?}");
    // The method documented as `GET /users`.
    let users_method = |files: &[(String, String)]| {
        let client = &files.iter().find(|(p, _)| p == "src/client.rs").expect("client").1;
        let at = client.find("`GET /users`").expect("documented");
        let name = &client[at..][client[at..].find("pub fn ").expect("a method") + 7..];
        name[..name.find('(').expect("(")].to_owned()
    };
    assert_eq!(users_method(&files_with(&after_collection, None)), "get_user_2", "by order alone the older item is renamed");

    let after = files_with(&after_collection, Some(&before));
    let surface = public_surface(&after);
    let lost: Vec<&String> = before_surface.difference(&surface).collect();
    assert!(lost.is_empty(), "with the names file nothing is renamed: {lost:#?}");
    assert_eq!(users_method(&after), "get_user", "GET /users keeps its name");
    assert!(surface.iter().any(|s| s.starts_with("client::Client::fn get_user_2 (")), "the new item takes the next name");
    assert_eq!(files_with(&after_collection, Some(&after)), after, "regenerating with its own names file changes nothing");
}

/// The summary of `generate` names the API change: what the names file shows renamed, what was
/// added, and signatures that changed.
#[test]
fn the_summary_lists_renames_additions_and_changed_signatures() {
    use postman_codegen::tooling::change::{ApiChange, Kind};
    let collection = |items: Vec<Value>| json!({"info": {"name": "names", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}, "item": items});
    let repos = |id: Value| item_with_body("List repos", "repos", json!({"repo": {"owner": {"id": id, "login": "octocat"}}}));
    let widget = item_with_body("Get widget", "widget", json!({"owner": {"id": "w1", "kind": 2}}));
    let before = files_with(&collection(vec![repos(json!(1))]), None);

    // Without the names file, the new request's `owner` takes `Owner` and the older one is renamed.
    let renamed = ApiChange::between(&before, &files_with(&collection(vec![repos(json!(1)), widget.clone()]), None));
    assert!(renamed.renamed.contains(&(Kind::Type, "types::Owner".into(), "types::RepoOwner".into())), "{renamed:#?}");
    assert!(renamed.added.iter().any(|(kind, name, _)| *kind == Kind::Method && name == "Client::get_widget"), "{renamed:#?}");
    assert!(renamed.added.iter().any(|(kind, name, _)| *kind == Kind::Type && name == "types::Owner"), "the new `Owner`: {renamed:#?}");
    assert!(renamed.removed.is_empty() && renamed.changed.is_empty(), "{renamed:#?}");
    let text = renamed.render(10);
    assert!(text.contains("renamed (1):\n    type types::Owner → types::RepoOwner\n"), "{text}");
    assert!(text.contains("method Client::get_widget: `fn get_widget(&self) -> GetWidget<'_>`"), "{text}");

    // With it, nothing is renamed: the new type gets another name.
    let kept = ApiChange::between(&before, &files_with(&collection(vec![repos(json!(1)), widget]), Some(&before)));
    assert!(kept.renamed.is_empty() && kept.removed.is_empty() && kept.changed.is_empty(), "{kept:#?}");
    assert!(kept.added.iter().any(|(kind, name, _)| *kind == Kind::Method && name == "Client::get_widget"), "{kept:#?}");

    // An example whose id is now a string changes the field's type.
    let changed = ApiChange::between(&before, &files_with(&collection(vec![repos(json!("a1"))]), Some(&before)));
    assert_eq!(changed.changed, [(Kind::Field, "Owner.id".to_owned(), "id: i64".to_owned(), "id: String".to_owned())], "{changed:#?}");
    assert!(changed.added.is_empty() && changed.removed.is_empty() && changed.renamed.is_empty(), "{changed:#?}");

    // Removing the request removes its method, its builder and its types, each named once.
    let removed = ApiChange::between(&before, &files_with(&collection(vec![item_with_body("Get widget", "widget", json!({"id": 1}))]), Some(&before)));
    let names: Vec<&str> = removed.removed.iter().map(|(_, name, _)| name.as_str()).collect();
    assert!(names.contains(&"Client::list_repos") && names.contains(&"builders::ListRepos") && names.contains(&"types::Owner"), "{names:?}");
    assert!(!names.iter().any(|name| name.starts_with("Owner.") || name.starts_with("ListRepos::")), "members of removed types are not listed: {names:?}");
    assert!(ApiChange::between(&before, &before).is_empty());
}
