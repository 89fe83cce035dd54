//! A JSON-RPC proxy on 127.0.0.1 in front of anvil that, while switched on, answers
//! `eth_getBlockByNumber` for one block with a wrong `parentHash`: a node serving a chain
//! whose headers do not link up, for as long as the test wants.

use alloy::transports::http::reqwest;
use axum::{Router, body::Bytes, extract::State, routing::post};
use serde_json::Value;
use std::{
    net::SocketAddr,
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
};
use tokio::task::JoinHandle;

struct Shared {
    upstream: String,
    block: String,
    on: AtomicBool,
    client: reqwest::Client,
}

/// The proxy; stops when dropped.
pub(crate) struct Tamper {
    /// Where it listens.
    pub(crate) addr: SocketAddr,
    shared: Arc<Shared>,
    task: JoinHandle<()>,
}

impl std::fmt::Debug for Tamper {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tamper").field("addr", &self.addr).finish()
    }
}

async fn forward(
    State(s): State<Arc<Shared>>,
    body: Bytes,
) -> ([(&'static str, &'static str); 1], String) {
    let request: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let answer = match s
        .client
        .post(&s.upstream)
        .header("content-type", "application/json")
        .body(body.to_vec())
        .send()
        .await
    {
        Ok(r) => r.text().await.unwrap_or_default(),
        Err(e) => serde_json::json!({"jsonrpc": "2.0", "id": request["id"], "error": {"code": -32000, "message": e.to_string()}}).to_string(),
    };
    let tampered = s.on.load(Ordering::Relaxed)
        && request["method"] == "eth_getBlockByNumber"
        && request["params"][0] == s.block.as_str();
    let out = if tampered {
        let mut v: Value = serde_json::from_str(&answer).unwrap_or(Value::Null);
        if let Some(block) = v.get_mut("result").and_then(Value::as_object_mut) {
            block.insert(
                "parentHash".into(),
                Value::String(format!("0x{}", "11".repeat(32))),
            );
        }
        v.to_string()
    } else {
        answer
    };
    ([("content-type", "application/json")], out)
}

impl Tamper {
    /// A proxy to `upstream` (an http URL) that breaks block `block`'s parent link.
    pub(crate) async fn start(upstream: String, block: u64) -> Self {
        let shared = Arc::new(Shared {
            upstream,
            block: format!("{block:#x}"),
            on: AtomicBool::new(true),
            client: reqwest::Client::new(),
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("binding the RPC proxy");
        let addr = listener.local_addr().expect("the proxy's address");
        let app = Router::new()
            .route("/", post(forward))
            .with_state(shared.clone());
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self { addr, shared, task }
    }

    /// Stops lying: from now on every answer is anvil's.
    pub(crate) fn heal(&self) {
        self.shared.on.store(false, Ordering::Relaxed);
    }
}

impl Drop for Tamper {
    fn drop(&mut self) {
        self.task.abort();
    }
}
