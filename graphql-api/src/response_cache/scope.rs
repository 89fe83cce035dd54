//! What an answer depended on, recorded while it is computed: whether a resolver asked
//! who the caller is (the answer is then that caller's alone), whether one read
//! something that changes without a block or an API write (it is then not kept at
//! all), and what the operation cost (charged again to the IP's budget when the answer
//! is served from the cache).
//!
//! Every resolver that looks at the caller goes through `schema::context::info`, which
//! marks the request here: a new private field is private to the cache without anyone
//! remembering to say so.

use async_graphql::{
    Context, Response, ServerResult, Variables,
    extensions::{Extension, ExtensionContext, ExtensionFactory, NextExecute, NextParseQuery},
    parser::types::{ExecutableDocument, OperationType},
};
use sqlx::MySqlPool;
use std::sync::{
    Arc,
    atomic::{AtomicBool, AtomicU8, AtomicU64, Ordering::Relaxed},
};

const CALLER: u8 = 1;
const VOLATILE: u8 = 2;
const WRITE: u8 = 4;

/// One request's record (request data, as `Arc<Tracker>`).
#[derive(Debug, Default)]
pub struct Tracker {
    flags: AtomicU8,
    cost: AtomicU64,
    via_get: bool,
}

impl Tracker {
    /// A record for a request sent with `GET` (`via_get`: only queries may run) or
    /// `POST`.
    pub fn new(via_get: bool) -> Self {
        Self {
            via_get,
            ..Self::default()
        }
    }
    fn has(&self, f: u8) -> bool {
        self.flags.load(Relaxed) & f != 0
    }
    /// A resolver read who the caller is.
    pub fn read_caller(&self) {
        self.flags.fetch_or(CALLER, Relaxed);
    }
    /// A resolver read something that changes on its own (or counted an attempt).
    pub fn read_volatile(&self) {
        self.flags.fetch_or(VOLATILE, Relaxed);
    }
    /// Whether the answer depends on the caller.
    pub fn depends_on_caller(&self) -> bool {
        self.has(CALLER)
    }
    /// Whether the answer may be kept: a query that read nothing volatile.
    pub fn keepable(&self) -> bool {
        !self.has(VOLATILE | WRITE)
    }
    /// Whether the document held a mutation (or a subscription).
    pub fn wrote(&self) -> bool {
        self.has(WRITE)
    }
    /// The operation's cost (see `limits`), once parsed.
    pub fn cost(&self) -> u64 {
        self.cost.load(Relaxed)
    }
    /// Records the operation's cost.
    pub fn set_cost(&self, c: u64) {
        self.cost.store(c, Relaxed);
    }
}

/// Marks the request's answer as the caller's own.
pub fn read_caller(ctx: &Context<'_>) {
    if let Some(t) = ctx.data_opt::<Arc<Tracker>>() {
        t.read_caller();
    }
}

/// Marks the request's answer as not to be kept (it read something that changes
/// without a block or an API write, or counted an attempt against a limit).
pub fn read_volatile(ctx: &Context<'_>) {
    if let Some(t) = ctx.data_opt::<Arc<Tracker>>() {
        t.read_volatile();
    }
}

/// Moves the API's write counter (`api_epoch`): every kept answer computed before is
/// no longer served, on every API process sharing the database.
pub async fn bump_epoch(pool: &MySqlPool) {
    if let Err(e) = sqlx::query("UPDATE api_epoch SET epoch = epoch + 1 WHERE id = 1")
        .execute(pool)
        .await
    {
        tracing::warn!(target: "graphql_api::cache", error = %e, "moving the write counter failed");
    }
}

/// The extension that sees which kind of operation runs: a document with a mutation is
/// never kept, moves the write counter once it ran, and is refused over `GET`.
pub struct CacheScope;

impl ExtensionFactory for CacheScope {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(CacheScopeExt {
            writes: AtomicBool::new(false),
        })
    }
}

struct CacheScopeExt {
    writes: AtomicBool,
}

fn writes(doc: &ExecutableDocument) -> bool {
    doc.operations
        .iter()
        .any(|(_, op)| op.node.ty != OperationType::Query)
}

#[async_trait::async_trait]
impl Extension for CacheScopeExt {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let doc = next.run(ctx, query, variables).await?;
        if writes(&doc) {
            self.writes.store(true, Relaxed);
            if let Some(t) = ctx.data_opt::<Arc<Tracker>>() {
                t.flags.fetch_or(WRITE, Relaxed);
                if t.via_get {
                    return Err(crate::limits::refusal(
                        "only queries may be sent with GET; send mutations with POST".into(),
                        "METHOD_NOT_ALLOWED",
                    ));
                }
            }
        }
        Ok(doc)
    }

    async fn execute(
        &self,
        ctx: &ExtensionContext<'_>,
        operation_name: Option<&str>,
        next: NextExecute<'_>,
    ) -> Response {
        let resp = next.run(ctx, operation_name).await;
        if self.writes.load(Relaxed)
            && let Some(pool) = ctx.data_opt::<MySqlPool>()
        {
            bump_epoch(pool).await;
        }
        resp
    }
}
