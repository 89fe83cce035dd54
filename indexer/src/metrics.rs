//! Prometheus metrics and health, served on METRICS_ADDR.
//!
//! The indexer keeps its figures in atomics (the sync loop reads some of them back), and
//! `metrics-exporter-prometheus` writes them out: each [`Metrics`] has its own recorder
//! (built, never installed as the process's global one), so several indexers in one
//! process (as in the tests) each report their own.

use ::metrics::{Key, Label, Level, Metadata, Recorder as _};
use axum::{Router, extract::State, http::StatusCode, response::IntoResponse, routing::get};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusRecorder};
use std::{
    collections::BTreeMap,
    fmt,
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, AtomicU64, Ordering::Relaxed},
    },
};

const METADATA: Metadata<'static> =
    Metadata::new(module_path!(), Level::INFO, Some(module_path!()));

/// The recorder that writes one [`Metrics`] out.
struct Exporter(PrometheusRecorder);

impl Default for Exporter {
    fn default() -> Self {
        Self(PrometheusBuilder::new().build_recorder())
    }
}

impl fmt::Debug for Exporter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PrometheusRecorder")
    }
}

impl Exporter {
    fn gauge(&self, name: &'static str, help: &'static str, value: u64) {
        self.0.describe_gauge(name.into(), None, help.into());
        self.0
            .register_gauge(&Key::from_static_name(name), &METADATA)
            .set(value as f64);
    }

    fn counter(&self, name: &'static str, labels: Vec<Label>, help: &'static str, value: u64) {
        self.0.describe_counter(name.into(), None, help.into());
        self.0
            .register_counter(&Key::from_parts(name, labels), &METADATA)
            .absolute(value);
    }
}

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
    /// Times the indexer, with nothing left to index, started waiting for a new head.
    pub head_waits: AtomicU64,
    /// False while the RPC node or the database is unreachable.
    pub healthy: AtomicBool,
    /// Events projected, by event name.
    pub events: Mutex<BTreeMap<&'static str, u64>>,
    /// Why the indexer is degraded, if it is.
    pub last_error: Mutex<Option<String>>,
    exporter: Exporter,
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
        let e = &self.exporter;
        let indexed = self.indexed_block.load(Relaxed);
        let head = self.head_block.load(Relaxed);
        e.gauge(
            "indexer_indexed_block",
            "Last block in the read model.",
            indexed,
        );
        e.gauge("indexer_head_block", "Chain head as last seen.", head);
        e.gauge(
            "indexer_lag_blocks",
            "Head minus indexed block.",
            head.saturating_sub(indexed),
        );
        e.gauge(
            "indexer_last_batch_micros",
            "Microseconds the last batch took.",
            self.last_batch_micros.load(Relaxed),
        );
        e.gauge(
            "indexer_healthy",
            "1 when the RPC node and the database answer.",
            u64::from(self.healthy.load(Relaxed)),
        );
        for (name, help, value) in [
            ("indexer_batches_total", "Batches committed.", &self.batches),
            (
                "indexer_batch_seconds_sum_micros",
                "Microseconds spent in batches.",
                &self.batch_micros,
            ),
            ("indexer_reorgs_total", "Reorgs handled.", &self.reorgs),
            (
                "indexer_rolled_back_blocks_total",
                "Blocks rolled back by reorgs.",
                &self.rolled_back_blocks,
            ),
            (
                "indexer_skipped_logs_total",
                "Logs that could not be decoded or projected.",
                &self.skipped_logs,
            ),
            (
                "indexer_rpc_errors_total",
                "RPC failures (retried).",
                &self.rpc_errors,
            ),
            (
                "indexer_db_errors_total",
                "Database failures (retried).",
                &self.db_errors,
            ),
            (
                "indexer_prefetch_misses_total",
                "Rows loaded one by one.",
                &self.prefetch_misses,
            ),
            (
                "indexer_head_waits_total",
                "Times the indexer, caught up, waited for a new head.",
                &self.head_waits,
            ),
        ] {
            e.counter(name, Vec::new(), help, value.load(Relaxed));
        }
        for (&event, n) in self.events.lock().expect("metrics lock").iter() {
            let labels = vec![Label::from_static_parts("event", event)];
            e.counter(
                "indexer_events_total",
                labels,
                "Events projected, by event.",
                *n,
            );
        }
        e.0.handle().render()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_every_figure_with_its_type() {
        let m = Metrics::default();
        m.indexed_block.store(90, Relaxed);
        m.head_block.store(100, Relaxed);
        m.skipped_logs.store(6, Relaxed);
        m.events.lock().unwrap().insert("PostCreated", 3);
        let text = m.render();
        for (line, kind) in [
            ("indexer_indexed_block 90", "gauge"),
            ("indexer_head_block 100", "gauge"),
            ("indexer_lag_blocks 10", "gauge"),
            ("indexer_healthy 0", "gauge"),
            ("indexer_skipped_logs_total 6", "counter"),
            ("indexer_batches_total 0", "counter"),
            ("indexer_events_total{event=\"PostCreated\"} 3", "counter"),
        ] {
            assert!(text.contains(&format!("\n{line}\n")), "{line} in {text}");
            let name = line.split(['{', ' ']).next().unwrap();
            assert!(text.contains(&format!("# TYPE {name} {kind}\n")), "{text}");
        }
        // Another instance reports its own figures.
        assert!(
            Metrics::default()
                .render()
                .contains("\nindexer_skipped_logs_total 0\n")
        );
    }
}
