//! Prometheus metrics and health, served on METRICS_ADDR.

use axum::{Router, extract::State, http::StatusCode, response::IntoResponse, routing::get};
use std::{
    collections::BTreeMap,
    fmt::Write as _,
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, AtomicU64, Ordering::Relaxed},
    },
};

/// What the indexer reports.
#[derive(Debug, Default)]
pub struct Metrics {
    /// The last indexed block.
    pub indexed_block: AtomicU64,
    /// The chain's head as last seen.
    pub head_block: AtomicU64,
    /// Batches committed.
    pub batches: AtomicU64,
    /// Microseconds spent committing batches (sum).
    pub batch_micros: AtomicU64,
    /// Microseconds the last batch took.
    pub last_batch_micros: AtomicU64,
    /// Reorgs handled.
    pub reorgs: AtomicU64,
    /// Blocks rolled back by reorgs.
    pub rolled_back_blocks: AtomicU64,
    /// Logs that could not be decoded or projected.
    pub skipped_logs: AtomicU64,
    /// RPC failures (retried).
    pub rpc_errors: AtomicU64,
    /// Database failures (retried).
    pub db_errors: AtomicU64,
    /// Rows loaded one by one because no prefetch covered them.
    pub prefetch_misses: AtomicU64,
    /// False while the RPC node or the database is unreachable.
    pub healthy: AtomicBool,
    /// Events projected, by event name.
    pub events: Mutex<BTreeMap<&'static str, u64>>,
    /// Why the indexer is degraded, if it is.
    pub last_error: Mutex<Option<String>>,
}

impl Metrics {
    /// Records a healthy step.
    pub fn ok(&self) {
        self.healthy.store(true, Relaxed);
        *self.last_error.lock().expect("metrics lock") = None;
    }

    /// Records a failure the indexer will retry.
    pub fn degraded(&self, why: String) {
        self.healthy.store(false, Relaxed);
        *self.last_error.lock().expect("metrics lock") = Some(why);
    }

    /// The Prometheus text exposition.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let mut gauge = |name: &str, help: &str, kind: &str, v: u64| {
            let _ = writeln!(
                out,
                "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {v}"
            );
        };
        let indexed = self.indexed_block.load(Relaxed);
        let head = self.head_block.load(Relaxed);
        gauge(
            "indexer_indexed_block",
            "Last block in the read model.",
            "gauge",
            indexed,
        );
        gauge(
            "indexer_head_block",
            "Chain head as last seen.",
            "gauge",
            head,
        );
        gauge(
            "indexer_lag_blocks",
            "Head minus indexed block.",
            "gauge",
            head.saturating_sub(indexed),
        );
        gauge(
            "indexer_batches_total",
            "Batches committed.",
            "counter",
            self.batches.load(Relaxed),
        );
        gauge(
            "indexer_batch_seconds_sum_micros",
            "Microseconds spent in batches.",
            "counter",
            self.batch_micros.load(Relaxed),
        );
        gauge(
            "indexer_last_batch_micros",
            "Microseconds the last batch took.",
            "gauge",
            self.last_batch_micros.load(Relaxed),
        );
        gauge(
            "indexer_reorgs_total",
            "Reorgs handled.",
            "counter",
            self.reorgs.load(Relaxed),
        );
        gauge(
            "indexer_rolled_back_blocks_total",
            "Blocks rolled back by reorgs.",
            "counter",
            self.rolled_back_blocks.load(Relaxed),
        );
        gauge(
            "indexer_skipped_logs_total",
            "Logs that could not be decoded or projected.",
            "counter",
            self.skipped_logs.load(Relaxed),
        );
        gauge(
            "indexer_rpc_errors_total",
            "RPC failures (retried).",
            "counter",
            self.rpc_errors.load(Relaxed),
        );
        gauge(
            "indexer_db_errors_total",
            "Database failures (retried).",
            "counter",
            self.db_errors.load(Relaxed),
        );
        gauge(
            "indexer_prefetch_misses_total",
            "Rows loaded one by one.",
            "counter",
            self.prefetch_misses.load(Relaxed),
        );
        gauge(
            "indexer_healthy",
            "1 when the RPC node and the database answer.",
            "gauge",
            u64::from(self.healthy.load(Relaxed)),
        );
        let _ = writeln!(
            out,
            "# HELP indexer_events_total Events projected, by event.\n# TYPE indexer_events_total counter"
        );
        for (name, n) in self.events.lock().expect("metrics lock").iter() {
            let _ = writeln!(out, "indexer_events_total{{event=\"{name}\"}} {n}");
        }
        out
    }
}

async fn metrics(State(m): State<Arc<Metrics>>) -> impl IntoResponse {
    ([("content-type", "text/plain; version=0.0.4")], m.render())
}

async fn healthz(State(m): State<Arc<Metrics>>) -> impl IntoResponse {
    let healthy = m.healthy.load(Relaxed);
    let body = serde_json::json!({
        "status": if healthy { "ok" } else { "degraded" },
        "indexedBlock": m.indexed_block.load(Relaxed),
        "headBlock": m.head_block.load(Relaxed),
        "error": *m.last_error.lock().expect("metrics lock"),
    });
    let code = if healthy {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (code, axum::Json(body))
}

/// The router serving `/metrics` and `/healthz`.
pub fn router(m: Arc<Metrics>) -> Router {
    Router::new()
        .route("/metrics", get(metrics))
        .route("/healthz", get(healthz))
        .with_state(m)
}
