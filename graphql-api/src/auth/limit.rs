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

    /// Counts each `(key, n, rule)` only if all of them fit; else the index of the
    /// first that does not and its retry-after, counting nothing.
    pub fn hit_all(&self, hits: &[(&str, u32, Rule)]) -> Result<(), (usize, Duration)> {
        let now = Instant::now();
        let mut w = self.windows.lock().expect("rate limiter lock");
        for (i, (key, n, rule)) in hits.iter().enumerate() {
            if let Some(&(start, used)) = w.get(*key)
                && now.duration_since(start) < rule.window
                && used.saturating_add(*n) > rule.max
            {
                return Err((i, rule.window.saturating_sub(now.duration_since(start))));
            }
            if *n > rule.max {
                return Err((i, rule.window));
            }
        }
        for (key, n, rule) in hits {
            let entry = w.entry((*key).to_owned()).or_insert((now, 0));
            if now.duration_since(entry.0) >= rule.window {
                *entry = (now, 0);
            }
            entry.1 += n;
        }
        Ok(())
    }

    /// `Err(retry_after)` when `key` has used up `rule`, counting nothing (with
    /// [`RateLimiter::hit`] on failures only, successes cost nothing).
    pub fn peek(&self, key: &str, rule: Rule) -> Result<(), Duration> {
        let now = Instant::now();
        let w = self.windows.lock().expect("rate limiter lock");
        match w.get(key) {
            Some(&(start, n)) if now.duration_since(start) < rule.window && n >= rule.max => {
                Err(rule.window.saturating_sub(now.duration_since(start)))
            }
            _ => Ok(()),
        }
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

/// Failures per key (an account) with a growing wait instead of a lock: the first
/// `free` failures in a window cost nothing; each one after doubles the wait before
/// the next attempt (up to `max_wait`). A success clears the key. Strangers can slow
/// an account's sign-ins down, never shut its owner out.
#[derive(Debug)]
pub struct Backoff {
    free: u32,
    window: Duration,
    max_wait: Duration,
    failures: Mutex<HashMap<String, (u32, Instant, Instant)>>,
}

impl Default for Backoff {
    fn default() -> Self {
        Self::new(10, Duration::from_secs(3600), Duration::from_secs(300))
    }
}

impl Backoff {
    /// `free` failures per `window`, then waits doubling from 1 s up to `max_wait`.
    pub fn new(free: u32, window: Duration, max_wait: Duration) -> Self {
        Self {
            free,
            window,
            max_wait,
            failures: Mutex::default(),
        }
    }

    /// `Err(wait)` while `key` must wait before its next attempt.
    pub fn check(&self, key: &str) -> Result<(), Duration> {
        self.check_at(key, Instant::now())
    }

    /// Records a failed attempt of `key`.
    pub fn fail(&self, key: &str) {
        self.fail_at(key, Instant::now())
    }

    /// Clears `key` after a success.
    pub fn succeed(&self, key: &str) {
        self.failures.lock().expect("backoff lock").remove(key);
    }

    fn wait(&self, failures: u32) -> Duration {
        if failures <= self.free {
            return Duration::ZERO;
        }
        let exp = (failures - self.free - 1).min(20);
        Duration::from_secs(1u64 << exp).min(self.max_wait)
    }

    fn check_at(&self, key: &str, now: Instant) -> Result<(), Duration> {
        let f = self.failures.lock().expect("backoff lock");
        let Some(&(n, first, last)) = f.get(key) else {
            return Ok(());
        };
        if now.duration_since(first) >= self.window {
            return Ok(());
        }
        let wait = self.wait(n);
        let waited = now.duration_since(last);
        if waited < wait {
            Err(wait - waited)
        } else {
            Ok(())
        }
    }

    fn fail_at(&self, key: &str, now: Instant) {
        let mut f = self.failures.lock().expect("backoff lock");
        if f.len() > 100_000 {
            let window = self.window;
            f.retain(|_, (_, first, _)| now.duration_since(*first) < window);
        }
        let e = f.entry(key.to_owned()).or_insert((0, now, now));
        if now.duration_since(e.1) >= self.window {
            *e = (0, now, now);
        }
        e.0 += 1;
        e.2 = now;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_then_lets_the_owner_in() {
        let b = Backoff::new(3, Duration::from_secs(3600), Duration::from_secs(8));
        let t0 = Instant::now();
        for i in 0..3 {
            assert!(b.check_at("acct", t0).is_ok(), "free failure {i}");
            b.fail_at("acct", t0);
        }
        assert!(b.check_at("acct", t0).is_ok());
        b.fail_at("acct", t0); // 4th: wait 1 s
        assert_eq!(b.check_at("acct", t0), Err(Duration::from_secs(1)));
        let t1 = t0 + Duration::from_secs(1);
        assert!(b.check_at("acct", t1).is_ok());
        b.fail_at("acct", t1); // 5th: 2 s
        assert_eq!(b.check_at("acct", t1), Err(Duration::from_secs(2)));
        for _ in 0..10 {
            b.fail_at("acct", t1);
        }
        // Capped: never more than max_wait between attempts.
        assert_eq!(b.check_at("acct", t1), Err(Duration::from_secs(8)));
        assert!(b.check_at("acct", t1 + Duration::from_secs(8)).is_ok());
        assert!(b.check_at("other", t1).is_ok(), "keys are separate");
        b.succeed("acct");
        assert!(b.check_at("acct", t1).is_ok());
        // A new window starts afresh.
        b.fail_at("w", t0);
        for _ in 0..5 {
            b.fail_at("w", t0);
        }
        assert!(b.check_at("w", t0 + Duration::from_secs(3600)).is_ok());
    }

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
        assert!(
            l.hit_at("ip:1", 1, rule, t0 + Duration::from_secs(60))
                .is_ok()
        );
    }
}
