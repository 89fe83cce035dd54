//! How each event changes the read model. Every row is filled from the event itself
//! (and rows the read model already has): the chain is never asked.
//!
//! This module decodes nothing itself: it routes a decoded [`Event`] to the module of
//! the contract that emitted it. Each contract module holds both halves of its events'
//! projection: the rows an event reads (its `prefetch_keys`, loaded in bulk before a
//! batch is projected) and the code that reads and writes them.

/// The row a lookup such as [`Projector::must`] found; a skip it reports instead is
/// returned from the calling projection as its [`Outcome`].
macro_rules! found {
    ($lookup:expr) => {
        match $lookup.await? {
            Ok(row) => row,
            Err(skip) => return Ok(skip),
        }
    };
}

mod communities;
mod escrow;
mod exchange;
mod mall;
mod notifications;
mod points;
mod posts;
mod profiles;
mod tasks;

pub use mall::order_status;
pub use profiles::role_name;
pub use tasks::task_status;

use crate::{
    decode::Event,
    model::{Key, Row, SETTING, TableSpec, Val},
    store::Batch,
};
use alloy::primitives::{Address, B256, U256};
use bindings::Contracts;
use sqlx::{MySqlConnection, Row as _};
use std::collections::HashMap;

/// Lowercase 0x hex of an address, as stored.
pub fn addr(a: Address) -> String {
    format!("{a:#x}")
}

/// 0x hex of a 32-byte hash, as stored.
pub fn hash(h: B256) -> String {
    format!("{h:#x}")
}

/// The largest amount `DECIMAL(65,0)` holds.
fn max_decimal() -> U256 {
    U256::from(10u64).pow(U256::from(65u64)) - U256::from(1u64)
}

/// An amount as stored, or `None` when it does not fit `DECIMAL(65,0)`.
pub fn amount(v: U256) -> Option<String> {
    (v <= max_decimal()).then(|| v.to_string())
}

fn parse_amount(v: &Val) -> U256 {
    v.as_str()
        .and_then(|s| U256::from_str_radix(s, 10).ok())
        .unwrap_or_default()
}

fn u64_of(v: U256) -> Option<u64> {
    u64::try_from(v).ok()
}

/// What the projector keeps between batches: who is which user, which tokens are
/// watched, and the next indexer-assigned ids. Reloaded from MySQL after a failed
/// batch or a rollback, so it never drifts from the tables.
#[derive(Debug, Clone)]
pub struct Directory {
    users: HashMap<Address, u64>,
    /// Point tokens: token → community id.
    pub tokens: HashMap<Address, u64>,
    next_user: u64,
    next_transaction: u64,
    next_point: u64,
    next_application: u64,
    next_action: u64,
}

impl Default for Directory {
    /// The directory of an empty read model: ids start at 1.
    fn default() -> Self {
        Self {
            users: HashMap::new(),
            tokens: HashMap::new(),
            next_user: 1,
            next_transaction: 1,
            next_point: 1,
            next_application: 1,
            next_action: 1,
        }
    }
}

impl Directory {
    /// Loads the directory from the tables.
    pub async fn load(conn: &mut MySqlConnection) -> Result<Self, sqlx::Error> {
        let mut dir = Directory::default();
        for r in sqlx::query("SELECT user_id, CAST(ethereum_address AS CHAR) FROM `User`")
            .fetch_all(&mut *conn)
            .await?
        {
            let id: u32 = r.try_get(0)?;
            let a: String = r.try_get(1)?;
            if let Ok(a) = a.parse::<Address>() {
                dir.users.insert(a, id.into());
            }
        }
        for r in sqlx::query("SELECT CAST(token AS CHAR), community_id FROM `Token`")
            .fetch_all(&mut *conn)
            .await?
        {
            let t: String = r.try_get(0)?;
            let c: u64 = r.try_get(1)?;
            if let Ok(t) = t.parse::<Address>() {
                dir.tokens.insert(t, c);
            }
        }
        let max = async |sql: &str, conn: &mut MySqlConnection| -> Result<u64, sqlx::Error> {
            let v: Option<u64> = sqlx::query_scalar(sql).fetch_one(conn).await?;
            Ok(v.unwrap_or(0) + 1)
        };
        dir.next_user = max("SELECT CAST(MAX(user_id) AS UNSIGNED) FROM `User`", conn).await?;
        dir.next_transaction = max("SELECT MAX(transaction_id) FROM `Transaction`", conn).await?;
        dir.next_point = max("SELECT MAX(point_id) FROM `Point`", conn).await?;
        dir.next_application = max(
            "SELECT MAX(application_id) FROM `PublisherApplication`",
            conn,
        )
        .await?;
        dir.next_action = max("SELECT MAX(action_id) FROM `ModerationAction`", conn).await?;
        Ok(dir)
    }

    /// The user id of `a`, if registered.
    pub fn user(&self, a: Address) -> Option<u64> {
        self.users.get(&a).copied()
    }
}

/// What projecting one log did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The read model changed (or the event needs no row, like an `Approval`).
    Applied,
    /// A new point token must be watched from this block on.
    NewToken(Address),
    /// The log was well-formed but cannot be projected (e.g. an amount beyond
    /// `DECIMAL(65,0)`); it is logged and counted, the batch goes on.
    Skipped(String),
}

/// Rows one event reads: (table, primary key) pairs.
type Keys = Vec<(&'static TableSpec, Key)>;

/// The key of a row keyed by one on-chain id.
fn id(v: U256) -> Key {
    Key::id(u64_of(v).unwrap_or(u64::MAX))
}

/// The key of a row keyed by an on-chain id and an account.
fn pair(a: U256, b: Address) -> Key {
    Key(vec![Val::U(u64_of(a).unwrap_or(u64::MAX)), Val::S(addr(b))])
}

/// The key of one of a contract's settings.
fn setting_key(contract: Address, name: &str) -> Key {
    Key(vec![Val::S(addr(contract)), Val::S(name.to_owned())])
}

/// The setting row a contract's `name` setting lives in.
fn setting(contract: Address, name: &str) -> Keys {
    vec![(&SETTING, setting_key(contract, name))]
}

/// The rows projecting `event` will read, so a batch can load them in bulk first.
pub fn prefetch_keys(event: &Event, c: &Contracts, dir: &Directory) -> Keys {
    match event {
        Event::Profiles(e) => profiles::prefetch_keys(e, c, dir),
        Event::Communities(e) => communities::prefetch_keys(e, c),
        Event::Posts(e) => posts::prefetch_keys(e, c),
        Event::TaskMarket(e) => tasks::prefetch_keys(e, c),
        Event::PointMall(e) => mall::prefetch_keys(e, c),
        Event::PointExchange(e) => exchange::prefetch_keys(e, c),
        Event::Points { token, event, .. } => points::prefetch_keys(*token, event),
    }
}

/// Rows a second prefetch round loads: those named by rows the first round loaded
/// (an order's item, for the order events that carry only the order's id; a removed
/// comment's post).
pub fn second_round_keys(event: &Event, batch: &Batch) -> Keys {
    match event {
        Event::Posts(e) => posts::second_round_keys(e, batch),
        Event::PointMall(e) => mall::second_round_keys(e, batch),
        _ => vec![],
    }
}

/// Projects one event into the batch.
pub struct Projector<'a> {
    /// The batch being filled.
    pub batch: &'a mut Batch,
    /// The transaction the batch runs in (for rows no prefetch covered).
    pub conn: &'a mut MySqlConnection,
    /// Users, tokens and ids.
    pub dir: &'a mut Directory,
    /// The deployed contracts.
    pub contracts: &'a Contracts,
}

type R<T> = Result<T, sqlx::Error>;

impl Projector<'_> {
    /// Applies `event` to the batch.
    pub async fn apply(&mut self, event: &Event, emitter: Address) -> R<Outcome> {
        match event {
            Event::Profiles(e) => self.profiles(e, emitter).await,
            Event::Communities(e) => self.communities(e, emitter).await,
            Event::Posts(e) => self.posts(e, emitter).await,
            Event::TaskMarket(e) => self.task_market(e, emitter).await,
            Event::PointMall(e) => self.point_mall(e, emitter).await,
            Event::PointExchange(e) => self.point_exchange(e, emitter).await,
            Event::Points {
                token,
                community_id,
                event,
            } => self.points(*token, *community_id, event).await,
        }
    }

    async fn get(&mut self, spec: &'static TableSpec, key: Key) -> R<Option<Row>> {
        self.batch.get(self.conn, spec, &key).await
    }

    /// Loads a row the event implies exists; a missing one means the read model was
    /// built from another chain (or a bug), which a skip reports instead of a panic.
    async fn must(&mut self, spec: &'static TableSpec, key: Key) -> R<Result<Row, Outcome>> {
        Ok(self.get(spec, key.clone()).await?.ok_or_else(|| {
            Outcome::Skipped(format!(
                "{} {:?} is not in the read model",
                spec.name, key.0
            ))
        }))
    }

    fn now(&self) -> u64 {
        self.batch.ctx.block_time
    }

    async fn setting(&mut self, contract: Address, name: &str, value: String) -> R<()> {
        let key = setting_key(contract, name);
        let mut row = self
            .get(&SETTING, key)
            .await?
            .unwrap_or_else(|| Row::new(&SETTING));
        row.set("contract", addr(contract))
            .set("name", name)
            .set("value", value);
        self.batch.put(row);
        Ok(())
    }

    /// Every contract's `Paused`/`Unpaused`: its `paused` setting.
    async fn paused(&mut self, contract: Address, paused: bool) -> R<Outcome> {
        self.setting(contract, "paused", paused.to_string()).await?;
        Ok(Outcome::Applied)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_and_hashes_are_lowercase_hex() {
        let a: Address = "0x5FbDB2315678afecb367f032d93F642f64180aa3"
            .parse()
            .unwrap();
        assert_eq!(addr(a), "0x5fbdb2315678afecb367f032d93f642f64180aa3");
        assert_eq!(hash(B256::ZERO).len(), 66);
    }

    #[test]
    fn amounts_beyond_decimal_65_are_refused() {
        assert_eq!(amount(U256::from(42u64)).as_deref(), Some("42"));
        assert!(amount(max_decimal()).is_some());
        assert!(amount(max_decimal() + U256::from(1u64)).is_none());
        assert!(amount(U256::MAX).is_none());
    }
}
