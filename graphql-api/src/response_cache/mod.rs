//! The response cache. The read model changes only when the indexer commits a block,
//! and the API's own tables only when the API writes them, so identical reads at one
//! [`Generation`] get identical answers: an answer is kept under its operation's shape,
//! its variables and the caller's scope, and served while the generation holds.
//!
//! - **Fresh.** The generation is read for every request before anything is served, so
//!   a block committed (or an API write finished) before a request arrives is in its
//!   answer. Answers are kept for one generation only.
//! - **Private stays private.** An answer kept is public only if no resolver asked who
//!   the caller is ([`scope`]); otherwise it is kept for that caller alone (a signed-in
//!   address, or "anonymous"). A request whose token was refused is never served from
//!   or kept in the cache.
//! - **Only what is repeatable.** Mutations, answers with errors, and answers that read
//!   something that changes on its own (a relayed transaction's status, the indexer's
//!   head, a rate-limited attempt) are never kept.
//! - **Bounded.** At most `max_bytes` of answers (then all are dropped), none larger
//!   than an eighth of it.
//!
//! - **Computed once.** When a generation begins, every client asking the same thing at
//!   once would compute it at once (a page, its count): the first computes, the others
//!   wait for its answer ([`Flights`]) and are served it if it may be shared with them.
//!
//! Anonymous answers carry an `ETag` naming the generation and the request; a client
//! that sends it back in `If-None-Match` gets `304 Not Modified` while it holds.

pub mod answer;
pub mod generation;
pub mod persisted;
pub mod scope;

pub use answer::{Exec, Reads, answer};
pub use generation::Generation;
pub use persisted::{Digest32, Documents};
pub use scope::{CacheScope, Tracker};

use axum::{body::Bytes, http::HeaderValue};
use sha2::{Digest, Sha256};
use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

/// Who an answer may be served to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Scope {
    /// A request without a token.
    Anonymous,
    /// A signed-in address (lowercase hex).
    Caller(String),
}

/// A kept answer.
#[derive(Debug)]
pub struct Cached {
    /// The JSON body.
    pub body: Bytes,
    /// The operation's cost (charged to the IP's budget when served).
    pub cost: u64,
    /// Its entity tag.
    pub etag: HeaderValue,
}

enum Entry {
    Public(Arc<Cached>),
    Private(HashMap<Scope, Arc<Cached>>),
}

#[derive(Default)]
struct Inner {
    generation: Option<Generation>,
    bytes: usize,
    entries: HashMap<Digest32, Entry>,
}

/// The kept answers of one generation.
pub struct ResponseCache {
    max_bytes: usize,
    inner: Mutex<Inner>,
}

/// The key of a request: its operation's shape, the operation it names and its
/// variables.
pub fn key(
    shape: &Digest32,
    operation_name: Option<&str>,
    variables: &async_graphql::Variables,
) -> Digest32 {
    let mut h = Sha256::new();
    h.update(shape);
    h.update(operation_name.unwrap_or("").as_bytes());
    h.update([0]);
    // Variables serialize in name order (a BTreeMap): one text per set of values.
    h.update(serde_json::to_vec(variables).unwrap_or_default());
    h.finalize().into()
}

/// The entity tag of an answer: the generation, the request's key and its scope.
pub fn etag(generation: &Generation, key: &Digest32, scope: &Scope) -> HeaderValue {
    let mut h = Sha256::new();
    h.update(generation.block.to_be_bytes());
    h.update(generation.hash.as_bytes());
    h.update(generation.epoch.to_be_bytes());
    h.update(key);
    if let Scope::Caller(a) = scope {
        h.update(a.as_bytes());
    }
    let d = h.finalize();
    HeaderValue::from_str(&format!("\"{}\"", hex::encode(&d[..16]))).expect("hex is a valid header")
}

/// Whether an `If-None-Match` header names `etag` (or is `*`).
pub fn matches(if_none_match: Option<&HeaderValue>, etag: &HeaderValue) -> bool {
    let Some(v) = if_none_match.and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let want = etag.to_str().unwrap_or_default();
    v.split(',')
        .map(|t| t.trim())
        .any(|t| t == "*" || t.strip_prefix("W/").unwrap_or(t) == want)
}

/// The answers being computed: one request per key and generation computes, the
/// others wait for it.
#[derive(Default)]
pub struct Flights(Mutex<HashMap<Digest32, (Generation, tokio::sync::watch::Sender<()>)>>);

/// A request's part in computing an answer.
pub enum Flight {
    /// It computes; the others are woken when this is dropped (after the answer is kept).
    Lead(FlightGuard),
    /// Another request computes it: wait, then look in the cache again.
    Follow(tokio::sync::watch::Receiver<()>),
}

/// The leader's hold on its key: dropping it wakes the followers.
pub struct FlightGuard {
    flights: Arc<Flights>,
    key: Digest32,
    seq: u64,
}

impl Drop for FlightGuard {
    fn drop(&mut self) {
        let mut m = self.flights.0.lock().expect("flights lock");
        if m.get(&self.key).is_some_and(|(g, _)| g.seq == self.seq) {
            m.remove(&self.key);
        }
    }
}

impl Flights {
    /// Joins the computation of `key` at `generation`, or leads it.
    pub fn join(self: &Arc<Self>, generation: &Generation, key: Digest32) -> Flight {
        let mut m = self.0.lock().expect("flights lock");
        if let Some((g, tx)) = m.get(&key)
            && g == generation
        {
            return Flight::Follow(tx.subscribe());
        }
        m.insert(key, (generation.clone(), tokio::sync::watch::channel(()).0));
        Flight::Lead(FlightGuard {
            flights: self.clone(),
            key,
            seq: generation.seq,
        })
    }

    /// Keys being computed.
    pub fn len(&self) -> usize {
        self.0.lock().expect("flights lock").len()
    }

    /// Whether none is.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Waits (at most `limit`) for the leader of a computation to finish.
pub async fn wait(mut rx: tokio::sync::watch::Receiver<()>, limit: std::time::Duration) {
    // The sender is dropped when the leader finishes: `changed` then returns an error.
    let _ = tokio::time::timeout(limit, async { while rx.changed().await.is_ok() {} }).await;
}

impl ResponseCache {
    /// A cache of at most `max_bytes` of answers (0: none kept).
    pub fn new(max_bytes: usize) -> Self {
        Self {
            max_bytes,
            inner: Mutex::default(),
        }
    }

    /// Whether answers are kept at all.
    pub fn enabled(&self) -> bool {
        self.max_bytes > 0
    }

    /// The answer kept for `key` at `generation`, for `scope`.
    pub fn get(
        &self,
        generation: &Generation,
        key: &Digest32,
        scope: &Scope,
    ) -> Option<Arc<Cached>> {
        let inner = self.inner.lock().expect("cache lock");
        if inner.generation.as_ref() != Some(generation) {
            return None;
        }
        match inner.entries.get(key)? {
            Entry::Public(c) => Some(c.clone()),
            Entry::Private(m) => m.get(scope).cloned(),
        }
    }

    /// Keeps `answer` for `key` at `generation`: for everyone when `public`, else for
    /// `scope` alone. An answer of an older generation than the one kept is dropped; a
    /// newer generation replaces every kept answer.
    pub fn put(
        &self,
        generation: &Generation,
        key: Digest32,
        public: bool,
        scope: &Scope,
        answer: Cached,
    ) {
        if !self.enabled() || answer.body.len() > self.max_bytes / 8 {
            return;
        }
        let mut inner = self.inner.lock().expect("cache lock");
        match &inner.generation {
            Some(g) if g == generation => {}
            Some(g) if g.seq > generation.seq => return,
            _ => {
                inner.generation = Some(generation.clone());
                inner.entries.clear();
                inner.bytes = 0;
            }
        }
        if inner.bytes + answer.body.len() > self.max_bytes {
            inner.entries.clear();
            inner.bytes = 0;
        }
        inner.bytes += answer.body.len();
        let answer = Arc::new(answer);
        if public {
            inner.entries.insert(key, Entry::Public(answer));
            return;
        }
        match inner
            .entries
            .entry(key)
            .or_insert_with(|| Entry::Private(HashMap::new()))
        {
            Entry::Private(m) => {
                m.insert(scope.clone(), answer);
            }
            // One operation is public or private at one generation (the same reads
            // decide); keep what is there.
            Entry::Public(_) => {}
        }
    }

    /// Kept answers (public ones and each caller's), and their bytes.
    pub fn stats(&self) -> (usize, usize) {
        let inner = self.inner.lock().expect("cache lock");
        let n = inner
            .entries
            .values()
            .map(|e| match e {
                Entry::Public(_) => 1,
                Entry::Private(m) => m.len(),
            })
            .sum();
        (n, inner.bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(body: &str) -> Cached {
        Cached {
            body: Bytes::from(body.to_owned()),
            cost: 3,
            etag: HeaderValue::from_static("\"x\""),
        }
    }

    #[test]
    fn answers_are_kept_per_generation_and_scope() {
        let cache = ResponseCache::new(1 << 20);
        let g1 = Generation::new(7, "0xaa", 0);
        let k = [1u8; 32];
        let alice = Scope::Caller("0xa11ce".into());
        let bob = Scope::Caller("0xb0b".into());
        cache.put(&g1, k, false, &alice, answer("alice's"));
        assert_eq!(cache.get(&g1, &k, &alice).unwrap().body, "alice's");
        assert!(cache.get(&g1, &k, &bob).is_none());
        assert!(cache.get(&g1, &k, &Scope::Anonymous).is_none());
        let k2 = [2u8; 32];
        cache.put(&g1, k2, true, &alice, answer("public"));
        assert_eq!(cache.get(&g1, &k2, &bob).unwrap().body, "public");
        // The same block with another hash (a reorg), or another write counter: nothing.
        assert!(
            cache
                .get(&Generation::new(7, "0xbb", 0), &k2, &bob)
                .is_none()
        );
        assert!(
            cache
                .get(&Generation::new(7, "0xaa", 1), &k2, &bob)
                .is_none()
        );
        // A newer generation replaces everything; an older one's answer is not kept.
        let g2 = Generation::new(8, "0xcc", 0);
        cache.put(&g2, k2, true, &bob, answer("new"));
        assert!(cache.get(&g1, &k, &alice).is_none());
        cache.put(&g1, k, true, &bob, answer("late"));
        assert!(cache.get(&g1, &k, &bob).is_none());
        assert_eq!(cache.stats().0, 1);
    }

    #[tokio::test]
    async fn one_request_computes_the_others_wait_for_it() {
        let flights = Arc::new(Flights::default());
        let g = Generation::new(1, "0x01", 0);
        let Flight::Lead(lead) = flights.join(&g, [7; 32]) else {
            panic!("the first leads")
        };
        let Flight::Follow(rx) = flights.join(&g, [7; 32]) else {
            panic!("the second follows")
        };
        // Another key, or the same key at another generation: led on its own.
        assert!(matches!(flights.join(&g, [8; 32]), Flight::Lead(_)));
        let g2 = Generation::new(2, "0x02", 0);
        let Flight::Lead(newer) = flights.join(&g2, [7; 32]) else {
            panic!("a new generation leads")
        };
        let waiting = tokio::spawn(wait(rx, std::time::Duration::from_secs(30)));
        drop(lead);
        // The old leader finishing does not remove the newer generation's flight.
        assert!(matches!(flights.join(&g2, [7; 32]), Flight::Follow(_)));
        drop(newer);
        tokio::time::timeout(std::time::Duration::from_secs(5), waiting)
            .await
            .expect("the follower is woken when its leader ends")
            .unwrap();
        assert!(flights.is_empty());
    }

    #[test]
    fn kept_bytes_are_bounded() {
        let cache = ResponseCache::new(800);
        let g = Generation::new(1, "0x01", 0);
        cache.put(
            &g,
            [0; 32],
            true,
            &Scope::Anonymous,
            answer(&"x".repeat(101)),
        );
        assert_eq!(
            cache.stats().0,
            0,
            "an answer over an eighth of the budget is not kept"
        );
        for i in 0..40u8 {
            cache.put(
                &g,
                [i; 32],
                true,
                &Scope::Anonymous,
                answer(&"x".repeat(100)),
            );
            assert!(cache.stats().1 <= 800);
        }
        assert!(cache.stats().0 >= 1);
        let off = ResponseCache::new(0);
        off.put(&g, [0; 32], true, &Scope::Anonymous, answer("x"));
        assert_eq!(off.stats().0, 0);
    }

    #[test]
    fn etags_name_generation_request_and_caller() {
        let g = Generation::new(1, "0x01", 0);
        let a = etag(&g, &[1; 32], &Scope::Anonymous);
        assert_ne!(
            a,
            etag(&Generation::new(2, "0x02", 0), &[1; 32], &Scope::Anonymous)
        );
        assert_ne!(a, etag(&g, &[2; 32], &Scope::Anonymous));
        assert_ne!(a, etag(&g, &[1; 32], &Scope::Caller("0xa".into())));
        assert!(matches(Some(&a), &a));
        let list = HeaderValue::from_str(&format!("\"zz\", W/{}", a.to_str().unwrap())).unwrap();
        assert!(matches(Some(&list), &a));
        assert!(matches(Some(&HeaderValue::from_static("*")), &a));
        assert!(!matches(Some(&HeaderValue::from_static("\"zz\"")), &a));
        assert!(!matches(None, &a));
    }
}
