//! The database pool under load: starvation is logged once per interval, not once per
//! request (sqlx's own per-acquire "slow" warning is turned off by `serve`).

use sqlx::MySqlPool;
use std::{
    sync::{
        Mutex,
        atomic::{AtomicU64, Ordering::Relaxed},
    },
    time::{Duration, Instant},
};

/// Lets one log line through per interval and counts the rest.
#[derive(Debug)]
pub struct LogEvery {
    interval: Duration,
    last: Mutex<Option<Instant>>,
    suppressed: AtomicU64,
}

impl LogEvery {
    /// At most one line per `interval`.
    pub const fn new(interval: Duration) -> Self {
        Self {
            interval,
            last: Mutex::new(None),
            suppressed: AtomicU64::new(0),
        }
    }

    /// `Some(lines suppressed since the last one)` when a line may be logged now.
    pub fn allow(&self) -> Option<u64> {
        let now = Instant::now();
        let mut last = self.last.lock().expect("log lock");
        match *last {
            Some(t) if now.duration_since(t) < self.interval => {
                self.suppressed.fetch_add(1, Relaxed);
                None
            }
            _ => {
                *last = Some(now);
                Some(self.suppressed.swap(0, Relaxed))
            }
        }
    }
}

/// Requests that found no free connection: logged once per 10 s.
pub static POOL_TIMEOUT_LOG: LogEvery = LogEvery::new(Duration::from_secs(10));

/// Samples `pool` every `sample` and, once per `interval` in which every one of its
/// `max` connections was busy at some sample, logs one warning saying how often.
pub fn watch_starvation(pool: MySqlPool, max: u32, sample: Duration, interval: Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(sample);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut window = Instant::now();
        let (mut busy, mut samples) = (0u64, 0u64);
        loop {
            tick.tick().await;
            if pool.is_closed() {
                return;
            }
            samples += 1;
            if pool.size() >= max && pool.num_idle() == 0 {
                busy += 1;
            }
            if window.elapsed() >= interval {
                if busy > 0 {
                    tracing::warn!(target: "graphql_api::pool", busy_samples = busy, samples, connections = max, "the database pool was exhausted (every connection busy) in {busy} of {samples} samples over the last {} s; requests waited for a connection", interval.as_secs());
                }
                window = Instant::now();
                busy = 0;
                samples = 0;
            }
        }
    });
}
