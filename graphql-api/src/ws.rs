//! GraphQL over WebSocket with limits: sockets per IP, operations per socket, no
//! reused operation ids, and a signed-in socket that lives no longer than its session.
//!
//! async-graphql runs the protocol; this module sits between it and the socket. It
//! reads each client message's `type` and `id` before passing it on, and watches the
//! server's `complete` messages to know which operations are still running.
//!
//! - A `subscribe` (`start`) whose id is already running closes the socket with 4409
//!   (graphql-transport-ws) or is answered with an `error` for that id (the older
//!   graphql-ws protocol, which has no such close code); the running operation is kept.
//! - Past the per-socket limit, a new operation is answered with an `error` for its id.
//! - A socket signed in with a token is closed with 4403 within one check interval of
//!   its session being signed out, revoked by a password change or reset, or expiring.

use crate::auth::Caller;
use axum::extract::ws::{CloseFrame, Message, WebSocket};
use futures_util::{SinkExt as _, StreamExt as _, stream};
use sqlx::MySqlPool;
use std::{
    collections::{HashMap, HashSet},
    net::IpAddr,
    sync::{Arc, Mutex},
    time::Duration,
};
use tokio::sync::{mpsc, oneshot, watch};

/// The WebSocket limits.
#[derive(Debug, Clone, Copy)]
pub struct WsLimits {
    /// Operations (subscriptions, queries) running at once on one socket.
    pub max_operations: usize,
    /// Sockets open at once from one IP.
    pub max_per_ip: usize,
    /// How often the sessions of signed-in sockets are checked.
    pub session_check: Duration,
}

impl Default for WsLimits {
    fn default() -> Self {
        Self {
            max_operations: 100,
            max_per_ip: 50,
            session_check: Duration::from_secs(2),
        }
    }
}

/// Open sockets by IP.
#[derive(Debug, Default)]
pub struct IpSlots {
    open: Mutex<HashMap<IpAddr, usize>>,
}

/// One socket's place in [`IpSlots`], given back when dropped.
#[derive(Debug)]
pub struct Slot {
    slots: Arc<IpSlots>,
    ip: IpAddr,
}

impl IpSlots {
    /// A slot for a socket from `ip`, unless it already has `max` open.
    pub fn acquire(self: &Arc<Self>, ip: IpAddr, max: usize) -> Option<Slot> {
        let mut open = self.open.lock().expect("slots lock");
        let n = open.entry(ip).or_insert(0);
        if *n >= max {
            return None;
        }
        *n += 1;
        Some(Slot {
            slots: self.clone(),
            ip,
        })
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self.slots.open.lock().expect("slots lock");
        if let Some(n) = open.get_mut(&self.ip) {
            *n -= 1;
            if *n == 0 {
                open.remove(&self.ip);
            }
        }
    }
}

/// Watches the sessions of open sockets: one query per interval for all of them.
#[derive(Clone)]
pub struct SessionWatch {
    inner: Arc<WatchInner>,
}

struct WatchInner {
    pool: MySqlPool,
    interval: Duration,
    /// Session id → (whether it ended, sockets watching it).
    sessions: Mutex<HashMap<String, (watch::Sender<bool>, usize)>>,
    running: Mutex<bool>,
}

/// A socket's registration with [`SessionWatch`]; dropping it unregisters.
pub struct Watched {
    inner: Arc<WatchInner>,
    sid: String,
    /// Becomes `true` (or closes) when the session ends.
    pub ended: watch::Receiver<bool>,
}

impl Drop for Watched {
    fn drop(&mut self) {
        let mut s = self.inner.sessions.lock().expect("session watch lock");
        if let Some((_, n)) = s.get_mut(&self.sid) {
            *n -= 1;
            if *n == 0 {
                s.remove(&self.sid);
            }
        }
    }
}

impl SessionWatch {
    /// A watch over `pool`'s `session` table, checking every `interval`.
    pub fn new(pool: MySqlPool, interval: Duration) -> Self {
        Self {
            inner: Arc::new(WatchInner {
                pool,
                interval,
                sessions: Mutex::new(HashMap::new()),
                running: Mutex::new(false),
            }),
        }
    }

    /// Watches `caller`'s session (starting the checker if needed).
    pub fn watch(&self, caller: &Caller) -> Watched {
        let ended = {
            let mut s = self.inner.sessions.lock().expect("session watch lock");
            let e = s
                .entry(caller.session.clone())
                .or_insert_with(|| (watch::channel(false).0, 0));
            e.1 += 1;
            e.0.subscribe()
        };
        let mut running = self.inner.running.lock().expect("session watch lock");
        if !*running {
            *running = true;
            let inner = self.inner.clone();
            tokio::spawn(check(inner));
        }
        Watched {
            inner: self.inner.clone(),
            sid: caller.session.clone(),
            ended,
        }
    }
}

async fn check(inner: Arc<WatchInner>) {
    let mut tick = tokio::time::interval(inner.interval);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let sids: Vec<String> = {
            let s = inner.sessions.lock().expect("session watch lock");
            let mut running = inner.running.lock().expect("session watch lock");
            if s.is_empty() {
                *running = false;
                return;
            }
            s.keys().cloned().collect()
        };
        let mut live = HashSet::new();
        let mut failed = false;
        for chunk in sids.chunks(500) {
            let sql = format!(
                "SELECT CAST(id AS CHAR) FROM session WHERE id IN ({}) AND revoked_at IS NULL AND expires_at > ?",
                vec!["?"; chunk.len()].join(",")
            );
            let mut q = sqlx::query_as::<_, (String,)>(&sql);
            for sid in chunk {
                q = q.bind(sid);
            }
            match q.bind(crate::auth::now()).fetch_all(&inner.pool).await {
                Ok(rows) => live.extend(rows.into_iter().map(|r| r.0)),
                Err(e) => {
                    tracing::warn!(target: "graphql_api::ws", error = %e, "checking the sessions of open sockets failed; retrying");
                    failed = true;
                    break;
                }
            }
        }
        if failed {
            continue;
        }
        let s = inner.sessions.lock().expect("session watch lock");
        for sid in sids.iter().filter(|sid| !live.contains(*sid)) {
            if let Some((tx, _)) = s.get(sid) {
                let _ = tx.send(true);
            }
        }
    }
}

/// What a client message is about.
enum Client {
    Start(String),
    Stop(String),
    Other,
}

fn classify(text: &str) -> Client {
    #[derive(serde::Deserialize)]
    struct Head {
        #[serde(rename = "type")]
        ty: Option<String>,
        id: Option<serde_json::Value>,
    }
    let Ok(h) = serde_json::from_str::<Head>(text) else {
        return Client::Other;
    };
    let id = match h.id {
        Some(serde_json::Value::String(s)) => s,
        _ => return Client::Other,
    };
    match h.ty.as_deref() {
        Some("subscribe" | "start") => Client::Start(id),
        Some("complete" | "stop") => Client::Stop(id),
        _ => Client::Other,
    }
}

/// An answer whose error messages had to be cut (or lose their suggestions), as
/// [`crate::http::tidy`] does over HTTP; `None` when it is fine as it is.
fn cap_errors(text: &str, suggestions: bool) -> Option<String> {
    if !text.contains(r#""errors":["#) {
        return None;
    }
    let mut v: serde_json::Value = serde_json::from_str(text).ok()?;
    let errors = v.get_mut("payload")?.get_mut("errors")?.as_array_mut()?;
    let mut changed = false;
    for e in errors {
        if let Some(serde_json::Value::String(msg)) = e.get_mut("message") {
            let before = msg.len();
            if !suggestions && let Some(i) = msg.find(" Did you mean") {
                msg.truncate(i);
            }
            crate::http::cap(msg);
            changed |= msg.len() != before;
        }
    }
    changed.then(|| v.to_string())
}

/// The id of a server `complete` message (async-graphql writes `type` first).
fn completed(text: &str) -> Option<String> {
    if !text.starts_with(r#"{"type":"complete""#) {
        return None;
    }
    #[derive(serde::Deserialize)]
    struct Done {
        id: String,
    }
    serde_json::from_str::<Done>(text).ok().map(|d| d.id)
}

fn close(code: u16, reason: &str) -> Message {
    Message::Close(Some(CloseFrame {
        code,
        reason: reason.into(),
    }))
}

fn op_error(id: &str, message: &str, code: &str) -> Message {
    let payload = serde_json::json!([{ "message": message, "extensions": { "code": code } }]);
    Message::Text(
        serde_json::json!({ "type": "error", "id": id, "payload": payload })
            .to_string()
            .into(),
    )
}

/// Whether the client chose graphql-transport-ws (rather than the older graphql-ws)
/// in `Sec-WebSocket-Protocol` (the first of the two it names, as async-graphql picks).
pub fn is_transport_ws(protocols: &str) -> bool {
    protocols
        .split(',')
        .map(str::trim)
        .find(|p| matches!(*p, "graphql-transport-ws" | "graphql-ws"))
        == Some("graphql-transport-ws")
}

/// What a socket runs with.
pub struct Setup {
    /// The schema.
    pub schema: crate::schema::ApiSchema,
    /// The protocol the client chose.
    pub protocol: async_graphql_axum::GraphQLProtocol,
    /// Whether it is graphql-transport-ws ([`is_transport_ws`]).
    pub transport_ws: bool,
    /// The process's session watch.
    pub sessions: SessionWatch,
    /// The limits.
    pub limits: WsLimits,
    /// Whether validation errors keep their "Did you mean …?" (introspection on).
    pub suggestions: bool,
}

/// Runs the GraphQL protocol on `socket` within its limits. `init` is async-graphql's
/// connection-init callback; it reports the signed-in caller (if any) on `caller`, and
/// the socket is closed when the session watch sees that caller's session end.
pub async fn run<F, R>(socket: WebSocket, setup: Setup, init: F, caller: oneshot::Receiver<Caller>)
where
    F: FnOnce(serde_json::Value) -> R + Send + 'static,
    R: std::future::Future<Output = async_graphql::Result<async_graphql::Data>> + Send + 'static,
{
    let Setup {
        schema,
        protocol,
        transport_ws,
        sessions,
        limits,
        suggestions,
    } = setup;
    let (mut sink, source) = socket.split();
    let (tx, mut rx) = mpsc::channel::<Message>(64);
    let running: Arc<Mutex<HashSet<String>>> = Arc::default();

    // Server → client: everything goes through one writer, which also notes the
    // operations the server completed.
    let writer_running = running.clone();
    let writer = tokio::spawn(async move {
        while let Some(mut m) = rx.recv().await {
            if let Message::Text(t) = &m
                && let Some(id) = completed(t.as_str())
            {
                writer_running.lock().expect("ws lock").remove(&id);
            }
            if let Message::Text(t) = &m
                && let Some(capped) = cap_errors(t.as_str(), suggestions)
            {
                m = Message::Text(capped.into());
            }
            let is_close = matches!(m, Message::Close(_));
            if sink.send(m).await.is_err() || is_close {
                break;
            }
        }
        let _ = sink.close().await;
    });

    // Client → server: checked before async-graphql sees it.
    let inject = tx.clone();
    let max_ops = limits.max_operations;
    let input = stream::unfold(
        (source, running, inject, false),
        move |(mut source, running, inject, done)| async move {
            if done {
                return None;
            }
            loop {
                let msg = source.next().await?;
                let Ok(msg) = msg else { return None };
                let text = match &msg {
                    Message::Text(t) => t.as_str().to_owned(),
                    Message::Binary(b) => String::from_utf8_lossy(b).into_owned(),
                    _ => return Some((Ok(msg), (source, running, inject, false))),
                };
                match classify(&text) {
                    Client::Start(id) => {
                        let verdict = {
                            let mut r = running.lock().expect("ws lock");
                            if r.contains(&id) {
                                Err(true)
                            } else if r.len() >= max_ops {
                                Err(false)
                            } else {
                                r.insert(id.clone());
                                Ok(())
                            }
                        };
                        match verdict {
                            Ok(()) => {}
                            Err(true) if transport_ws => {
                                let _ = inject
                                    .send(close(
                                        4409,
                                        &format!("Subscriber for {id} already exists"),
                                    ))
                                    .await;
                                return None;
                            }
                            Err(true) => {
                                let _ = inject
                                    .send(op_error(
                                        &id,
                                        "an operation with this id is already running",
                                        "DUPLICATE_OPERATION_ID",
                                    ))
                                    .await;
                                continue;
                            }
                            Err(false) => {
                                let _ = inject
                                    .send(op_error(
                                        &id,
                                        &format!(
                                            "at most {max_ops} operations may run at once on one socket"
                                        ),
                                        "TOO_MANY_OPERATIONS",
                                    ))
                                    .await;
                                continue;
                            }
                        }
                    }
                    Client::Stop(id) => {
                        running.lock().expect("ws lock").remove(&id);
                    }
                    Client::Other => {}
                }
                return Some((Ok(msg), (source, running, inject, false)));
            }
        },
    );
    let out = futures_util::sink::unfold(tx.clone(), |tx, m: Message| async move {
        tx.send(m)
            .await
            .map_err(|_| axum::Error::new("socket closed"))?;
        Ok::<_, axum::Error>(tx)
    });

    let graphql = async_graphql_axum::GraphQLWebSocket::new_with_pair(out, input, schema, protocol)
        .on_connection_init(init)
        .keepalive_timeout(Duration::from_secs(30))
        .serve();
    let session_end = async move {
        match caller.await {
            Ok(c) => {
                let mut w = sessions.watch(&c);
                let _ = w.ended.wait_for(|ended| *ended).await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = graphql => {}
        _ = session_end => {
            let _ = tx.send(close(4403, "the session ended; sign in again")).await;
        }
    }
    drop(tx);
    let _ = writer.await;
}
