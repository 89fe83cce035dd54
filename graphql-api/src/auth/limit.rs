//! Rate limits: a fixed window of attempts per key (an IP, an account, an email).
//! Kept in the process: with several API replicas each allows its own budget, so the
//! configured numbers are per replica.

use std::{
    collections::HashMap,
    sync::Mutex,
    time::{Duration, Instant},
};

/// One limit: at most `max` attempts per `window`.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Attempts allowed per window.
    pub max: u32,
    /// The window.
    pub window: Duration,
}

impl Rule {
    /// `max` per `secs` seconds.
    pub const fn per(max: u32, secs: u64) -> Self {
        Self {
            max,
            window: Duration::from_secs(secs),
        }
    }
}

/// Counters by key.
#[derive(Debug, Default)]
pub struct RateLimiter {
    windows: Mutex<HashMap<String, (Instant, u32)>>,
}

impl RateLimiter {
    /// Counts an attempt under `key`; `Err(retry_after)` when over `rule`.
    pub fn hit(&self, key: &str, rule: Rule) -> Result<(), Duration> {
        self.hit_at(key, 1, rule, Instant::now())
    }

    /// Counts `n` units under `key` (a query's cost); `Err(retry_after)` when they do
    /// not fit in what is left of the window (nothing is counted then).
    pub fn hit_n(&self, key: &str, n: u32, rule: Rule) -> Result<(), Duration> {
        self.hit_at(key, n, rule, Instant::now())
    }

    fn hit_at(&self, key: &str, n: u32, rule: Rule, now: Instant) -> Result<(), Duration> {
        let mut w = self.windows.lock().expect("rate limiter lock");
        if w.len() > 100_000 {
            w.retain(|_, (start, _)| now.duration_since(*start) < rule.window);
        }
        let entry = w.entry(key.to_owned()).or_insert((now, 0));
        if now.duration_since(entry.0) >= rule.window {
            *entry = (now, 0);
        }
        if entry.1.saturating_add(n) > rule.max {
            return Err(rule.window.saturating_sub(now.duration_since(entry.0)));
        }
        entry.1 += n;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_max_then_refuses_until_the_window_ends() {
        let l = RateLimiter::default();
        let rule = Rule::per(3, 60);
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(l.hit_at("ip:1", 1, rule, t0).is_ok());
        }
        let wait = l
            .hit_at("ip:1", 1, rule, t0 + Duration::from_secs(10))
            .unwrap_err();
        assert_eq!(wait, Duration::from_secs(50));
        assert!(l.hit_at("ip:2", 1, rule, t0).is_ok(), "keys are separate");
        assert!(l.hit_at("ip:1", 1, rule, t0 + Duration::from_secs(60)).is_ok());
    }
}
