//! What the generated client costs over hand-written code: the same `GET /users/me` requests to a
//! local server (the mock serving the Zoom collection, in process, on its own threads), sent and
//! decoded by the generated `zoom-client` (with a retry policy, a hook, a token provider and
//! decoding that reports paths) and by `reqwest` + `serde_json` into a hand-written struct.
//!
//! Both run one request after the other on a single-threaded runtime on the calling thread, over
//! one kept-alive connection; their rounds alternate, and the table shows the median round of each.
//! Allocations are counted on the calling thread only (see [`crate::alloc_count`]), so the
//! server's do not count.

use std::path::Path;
use std::time::{Duration, Instant};

use postman_codegen::tooling::Diagnostics;
use postman_codegen_mock::{MockApi, MockOptions, MockServer};

use crate::handwritten;

/// A token provider that always has the token: what a cached OAuth token costs per request.
#[derive(Debug)]
struct Cached(zoom_client::Secret);

impl zoom_client::TokenProvider for Cached {
    fn token<'a>(&'a self, _refused: Option<&'a zoom_client::Secret>) -> zoom_client::TokenFuture<'a> {
        let token = self.0.clone();
        Box::pin(async move { Ok(token) })
    }
}

/// One round's result: requests per second and allocations per request.
#[derive(Debug, Clone, Copy)]
struct Round {
    per_second: f64,
    allocations: f64,
}

/// Runs the comparison and prints its table. `requests` per round, `rounds` rounds of each.
pub fn client_overhead(root: &Path, requests: usize, rounds: usize) -> Result<(), Box<dyn std::error::Error>> {
    let collection = root.join("collections/zoom.postman_collection.json");
    let server_runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build()?;
    let server = server_runtime.block_on(async {
        let api = MockApi::load(&collection, &mut Diagnostics::default())?;
        MockServer::start(api, "127.0.0.1:0", MockOptions::default()).await
    })?;
    let base_url = server.base_url();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;

    let generated = zoom_client::Client::builder()
        .base_url(&base_url)
        .token_provider(Cached(zoom_client::Secret::new("t0ken")))
        .retry(zoom_client::RetryPolicy::default())
        .on_request(|_, _| Ok(()))
        .build()?;
    let plain = zoom_client::Client::builder().base_url(&base_url).bearer_token("t0ken").build()?;
    // Configured as a production client would be, and as the generated one is by default: a
    // request timeout, a connect timeout and a user agent.
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .connect_timeout(Duration::from_secs(10))
        .user_agent("zoom-client/0.1.0")
        .build()?;

    let generated_round = || -> Result<Round, Box<dyn std::error::Error>> {
        runtime.block_on(async {
            measure(requests, || async {
                let user = generated.get_user("me").await?;
                Ok(user.id.len())
            })
            .await
        })
    };
    let plain_round = || -> Result<Round, Box<dyn std::error::Error>> {
        runtime.block_on(async {
            measure(requests, || async {
                let user = plain.get_user("me").await?;
                Ok(user.id.len())
            })
            .await
        })
    };
    let handwritten_round = || -> Result<Round, Box<dyn std::error::Error>> {
        runtime.block_on(async {
            measure(requests, || async {
                let user_id = std::hint::black_box("me");
                let response = http.get(format!("{base_url}/users/{user_id}")).bearer_auth("t0ken").send().await?.error_for_status()?;
                let bytes = response.bytes().await?;
                let user: handwritten::User = serde_json::from_slice(&bytes)?;
                Ok(user.id.len())
            })
            .await
        })
    };
    // Warm up both (connections, caches), then alternate.
    generated_round()?;
    plain_round()?;
    handwritten_round()?;
    let (mut ours, mut bare, mut theirs) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..rounds {
        ours.push(generated_round()?);
        bare.push(plain_round()?);
        theirs.push(handwritten_round()?);
    }
    let (ours, bare, theirs) = (median(&ours), median(&bare), median(&theirs));
    println!("## The generated client against hand-written code\n");
    println!(
        "`GET /users/me` to the mock on 127.0.0.1, {requests} requests per round, median of {rounds} alternating rounds, one request at a time on one thread. Generated: `zoom-client` with a retry policy, a hook and a token provider, decoding with paths. Hand-written: `reqwest` (with the generated client's default timeouts and a user agent) + `serde_json::from_slice` into a plain `#[derive(Deserialize)]` struct.\n"
    );
    println!("| client | requests/s | allocations/request |");
    println!("|---|--:|--:|");
    println!("| generated | {:.0} | {:.1} |", ours.per_second, ours.allocations);
    println!("| generated, a fixed bearer token, no retry policy or hook | {:.0} | {:.1} |", bare.per_second, bare.allocations);
    println!("| hand-written | {:.0} | {:.1} |", theirs.per_second, theirs.allocations);
    println!(
        "| **generated ÷ hand-written** | **{:.3}** | **{:.3}** |",
        ours.per_second / theirs.per_second,
        ours.allocations / theirs.allocations
    );
    println!(
        "| **generated without retry, hook, provider ÷ hand-written** | **{:.3}** | **{:.3}** |\n",
        bare.per_second / theirs.per_second,
        bare.allocations / theirs.allocations
    );
    drop(server);
    Ok(())
}

/// Sends `requests` requests with `send`, one after the other.
async fn measure<F, Fut>(requests: usize, send: F) -> Result<Round, Box<dyn std::error::Error>>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Result<usize, Box<dyn std::error::Error>>>,
{
    let before = crate::alloc_count::current();
    let started = Instant::now();
    let mut sink = 0;
    for _ in 0..requests {
        sink += send().await?;
    }
    let elapsed = started.elapsed().max(Duration::from_nanos(1));
    let allocations = crate::alloc_count::current() - before;
    std::hint::black_box(sink);
    Ok(Round { per_second: requests as f64 / elapsed.as_secs_f64(), allocations: allocations as f64 / requests as f64 })
}

/// The round with the median throughput.
fn median(rounds: &[Round]) -> Round {
    let mut sorted = rounds.to_vec();
    sorted.sort_by(|a, b| a.per_second.total_cmp(&b.per_second));
    sorted[sorted.len() / 2]
}
