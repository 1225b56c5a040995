//! A scripted HTTP/1.1 server on 127.0.0.1 for the tests of the generated crate: it answers each
//! connection's one request with the next queued reply and records what it received. Traffic is
//! bounded by the replies a test queues; a request without one gets `500`.

#![allow(dead_code)]

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A reply to send.
#[derive(Debug, Clone)]
pub struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
    delay: Option<std::time::Duration>,
}

impl Reply {
    /// A JSON reply.
    pub fn json(status: u16, body: &str) -> Self {
        Reply { status, headers: vec![("content-type".into(), "application/json".into())], body: body.into(), delay: None }
    }

    /// A reply without a body.
    pub fn empty(status: u16) -> Self {
        Reply { status, headers: Vec::new(), body: String::new(), delay: None }
    }

    /// The same reply, sent after `delay`.
    pub fn delayed(mut self, delay: std::time::Duration) -> Self {
        self.delay = Some(delay);
        self
    }

    /// The same reply with one more header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
}

/// A request as the server saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    /// The method.
    pub method: String,
    /// The request target: path and query.
    pub target: String,
    headers: Vec<(String, String)>,
    /// The body (as much as `content-length` says), as text.
    pub body: String,
}

impl Seen {
    /// The value of a header (names compared without case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// The running server; it stops when the test's runtime does.
#[derive(Debug)]
pub struct Server {
    /// The base URL to give the client (with the collection's `/v1` prefix).
    pub base_url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Server {
    /// Starts serving `replies` in order.
    pub async fn start(replies: Vec<Reply>) -> Server {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1:0");
        let base_url = format!("http://{}/v1", listener.local_addr().expect("address"));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let queue = Arc::new(Mutex::new(VecDeque::from(replies)));
        let server_seen = Arc::clone(&seen);
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let seen = Arc::clone(&server_seen);
                let queue = Arc::clone(&queue);
                tokio::spawn(async move { answer(stream, &seen, &queue).await });
            }
        });
        Server { base_url, seen }
    }

    /// Everything received so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().expect("lock").clone()
    }

    /// The request targets received so far.
    pub fn targets(&self) -> Vec<String> {
        self.seen().into_iter().map(|s| s.target).collect()
    }
}

async fn answer(mut stream: tokio::net::TcpStream, seen: &Mutex<Vec<Seen>>, queue: &Mutex<VecDeque<Reply>>) {
    let mut head = Vec::new();
    let mut buffer = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 64 * 1024 {
        match stream.read(&mut buffer).await {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buffer[..n]),
        }
    }
    let end = head.windows(4).position(|w| w == b"\r\n\r\n").map_or(head.len(), |i| i + 4);
    let text = String::from_utf8_lossy(&head[..end]).into_owned();
    let mut lines = text.split("\r\n");
    let mut request_line = lines.next().unwrap_or_default().split(' ');
    let method = request_line.next().unwrap_or_default().to_owned();
    let target = request_line.next().unwrap_or_default().to_owned();
    let headers: Vec<(String, String)> = lines
        .take_while(|l| !l.is_empty())
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let length = headers.iter().find(|(n, _)| n.eq_ignore_ascii_case("content-length")).and_then(|(_, v)| v.parse::<usize>().ok()).unwrap_or(0);
    let mut body = head.split_off(end);
    while body.len() < length.min(1 << 20) {
        match stream.read(&mut buffer).await {
            Ok(0) | Err(_) => break,
            Ok(n) => body.extend_from_slice(&buffer[..n]),
        }
    }
    let body = String::from_utf8_lossy(&body).into_owned();
    seen.lock().expect("lock").push(Seen { method, target, headers, body });
    let reply = queue.lock().expect("lock").pop_front().unwrap_or_else(|| Reply::json(500, r#"{"message":"no reply queued"}"#));
    if let Some(delay) = reply.delay {
        tokio::time::sleep(delay).await;
    }
    let mut response = format!("HTTP/1.1 {} Reply\r\ncontent-length: {}\r\nconnection: close\r\n", reply.status, reply.body.len());
    for (name, value) in &reply.headers {
        response.push_str(&format!("{name}: {value}\r\n"));
    }
    response.push_str("\r\n");
    response.push_str(&reply.body);
    let _ = stream.write_all(response.as_bytes()).await;
    let _ = stream.shutdown().await;
}
