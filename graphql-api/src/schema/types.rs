//! Types shared by the schema: provenance, time travel, paging and address handling.

use crate::error::{ApiResult, bad_input};
use alloy::primitives::Address;
use async_graphql::{InputObject, SimpleObject};
use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
use read_model::TableRow;

/// Where a chain-derived object's current state came from: the log that last changed it.
#[derive(SimpleObject, Clone, Debug)]
pub struct Source {
    /// The block's number.
    pub block_number: i64,
    /// The block's hash.
    pub block_hash: String,
    /// The transaction's hash (look it up on a block explorer).
    pub tx_hash: String,
    /// The log's index in its block.
    pub log_index: i64,
}

impl Source {
    /// The provenance of a read-model row.
    pub fn of(row: &impl TableRow) -> Self {
        let p = row.provenance();
        Self {
            block_number: int(p.block_number),
            block_hash: p.block_hash,
            tx_hash: p.tx_hash,
            log_index: int(p.log_index),
        }
    }
}

/// A read-model count, unix time or block number as GraphQL's `Int` (an `i64`; the
/// read model's unsigned values stay far below `i64::MAX`, which caps them).
pub fn int(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

/// Time travel: answer as of the end of this block.
#[derive(InputObject, Clone, Copy, Debug)]
pub struct BlockInput {
    /// The block number.
    pub number: u64,
}

/// The block a query reads at (`None`: the latest indexed state).
pub fn at(block: Option<BlockInput>) -> Option<u64> {
    block.map(|b| b.number)
}

/// The repository's paging of a connection page.
pub fn paging(
    offset: u64,
    limit: u64,
    descending: bool,
    block: Option<BlockInput>,
) -> crate::repo::Paging {
    crate::repo::Paging {
        offset,
        limit,
        descending,
        at: at(block),
    }
}

/// Sort direction.
#[derive(async_graphql::Enum, Copy, Clone, Eq, PartialEq, Debug, Default)]
pub enum Direction {
    /// Smallest first.
    Asc,
    /// Largest first.
    #[default]
    Desc,
}

/// The `totalCount` of a connection.
#[derive(SimpleObject, Debug)]
pub struct Total {
    /// How many objects matched the filter in all.
    pub total_count: i64,
}

/// A page of rows as a Relay connection with `totalCount`, cursors counting from `offset`.
pub fn connection<R, T: async_graphql::OutputType>(
    page: crate::repo::Page<R>,
    offset: u64,
    wrap: impl Fn(R) -> T,
) -> async_graphql::connection::Connection<String, T, Total, async_graphql::connection::EmptyFields>
{
    use async_graphql::connection::{Connection, Edge};
    let has_next = offset.saturating_add(page.rows.len() as u64) < page.total.max(0) as u64;
    let mut conn = Connection::with_additional_fields(
        offset > 0,
        has_next,
        Total {
            total_count: page.total,
        },
    );
    conn.edges.extend(
        page.rows
            .into_iter()
            .enumerate()
            .map(|(i, row)| Edge::new(encode_cursor(offset.saturating_add(i as u64)), wrap(row))),
    );
    conn
}

/// Page sizes: default 20, at most 100.
pub const DEFAULT_PAGE: u64 = 20;
/// The largest page.
pub const MAX_PAGE: u64 = 100;

/// Offset cursors (opaque to clients).
pub fn encode_cursor(offset: u64) -> String {
    URL_SAFE_NO_PAD.encode(format!("o:{offset}"))
}

/// The largest offset a cursor may carry (far beyond any table; keeps the arithmetic
/// on offsets from overflowing).
pub const MAX_OFFSET: u64 = 1 << 53;

/// The longest cursor read (the ones issued are a dozen characters).
const MAX_CURSOR_LEN: usize = 64;

/// Reads a cursor made by [`encode_cursor`].
pub fn decode_cursor(cursor: &str) -> ApiResult<u64> {
    (cursor.len() <= MAX_CURSOR_LEN)
        .then(|| URL_SAFE_NO_PAD.decode(cursor).ok())
        .flatten()
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|s| s.strip_prefix("o:").and_then(|n| n.parse::<u64>().ok()))
        .filter(|&n| n < MAX_OFFSET)
        .ok_or_else(|| bad_input("invalid cursor"))
}

/// Resolves `first`/`after` into (offset, limit).
pub fn page(first: Option<i32>, after: Option<String>) -> ApiResult<(u64, u64)> {
    let limit = match first {
        None => DEFAULT_PAGE,
        Some(n) if n < 0 => return Err(bad_input("first must not be negative")),
        Some(n) if n as u64 > MAX_PAGE => {
            return Err(bad_input(format!("first must be at most {MAX_PAGE}")));
        }
        Some(n) => n as u64,
    };
    let offset = match after {
        None => 0,
        Some(c) => decode_cursor(&c)?.saturating_add(1),
    };
    Ok((offset, limit))
}

/// Parses an on-chain id given as a decimal string.
pub fn parse_id(id: &str) -> ApiResult<u64> {
    id.parse::<u64>()
        .ok()
        .filter(|&n| n > 0)
        .ok_or_else(|| bad_input(format!("{id:?} is not an id (a positive decimal integer)")))
}

/// Parses an address (any case) into the stored lowercase form.
pub fn parse_address(a: &str) -> ApiResult<String> {
    a.parse::<Address>()
        .map(|a| format!("{a:#x}"))
        .map_err(|_| bad_input(format!("{a:?} is not an address")))
}

/// The checksummed form of a stored address.
pub fn checksum(stored: &str) -> String {
    stored
        .parse::<Address>()
        .map(|a| a.to_checksum(None))
        .unwrap_or_else(|_| stored.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_garbage_is_bad_input() {
        assert_eq!(decode_cursor(&encode_cursor(41)).unwrap(), 41);
        assert!(decode_cursor("not-a-cursor").is_err());
        assert_eq!(page(None, None).unwrap(), (0, 20));
        assert_eq!(page(Some(5), Some(encode_cursor(9))).unwrap(), (10, 5));
        assert!(page(Some(101), None).is_err());
        assert!(page(Some(-1), None).is_err());
        // o:u64::MAX (the crafted cursor of issue 11) and other out-of-range offsets.
        assert!(decode_cursor("bzoxODQ0Njc0NDA3MzcwOTU1MTYxNQ").is_err());
        assert!(page(None, Some("bzoxODQ0Njc0NDA3MzcwOTU1MTYxNQ".into())).is_err());
        assert!(decode_cursor(&encode_cursor(MAX_OFFSET)).is_err());
        assert!(decode_cursor(&"A".repeat(10_000)).is_err());
    }

    #[test]
    fn ids_and_addresses_are_checked() {
        assert_eq!(parse_id("7").unwrap(), 7);
        assert!(parse_id("0").is_err() && parse_id("x").is_err() && parse_id("-1").is_err());
        let lower = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
        assert_eq!(
            parse_address("0x5FbDB2315678afecb367f032d93F642f64180aa3").unwrap(),
            lower
        );
        assert_eq!(
            checksum(lower),
            "0x5FbDB2315678afecb367f032d93F642f64180aa3"
        );
        assert!(parse_address("0x123").is_err());
    }
}
