//! Limits async-graphql lacks: aliases per operation, and a query cost that grows with
//! the page sizes asked for. (Depth is the schema builder's own limit.) Many aliases of
//! one expensive field multiply its cost without deepening the query, and so does a
//! large `first:` on a list nested in another list.
//!
//! **Cost.** Every field selected costs 1 for each time it is resolved. A field that
//! takes `first` sets the page size of the lists below it (`nodes`, `edges`, or the
//! lists of `search`): each of their items is resolved once per item, so their
//! selections are multiplied by `first` (20 when not given, the default page). A list
//! without paging (`memberships`, `balances`, …) counts as [`UNPAGED_LIST`] items.
//! Multipliers multiply down nested lists. An operation over [`QueryLimits::max_cost`]
//! is refused with `QUERY_TOO_COMPLEX` before anything runs, and each IP may spend
//! [`QueryLimits::ip_cost_per_minute`] a minute (`RATE_LIMITED` beyond).

use crate::{auth::RequestInfo, auth::limit::RateLimiter};
use async_graphql::{
    ServerError, ServerResult, Value, Variables,
    extensions::{Extension, ExtensionContext, ExtensionFactory, NextParseQuery},
    parser::types::{ExecutableDocument, Field, Selection, SelectionSet},
    registry::{MetaTypeName, Registry},
};
use std::{sync::Arc, time::Duration};

/// The most aliases an operation (with its fragments) may use.
pub const MAX_ALIASES: usize = 30;

/// Items assumed for a list field that takes no `first`.
pub const UNPAGED_LIST: u64 = 20;

/// The page size assumed when a paged field is not given `first`.
pub const DEFAULT_FIRST: u64 = crate::schema::types::DEFAULT_PAGE;

/// The largest page size counted (larger values are refused by the resolvers anyway).
const MAX_FIRST: u64 = crate::schema::types::MAX_PAGE;

/// How deep fragment spreads are followed (cycles are refused by validation later).
const MAX_SPREAD_DEPTH: usize = 32;

/// The query cost limits and the per-IP spending counters.
#[derive(Debug)]
pub struct QueryLimits {
    /// The largest cost of one operation.
    pub max_cost: u64,
    /// What one IP may spend a minute (0: no limit).
    pub ip_cost_per_minute: u64,
    /// Whether `__schema` and `__type` may be queried (and validation errors suggest
    /// field names).
    pub introspection: bool,
    /// Operations costing at least this take turns ([`QueryLimits::with_heavy`]; the
    /// others wait at most [`HEAVY_WAIT`]): a client sending queries at the cost limit
    /// cannot take every core from the cheap reads.
    pub heavy_cost: u64,
    heavy: Arc<tokio::sync::Semaphore>,
    heavy_wait: Duration,
    spent: RateLimiter,
}

/// How long an expensive operation waits for its turn before `SERVER_BUSY`.
pub const HEAVY_WAIT: Duration = Duration::from_secs(10);

impl QueryLimits {
    /// Limits of `max_cost` an operation and `ip_cost_per_minute` an IP (0: none),
    /// introspection on.
    pub fn new(max_cost: u64, ip_cost_per_minute: u64) -> Self {
        Self {
            max_cost,
            ip_cost_per_minute,
            introspection: true,
            heavy_cost: 2_000,
            heavy: Arc::new(tokio::sync::Semaphore::new(1)),
            heavy_wait: HEAVY_WAIT,
            spent: RateLimiter::default(),
        }
    }

    /// Operations costing `cost` or more run `at_once` at a time (at least one).
    pub fn with_heavy(mut self, cost: u64, at_once: usize) -> Self {
        self.heavy_cost = cost;
        self.heavy = Arc::new(tokio::sync::Semaphore::new(at_once.max(1)));
        self
    }

    /// How long an expensive operation waits for its turn ([`HEAVY_WAIT`] by default).
    pub fn with_heavy_wait(mut self, wait: Duration) -> Self {
        self.heavy_wait = wait;
        self
    }

    /// The expensive operations' turns (a turn taken from it is one running).
    pub fn heavy_turns(&self) -> Arc<tokio::sync::Semaphore> {
        self.heavy.clone()
    }

    /// A turn among the expensive operations, waited for at most the heavy wait
    /// (`None`: none came free). Held until dropped.
    pub async fn heavy_turn(&self) -> Option<tokio::sync::OwnedSemaphorePermit> {
        tokio::time::timeout(self.heavy_wait, self.heavy.clone().acquire_owned())
            .await
            .ok()?
            .ok()
    }

    /// Charges `cost` to `ip`'s budget for the minute; `RATE_LIMITED` when spent.
    pub fn charge(&self, ip: std::net::IpAddr, cost: u64) -> Result<(), ServerError> {
        if self.ip_cost_per_minute == 0 {
            return Ok(());
        }
        let rule = crate::auth::limit::Rule {
            max: u32::try_from(self.ip_cost_per_minute).unwrap_or(u32::MAX),
            window: Duration::from_secs(60),
        };
        self.spent
            .hit_n(
                &ip.to_string(),
                u32::try_from(cost.max(1)).unwrap_or(u32::MAX),
                rule,
            )
            .map_err(|wait| {
                crate::metrics::RATE_LIMITED.inc();
                refusal(
                    format!(
                        "this address has spent its query budget ({} a minute); try again in {} s",
                        self.ip_cost_per_minute,
                        wait.as_secs().max(1)
                    ),
                    "RATE_LIMITED",
                )
            })
    }
}

impl Default for QueryLimits {
    fn default() -> Self {
        Self::new(10_000, 1_000_000)
    }
}

/// The extension factory of the alias limit.
pub struct AliasLimit(pub usize);

impl ExtensionFactory for AliasLimit {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(AliasLimitExt(self.0))
    }
}

struct AliasLimitExt(usize);

fn count(set: &SelectionSet) -> usize {
    set.items
        .iter()
        .map(|s| match &s.node {
            Selection::Field(f) => {
                usize::from(f.node.alias.is_some()) + count(&f.node.selection_set.node)
            }
            Selection::InlineFragment(i) => count(&i.node.selection_set.node),
            Selection::FragmentSpread(_) => 0,
        })
        .sum()
}

/// Aliases in `doc`: every operation's and every fragment's.
pub fn aliases(doc: &ExecutableDocument) -> usize {
    doc.operations
        .iter()
        .map(|(_, op)| count(&op.node.selection_set.node))
        .sum::<usize>()
        + doc
            .fragments
            .values()
            .map(|f| count(&f.node.selection_set.node))
            .sum::<usize>()
}

/// An error before execution, with its `extensions.code`.
pub(crate) fn refusal(message: String, code: &str) -> ServerError {
    let mut e = ServerError::new(message, None);
    e.extensions = Some({
        let mut ext = async_graphql::ErrorExtensionValues::default();
        ext.set("code", code);
        ext
    });
    e
}

#[async_trait::async_trait]
impl Extension for AliasLimitExt {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let doc = next.run(ctx, query, variables).await?;
        let n = aliases(&doc);
        if n > self.0 {
            return Err(refusal(
                format!("the query uses {n} aliases; at most {} are allowed", self.0),
                "BAD_INPUT",
            ));
        }
        Ok(doc)
    }
}

/// The extension factory of the query cost limit (settings from the request's
/// [`QueryLimits`] data, else the defaults without a per-IP budget).
pub struct QueryCost;

impl ExtensionFactory for QueryCost {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(QueryCostExt::default())
    }
}

/// One operation's cost check; holds its turn among expensive operations until the
/// request ends (the extension lives as long as the request).
#[derive(Default)]
struct QueryCostExt {
    turn: std::sync::Mutex<Option<tokio::sync::OwnedSemaphorePermit>>,
}

struct Walk<'a> {
    registry: &'a Registry,
    doc: &'a ExecutableDocument,
    variables: &'a Variables,
}

/// A `first:` argument's value, clamped to what the resolvers allow.
fn first_arg(field: &Field, variables: &Variables) -> Option<u64> {
    let (_, v) = field.arguments.iter().find(|(n, _)| n.node == "first")?;
    let value = match &v.node {
        async_graphql_value::Value::Variable(name) => variables.get(name).cloned()?,
        other => other.clone().into_const()?,
    };
    match value {
        Value::Number(n) => Some(n.as_u64().unwrap_or(0).min(MAX_FIRST)),
        _ => None,
    }
}

fn is_list(ty: &str) -> bool {
    matches!(
        MetaTypeName::create(ty).unwrap_non_null(),
        MetaTypeName::List(_)
    )
}

impl Walk<'_> {
    /// The cost of `set` on type `parent`, each field resolved `mult` times, with the
    /// page size `page` set by the nearest paged field above.
    fn set(
        &self,
        set: &SelectionSet,
        parent: Option<&str>,
        mult: u64,
        page: u64,
        depth: usize,
    ) -> u64 {
        let mut total: u64 = 0;
        for item in &set.items {
            let c = match &item.node {
                Selection::Field(f) => self.field(&f.node, parent, mult, page, depth),
                Selection::InlineFragment(i) => {
                    let on = i
                        .node
                        .type_condition
                        .as_ref()
                        .map(|t| t.node.on.node.as_str())
                        .or(parent);
                    self.set(&i.node.selection_set.node, on, mult, page, depth)
                }
                Selection::FragmentSpread(s) => {
                    if depth >= MAX_SPREAD_DEPTH {
                        continue;
                    }
                    match self.doc.fragments.get(&s.node.fragment_name.node) {
                        Some(frag) => self.set(
                            &frag.node.selection_set.node,
                            Some(frag.node.type_condition.node.on.node.as_str()),
                            mult,
                            page,
                            depth + 1,
                        ),
                        None => 0,
                    }
                }
            };
            total = total.saturating_add(c);
        }
        total
    }

    fn field(&self, f: &Field, parent: Option<&str>, mult: u64, page: u64, depth: usize) -> u64 {
        let meta = parent
            .and_then(|p| self.registry.types.get(p))
            .and_then(|t| t.field_by_name(f.name.node.as_str()));
        let mut child_page = page;
        let mut child_mult = mult;
        if let Some(m) = meta {
            if m.args.contains_key("first") {
                child_page = first_arg(f, self.variables).unwrap_or(DEFAULT_FIRST);
            }
            if is_list(&m.ty) {
                child_mult = mult.saturating_mul(if page > 0 { page } else { UNPAGED_LIST });
                child_page = 0;
            }
        }
        let child_type = meta.map(|m| MetaTypeName::concrete_typename(&m.ty));
        mult.saturating_add(self.set(
            &f.selection_set.node,
            child_type,
            child_mult,
            child_page,
            depth,
        ))
    }
}

/// Whether `set` (or a fragment it spreads) selects `__schema` or `__type`.
fn introspects(doc: &ExecutableDocument, set: &SelectionSet, depth: usize) -> bool {
    depth < MAX_SPREAD_DEPTH
        && set.items.iter().any(|s| match &s.node {
            Selection::Field(f) => {
                matches!(f.node.name.node.as_str(), "__schema" | "__type")
                    || introspects(doc, &f.node.selection_set.node, depth + 1)
            }
            Selection::InlineFragment(i) => introspects(doc, &i.node.selection_set.node, depth + 1),
            Selection::FragmentSpread(s) => doc
                .fragments
                .get(&s.node.fragment_name.node)
                .is_some_and(|f| introspects(doc, &f.node.selection_set.node, depth + 1)),
        })
}

/// The cost of the costliest operation in `doc` (see the module's documentation).
pub fn cost(registry: &Registry, doc: &ExecutableDocument, variables: &Variables) -> u64 {
    let w = Walk {
        registry,
        doc,
        variables,
    };
    doc.operations
        .iter()
        .map(|(_, op)| {
            let root = match op.node.ty {
                async_graphql::parser::types::OperationType::Query => {
                    Some(registry.query_type.as_str())
                }
                async_graphql::parser::types::OperationType::Mutation => {
                    registry.mutation_type.as_deref()
                }
                async_graphql::parser::types::OperationType::Subscription => {
                    registry.subscription_type.as_deref()
                }
            };
            w.set(&op.node.selection_set.node, root, 1, 0, 0)
        })
        .max()
        .unwrap_or(0)
}

#[async_trait::async_trait]
impl Extension for QueryCostExt {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let doc = next.run(ctx, query, variables).await?;
        static DEFAULT: std::sync::OnceLock<QueryLimits> = std::sync::OnceLock::new();
        let limits = ctx
            .data_opt::<Arc<QueryLimits>>()
            .map(|l| l.as_ref())
            .unwrap_or_else(|| DEFAULT.get_or_init(|| QueryLimits::new(10_000, 0)));
        if !limits.introspection
            && doc
                .operations
                .iter()
                .any(|(_, op)| introspects(&doc, &op.node.selection_set.node, 0))
        {
            return Err(refusal(
                "introspection is off on this server; the schema is published as schema.graphql"
                    .into(),
                "BAD_INPUT",
            ));
        }
        let c = cost(&ctx.schema_env.registry, &doc, variables);
        if c > limits.max_cost {
            return Err(refusal(
                format!(
                    "the query's cost is {c}; at most {} is allowed (each list multiplies what it selects by its `first`, 20 when not given): ask for smaller pages or fewer fields",
                    limits.max_cost
                ),
                "QUERY_TOO_COMPLEX",
            ));
        }
        if let Some(t) = ctx.data_opt::<Arc<crate::response_cache::Tracker>>() {
            t.set_cost(c);
        }
        if let Some(info) = ctx.data_opt::<RequestInfo>() {
            limits.charge(info.ip, c)?;
        }
        if c >= limits.heavy_cost {
            let Some(turn) = limits.heavy_turn().await else {
                return Err(refusal(
                    "the server is busy with expensive queries; try again shortly, or ask for smaller pages".into(),
                    "SERVER_BUSY",
                ));
            };
            *self.turn.lock().expect("turn lock") = Some(turn);
        }
        Ok(doc)
    }
}
