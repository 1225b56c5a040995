//! Sending a capture plan ([`postman_codegen::tooling::capture::plan`]) over HTTP with `reqwest`: a few
//! requests at a time, at a bounded rate. Storing the answers is
//! [`postman_codegen::tooling::capture::store`].

use std::sync::Arc;
use std::time::Duration;

use postman_codegen::tooling::capture::{CaptureOptions, Credential, Outcome, Plan, Planned};
use postman_codegen::{Error, Result};

/// Told of each answer as it comes: the request and its outcome.
pub type Progress = Arc<dyn Fn(&Planned, &Outcome) + Send + Sync>;

/// Sends the planned requests, at most `options.concurrency` at once and `options.rate` per second;
/// `progress` is told of each answer as it comes. The outcomes are in plan order.
pub async fn send(plan: &Plan, options: &CaptureOptions, progress: Progress) -> Result<Vec<Outcome>> {
    let client = reqwest::Client::builder()
        .timeout(options.timeout)
        .user_agent(concat!("postman-codegen/", env!("CARGO_PKG_VERSION"), " capture"))
        .build()
        .map_err(|error| Error::Capture { message: format!("cannot build the HTTP client: {error}") })?;
    let permits = Arc::new(tokio::sync::Semaphore::new(options.concurrency.max(1)));
    let interval = options.rate.filter(|r| *r > 0.0).map(|r| Duration::from_secs_f64(1.0 / r));
    let next_slot = Arc::new(tokio::sync::Mutex::new(tokio::time::Instant::now()));
    let mut tasks = tokio::task::JoinSet::new();
    for (index, planned) in plan.requests.iter().enumerate() {
        let (client, permits, next_slot, progress, planned) = (client.clone(), Arc::clone(&permits), Arc::clone(&next_slot), Arc::clone(&progress), planned.clone());
        tasks.spawn(async move {
            let _permit = permits.acquire_owned().await;
            if let Some(interval) = interval {
                let mut slot = next_slot.lock().await;
                let now = tokio::time::Instant::now();
                let at = (*slot).max(now);
                *slot = at + interval;
                drop(slot);
                tokio::time::sleep_until(at).await;
            }
            let outcome = Outcome { index, result: send_one(&client, &planned).await };
            progress(&planned, &outcome);
            outcome
        });
    }
    let mut outcomes = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        if let Ok(outcome) = joined {
            outcomes.push(outcome);
        }
    }
    outcomes.sort_by_key(|o| o.index);
    Ok(outcomes)
}

/// Sends one request.
async fn send_one(client: &reqwest::Client, planned: &Planned) -> std::result::Result<(u16, Option<String>, Vec<u8>), String> {
    let method = reqwest::Method::from_bytes(planned.method.as_bytes()).map_err(|_| format!("`{}` is not an HTTP method", planned.method.escape_debug()))?;
    let mut query = planned.query.clone();
    if let Credential::Query(name, value) = &planned.credential {
        query.push((name.clone(), value.clone()));
    }
    let mut url = reqwest::Url::parse(&planned.url).map_err(|error| format!("bad URL: {error}"))?;
    if !query.is_empty() {
        url.query_pairs_mut().extend_pairs(&query);
    }
    let mut request = client.request(method, url);
    for (name, value) in &planned.headers {
        request = request.header(name.as_str(), value.as_str());
    }
    match &planned.credential {
        Credential::Header(name, value) => request = request.header(name.as_str(), value.as_str()),
        Credential::Basic(user, password) => request = request.basic_auth(user, Some(password)),
        Credential::Query(..) | Credential::None => {}
    }
    if let Some((content_type, body)) = &planned.body {
        request = request.header("Content-Type", content_type.as_str()).body(body.clone());
    }
    let response = request.send().await.map_err(|error| describe(&error))?;
    let status = response.status().as_u16();
    let content_type = response.headers().get(reqwest::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let body = response.bytes().await.map_err(|error| describe(&error))?;
    Ok((status, content_type, body.to_vec()))
}

/// A transport error in a line, without the URL (which may carry a query credential).
fn describe(error: &reqwest::Error) -> String {
    let kind = if error.is_timeout() {
        "timed out"
    } else if error.is_connect() {
        "cannot connect"
    } else if error.is_body() || error.is_decode() {
        "the body could not be read"
    } else {
        "request failed"
    };
    let mut source = std::error::Error::source(error);
    let mut detail = String::new();
    while let Some(cause) = source {
        detail = cause.to_string();
        source = cause.source();
    }
    if detail.is_empty() { kind.to_owned() } else { format!("{kind}: {detail}") }
}

