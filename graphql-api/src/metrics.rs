//! Prometheus metrics of the API (`GET /metrics`).

use std::{
    fmt::Write as _,
    sync::atomic::{AtomicU64, Ordering::Relaxed},
    time::Duration,
};

/// A monotonically increasing counter.
#[derive(Debug, Default)]
pub struct Counter(AtomicU64);

impl Counter {
    /// Adds one.
    pub fn inc(&self) {
        self.0.fetch_add(1, Relaxed);
    }
    /// The value.
    pub fn get(&self) -> u64 {
        self.0.load(Relaxed)
    }
}

/// A gauge that goes up and down.
#[derive(Debug, Default)]
pub struct Gauge(AtomicU64);

impl Gauge {
    /// Adds one.
    pub fn inc(&self) {
        self.0.fetch_add(1, Relaxed);
    }
    /// Takes one.
    pub fn dec(&self) {
        self.0.fetch_sub(1, Relaxed);
    }
}

/// Latency buckets, in seconds.
const BUCKETS: [f64; 10] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 5.0];

/// A latency histogram.
#[derive(Debug, Default)]
pub struct Histogram {
    buckets: [AtomicU64; 10],
    count: AtomicU64,
    sum_micros: AtomicU64,
}

impl Histogram {
    /// Records one observation.
    pub fn observe(&self, d: Duration) {
        let s = d.as_secs_f64();
        for (i, b) in BUCKETS.iter().enumerate() {
            if s <= *b {
                self.buckets[i].fetch_add(1, Relaxed);
            }
        }
        self.count.fetch_add(1, Relaxed);
        self.sum_micros.fetch_add(d.as_micros() as u64, Relaxed);
    }
}

/// GraphQL requests answered.
pub static REQUESTS: Counter = Counter(AtomicU64::new(0));
/// GraphQL requests answered with at least one error.
pub static REQUEST_ERRORS: Counter = Counter(AtomicU64::new(0));
/// `POST /graphql` requests refused before execution (media type, size, time, JSON).
pub static REQUESTS_REFUSED: Counter = Counter(AtomicU64::new(0));
/// Database operations that found no free connection in time.
pub static POOL_TIMEOUTS: Counter = Counter(AtomicU64::new(0));
/// Attempts refused by a rate limit.
pub static RATE_LIMITED: Counter = Counter(AtomicU64::new(0));
/// Open GraphQL WebSocket connections.
pub static WS_CONNECTIONS: Gauge = Gauge(AtomicU64::new(0));
/// GraphQL request latency.
pub static LATENCY: Histogram = Histogram {
    buckets: [const { AtomicU64::new(0) }; 10],
    count: AtomicU64::new(0),
    sum_micros: AtomicU64::new(0),
};

/// The Prometheus text exposition.
pub fn render() -> String {
    let mut s = String::new();
    let mut counter = |name: &str, help: &str, v: u64| {
        writeln!(s, "# HELP {name} {help}\n# TYPE {name} counter\n{name} {v}").expect("String");
    };
    counter(
        "api_graphql_requests_total",
        "GraphQL requests answered.",
        REQUESTS.get(),
    );
    counter(
        "api_graphql_request_errors_total",
        "GraphQL requests answered with errors.",
        REQUEST_ERRORS.get(),
    );
    counter(
        "api_requests_refused_total",
        "POST /graphql requests refused before execution (media type, size, time, JSON).",
        REQUESTS_REFUSED.get(),
    );
    counter(
        "api_db_pool_timeouts_total",
        "Database operations that found no free connection in time.",
        POOL_TIMEOUTS.get(),
    );
    counter(
        "api_rate_limited_total",
        "Attempts refused by a rate limit.",
        RATE_LIMITED.get(),
    );
    writeln!(
        s,
        "# HELP api_ws_connections Open GraphQL WebSocket connections.\n# TYPE api_ws_connections gauge\napi_ws_connections {}",
        WS_CONNECTIONS.0.load(Relaxed)
    )
    .expect("String");
    writeln!(
        s,
        "# HELP api_graphql_request_seconds GraphQL request latency.\n# TYPE api_graphql_request_seconds histogram"
    )
    .expect("String");
    for (i, b) in BUCKETS.iter().enumerate() {
        writeln!(
            s,
            "api_graphql_request_seconds_bucket{{le=\"{b}\"}} {}",
            LATENCY.buckets[i].load(Relaxed)
        )
        .expect("String");
    }
    let count = LATENCY.count.load(Relaxed);
    writeln!(
        s,
        "api_graphql_request_seconds_bucket{{le=\"+Inf\"}} {count}\napi_graphql_request_seconds_sum {}\napi_graphql_request_seconds_count {count}",
        LATENCY.sum_micros.load(Relaxed) as f64 / 1e6
    )
    .expect("String");
    s
}
