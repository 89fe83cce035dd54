//! Prometheus metrics of the API (`GET /metrics`): handles of the `metrics` crate, kept and
//! written out in the text exposition format by `metrics-exporter-prometheus`.
//!
//! The recorder is this module's own (built, never installed as the process's global
//! recorder), so the metrics do not depend on which server of a process started first,
//! and an indexer or a test harness in the same process keeps its own. Every metric is
//! registered on the first render even if nothing touched it yet, so `/metrics` always
//! names all of them.

use std::{
    fmt,
    sync::{LazyLock, OnceLock},
    time::Duration,
};

use ::metrics::{Key, Level, Metadata, Recorder as _};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusRecorder};

/// Latency buckets, in seconds.
const BUCKETS: [f64; 10] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 5.0];

const LATENCY_NAME: &str = "api_graphql_request_seconds";

const METADATA: Metadata<'static> =
    Metadata::new(module_path!(), Level::INFO, Some(module_path!()));

static RECORDER: LazyLock<PrometheusRecorder> = LazyLock::new(|| {
    PrometheusBuilder::new()
        .set_buckets_for_metric(Matcher::Full(LATENCY_NAME.into()), &BUCKETS)
        .expect("the latency buckets are not empty")
        .build_recorder()
});

/// A metric's name and help, and its handle once registered with the recorder.
struct Registered<H> {
    name: &'static str,
    help: &'static str,
    handle: OnceLock<H>,
}

impl<H> Registered<H> {
    const fn new(name: &'static str, help: &'static str) -> Self {
        Self {
            name,
            help,
            handle: OnceLock::new(),
        }
    }
}

impl<H> fmt::Debug for Registered<H> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

/// A monotonically increasing counter.
#[derive(Debug)]
pub struct Counter(Registered<::metrics::Counter>);

impl Counter {
    const fn new(name: &'static str, help: &'static str) -> Self {
        Self(Registered::new(name, help))
    }

    fn handle(&self) -> &::metrics::Counter {
        let r = &self.0;
        r.handle.get_or_init(|| {
            RECORDER.describe_counter(r.name.into(), None, r.help.into());
            RECORDER.register_counter(&Key::from_static_name(r.name), &METADATA)
        })
    }

    /// Adds one.
    pub fn inc(&self) {
        self.handle().increment(1);
    }
}

/// A gauge that goes up and down.
#[derive(Debug)]
pub struct Gauge(Registered<::metrics::Gauge>);

impl Gauge {
    const fn new(name: &'static str, help: &'static str) -> Self {
        Self(Registered::new(name, help))
    }

    fn handle(&self) -> &::metrics::Gauge {
        let r = &self.0;
        r.handle.get_or_init(|| {
            RECORDER.describe_gauge(r.name.into(), None, r.help.into());
            RECORDER.register_gauge(&Key::from_static_name(r.name), &METADATA)
        })
    }

    /// Adds one.
    pub fn inc(&self) {
        self.handle().increment(1.0);
    }

    /// Takes one.
    pub fn dec(&self) {
        self.handle().decrement(1.0);
    }

    /// Sets the value.
    pub fn set(&self, v: f64) {
        self.handle().set(v);
    }
}

/// A latency histogram (seconds, in [`BUCKETS`]).
#[derive(Debug)]
pub struct Histogram(Registered<::metrics::Histogram>);

impl Histogram {
    const fn new(name: &'static str, help: &'static str) -> Self {
        Self(Registered::new(name, help))
    }

    fn handle(&self) -> &::metrics::Histogram {
        let r = &self.0;
        r.handle.get_or_init(|| {
            RECORDER.describe_histogram(r.name.into(), None, r.help.into());
            RECORDER.register_histogram(&Key::from_static_name(r.name), &METADATA)
        })
    }

    /// Records one observation.
    pub fn observe(&self, d: Duration) {
        self.handle().record(d.as_secs_f64());
    }
}

/// GraphQL requests answered.
pub static REQUESTS: Counter =
    Counter::new("api_graphql_requests_total", "GraphQL requests answered.");
/// GraphQL requests answered from the response cache.
pub static CACHE_HITS: Counter = Counter::new(
    "api_graphql_cache_hits_total",
    "GraphQL requests answered from the response cache.",
);
/// Answers kept in the response cache.
pub static CACHE_STORES: Counter = Counter::new(
    "api_graphql_cache_stores_total",
    "Answers kept in the response cache.",
);
/// GraphQL requests answered with at least one error.
pub static REQUEST_ERRORS: Counter = Counter::new(
    "api_graphql_request_errors_total",
    "GraphQL requests answered with errors.",
);
/// `POST /graphql` requests refused before execution (media type, size, time, JSON).
pub static REQUESTS_REFUSED: Counter = Counter::new(
    "api_requests_refused_total",
    "POST /graphql requests refused before execution (media type, size, time, JSON).",
);
/// Database operations that found no free connection in time.
pub static POOL_TIMEOUTS: Counter = Counter::new(
    "api_db_pool_timeouts_total",
    "Database operations that found no free connection in time.",
);
/// Attempts refused by a rate limit.
pub static RATE_LIMITED: Counter = Counter::new(
    "api_rate_limited_total",
    "Attempts refused by a rate limit.",
);
/// Notification mails delivered from the outbox.
pub static MAIL_SENT: Counter = Counter::new(
    "api_mail_sent_total",
    "Notification mails delivered from the outbox.",
);
/// Open GraphQL WebSocket connections.
pub static WS_CONNECTIONS: Gauge =
    Gauge::new("api_ws_connections", "Open GraphQL WebSocket connections.");
/// Sponsored requests the relayer accepted.
pub static RELAY_ACCEPTED: Counter = Counter::new(
    "api_relayer_requests_total",
    "Sponsored requests the relayer accepted.",
);
/// Sponsored transactions sent (first sends, not replacements).
pub static RELAY_SENT: Counter = Counter::new(
    "api_relayer_sent_total",
    "Sponsored transactions sent (first sends).",
);
/// Replacements of sponsored transactions that were not mined in time.
pub static RELAY_REPLACED: Counter = Counter::new(
    "api_relayer_replaced_total",
    "Sponsored transactions replaced with higher fees.",
);
/// Sponsored requests mined.
pub static RELAY_MINED: Counter =
    Counter::new("api_relayer_mined_total", "Sponsored requests mined.");
/// Sponsored requests that failed (would revert, reverted, expired).
pub static RELAY_FAILED: Counter = Counter::new(
    "api_relayer_failed_total",
    "Sponsored requests that failed after being accepted.",
);
/// The sponsor account's balance in ETH, as last read.
pub static RELAY_SPONSOR_BALANCE: Gauge = Gauge::new(
    "api_relayer_sponsor_balance_eth",
    "The relayer sponsor's balance in ETH, as last read.",
);
/// 1 when the sponsor's balance is under RELAYER_MIN_BALANCE_WEI.
pub static RELAY_SPONSOR_LOW: Gauge = Gauge::new(
    "api_relayer_sponsor_balance_low",
    "1 when the relayer sponsor's balance is under RELAYER_MIN_BALANCE_WEI.",
);
/// GraphQL request latency.
pub static LATENCY: Histogram = Histogram::new(LATENCY_NAME, "GraphQL request latency.");

/// Folds the observations recorded since the last call into the histograms' buckets.
///
/// The exporter queues every histogram observation until an upkeep (or a render) folds
/// it in, and a recorder that is built rather than installed gets no upkeep task of its
/// own: without [`spawn_upkeep`], an API nobody scrapes would keep eight bytes per
/// request, forever.
pub fn upkeep() {
    RECORDER.handle().run_upkeep();
}

/// Runs [`upkeep`] every `every` on the current tokio runtime (`serve` starts it).
pub fn spawn_upkeep(every: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            upkeep();
        }
    })
}

/// The Prometheus text exposition.
pub fn render() -> String {
    for counter in [
        &REQUESTS,
        &REQUEST_ERRORS,
        &REQUESTS_REFUSED,
        &POOL_TIMEOUTS,
        &RATE_LIMITED,
    ] {
        counter.handle();
    }
    WS_CONNECTIONS.handle();
    LATENCY.handle();
    RECORDER.handle().render()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_metric_is_rendered_with_its_type_and_help() {
        REQUEST_ERRORS.inc();
        LATENCY.observe(Duration::from_millis(3));
        let text = render();
        for (name, kind) in [
            ("api_graphql_requests_total", "counter"),
            ("api_graphql_request_errors_total", "counter"),
            ("api_requests_refused_total", "counter"),
            ("api_db_pool_timeouts_total", "counter"),
            ("api_rate_limited_total", "counter"),
            ("api_ws_connections", "gauge"),
            ("api_graphql_request_seconds", "histogram"),
        ] {
            assert!(text.contains(&format!("# TYPE {name} {kind}\n")), "{text}");
            assert!(text.contains(&format!("# HELP {name} ")), "{text}");
        }
        assert!(
            text.contains("\napi_graphql_request_seconds_bucket{le=\"0.005\"} "),
            "{text}"
        );
        assert!(
            text.contains("\napi_graphql_request_seconds_bucket{le=\"+Inf\"} "),
            "{text}"
        );
        assert!(
            text.contains("\napi_graphql_request_seconds_count "),
            "{text}"
        );
        let errors = text
            .lines()
            .find_map(|l| l.strip_prefix("api_graphql_request_errors_total "))
            .expect("the errors counter");
        assert!(errors.parse::<u64>().unwrap() >= 1, "{text}");
    }

    fn rss_kb() -> u64 {
        std::fs::read_to_string("/proc/self/status")
            .expect("/proc/self/status")
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("VmRSS")
    }

    /// Four million requests' latencies: folded in as they come (upkeep every 100,000),
    /// the process stays flat; left queued, they hold ~32 MB (the leak upkeep prevents).
    ///
    /// Resident memory is the process's, so the measurement runs alone: in a child
    /// process of this test binary (other tests' threads allocate meanwhile under
    /// `cargo test`).
    #[test]
    fn upkeep_keeps_histogram_memory_flat() {
        const CHILD: &str = "METRICS_UPKEEP_CHILD";
        if std::env::var_os(CHILD).is_none() {
            let out = std::process::Command::new(std::env::current_exe().expect("the test binary"))
                .args([
                    "--exact",
                    "metrics::tests::upkeep_keeps_histogram_memory_flat",
                    "--test-threads=1",
                    "--nocapture",
                ])
                .env(CHILD, "1")
                .output()
                .expect("running the measurement alone");
            assert!(
                out.status.success() && String::from_utf8_lossy(&out.stdout).contains("1 passed"),
                "{}\n{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            return;
        }
        const N: u32 = 4_000_000;
        LATENCY.observe(Duration::from_millis(1));
        upkeep();
        let start = rss_kb();
        for i in 0..N {
            LATENCY.observe(Duration::from_micros(u64::from(i % 5_000)));
            if i % 100_000 == 0 {
                upkeep();
            }
        }
        upkeep();
        let kept = rss_kb().saturating_sub(start);
        assert!(
            kept < 12 * 1024,
            "with upkeep the process grew by {kept} kB"
        );

        let start = rss_kb();
        for i in 0..N {
            LATENCY.observe(Duration::from_micros(u64::from(i % 5_000)));
        }
        let queued = rss_kb().saturating_sub(start);
        assert!(
            queued > 20 * 1024,
            "without upkeep the queue held only {queued} kB"
        );
        upkeep();
        let text = render();
        let count = text
            .lines()
            .find_map(|l| l.strip_prefix("api_graphql_request_seconds_count "))
            .expect("the latency count");
        assert!(count.parse::<u64>().unwrap() >= u64::from(2 * N), "{text}");
    }
}
