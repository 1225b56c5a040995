//! The shapes crate against a scripted server: the boxed variants decode, the parameters struct
//! sends every value where it goes, and four required parameters stay positional.

mod common;

use common::{Reply, Server};
use shapes_client::params::{GetGrant, UpdateSipPhone};
use shapes_client::responses::{CreateDeploymentError, CreateDeploymentResponse};
use shapes_client::types::{Actor, NewDeployment, SipPhoneUpdate};
use shapes_client::Client;

fn client(server: &Server) -> Client {
    Client::builder().base_url(&server.base_url).build().expect("client")
}

#[tokio::test]
async fn large_bodies_are_boxed_and_decode() {
    let created = r#"{"url":"u","id":7,"node_id":"n","sha":"s","ref":"main","task":"deploy","payload":{},"original_environment":"staging","environment":"production","description":"d","creator":{"login":"octocat","id":1,"node_id":"n","avatar_url":"a","gravatar_id":"","url":"u","html_url":"h","followers_url":"f","following_url":"f","gists_url":"g","starred_url":"s","type":"User","site_admin":false},"created_at":"c","updated_at":"u","statuses_url":"s","repository_url":"r","transient_environment":false,"production_environment":true,"performed_via_github_app":null}"#;
    let server = Server::start(vec![
        Reply::json(201, created),
        Reply::json(202, r#"{"message":"merged"}"#),
        Reply::json(409, r#"{"message":"conflict","documentation_url":"d","errors":[],"request_id":"r","failed_contexts":[],"suggested_action":"s","retry_after":"t","ref":"main","sha":"s","environment":"e","owner":"o","repository":"r","actor":"a","permission":"write"}"#),
    ])
    .await;
    let client = client(&server);
    let body = || NewDeployment { ref_: Some("main".into()), ..NewDeployment::default() };
    match client.create_deployment("octo", "hello", body()).await.expect("201") {
        CreateDeploymentResponse::Created(deployment) => assert_eq!((deployment.id, deployment.creator.login.as_str()), (7, "octocat")),
        other => panic!("expected Created, got {other:?}"),
    }
    match client.create_deployment("octo", "hello", body()).await.expect("202") {
        CreateDeploymentResponse::Accepted(merged) => assert_eq!(merged.message, "merged"),
        other => panic!("expected Accepted, got {other:?}"),
    }
    let error = client.create_deployment("octo", "hello", body()).await.expect_err("409");
    match CreateDeploymentError::from_error(&error) {
        Some(CreateDeploymentError::Conflict(conflict)) => assert_eq!(conflict.permission, "write"),
        other => panic!("expected Conflict, got {other:?}"),
    }
    assert_eq!(server.targets()[0], "/v1/repos/octo/hello/deployments");
}

#[tokio::test]
async fn many_required_parameters_are_named_fields() {
    let server = Server::start(vec![Reply::empty(204), Reply::json(200, r#"{"id":"g-1","scope":"repo"}"#), Reply::json(200, r#"{"name":"admin","level":3}"#)]).await;
    let client = client(&server);
    let params = UpdateSipPhone {
        phone_id: "ph 1".into(),
        domain: "sip.example.com".into(),
        user_name: "alice".into(),
        password: "p&ss".into(),
        register_server: "reg.example.com".into(),
        proxy_server: "proxy.example.com".into(),
        registration_expire_time: 60,
        voice_mail: true,
    };
    client.update_sip_phone(params, SipPhoneUpdate { display_name: Some("Front desk".into()) }).transport_protocol("TLS").await.expect("204");
    let grant = client.get_grant(GetGrant { org: "acme".into(), team: "core".into(), member: "alice".into(), role: "admin".into(), grant: "g-1".into() }).await.expect("200");
    assert_eq!(grant.scope, "repo");
    let role = client.get_role("acme", "core", "alice", "admin").await.expect("200");
    assert_eq!(role.level, 3);
    assert_eq!(
        server.targets(),
        [
            "/v1/sip_phones/ph%201?domain=sip.example.com&user_name=alice&password=p%26ss&register_server=reg.example.com&proxy_server=proxy.example.com&registration_expire_time=60&voice_mail=true&transport_protocol=TLS",
            "/v1/orgs/acme/teams/core/members/alice/roles/admin/grants/g-1",
            "/v1/orgs/acme/teams/core/members/alice/roles/admin",
        ]
    );
    assert_eq!(server.seen()[0].method, "PATCH");
    assert_eq!(server.seen()[0].body, r#"{"display_name":"Front desk"}"#);
}

#[tokio::test]
async fn a_boxed_variant_of_an_untagged_enum_decodes_and_encodes() {
    let body = r#"[{"id":"e1","actor":"octocat"},{"id":"e2","actor":{"url":"u","html_url":"h","followers_url":"f","following_url":"f","gists_url":"g","starred_url":"s","subscriptions_url":"s","organizations_url":"o","repos_url":"r","events_url":"e","login":"hubot","id":2}}]"#;
    let server = Server::start(vec![Reply::json(200, body)]).await;
    let events = client(&server).list_events().await.expect("200");
    assert!(matches!(&events[0].actor, Actor::String(login) if login == "octocat"), "{events:?}");
    match &events[1].actor {
        Actor::Object(user) => assert_eq!((user.login.as_str(), user.id), ("hubot", 2)),
        other => panic!("expected an object, got {other:?}"),
    }
    let again: serde_json::Value = serde_json::from_str(&serde_json::to_string(&events).expect("encodes")).expect("json");
    assert_eq!(again, serde_json::from_str::<serde_json::Value>(body).expect("json"));
}
