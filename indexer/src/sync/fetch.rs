//! Reading the chain: logs of a block range with the headers they need, fetched in
//! ranges a node accepts (narrowed on "too many results", following its hint), and cut
//! into batches at block boundaries.

use super::{Indexer, SyncError, rpc};
use crate::decode::Watched;
use alloy::{
    eips::BlockNumberOrTag,
    primitives::{Address, B256},
    providers::{DynProvider, Provider},
    rpc::types::{Filter, Log},
    sol_types::SolEvent,
};
use bindings::{Communities::PointsCreated, Deployment};
use futures::{StreamExt, TryStreamExt, stream};
use std::collections::{BTreeMap, HashMap};
use tracing::debug;

/// A block header as the loop needs it.
#[derive(Debug, Clone)]
pub(super) struct Header {
    pub(super) number: u64,
    pub(super) hash: B256,
    pub(super) parent: B256,
    pub(super) time: u64,
}

/// Logs of a block range with the headers they need.
pub(super) struct Fetched {
    pub(super) from: u64,
    pub(super) to: u64,
    pub(super) logs: Vec<Log>,
    pub(super) headers: BTreeMap<u64, Header>,
}

impl Fetched {
    /// Whether every header's parent is the header before it (the chain did not move
    /// while the range was read).
    pub(super) fn linked(&self) -> bool {
        self.headers
            .values()
            .zip(self.headers.values().skip(1))
            .all(|(prev, h)| h.parent == prev.hash)
    }
}

impl Indexer {
    pub(super) fn fetcher(&self, tokens: HashMap<Address, u64>) -> Fetcher {
        Fetcher {
            provider: self.provider.clone(),
            watched: Watched {
                contracts: self.deployment.contracts,
                tokens,
            },
        }
    }

    /// Fetches [from, to], halving (or following the node's hint) on "too many results".
    pub(super) async fn fetch_adaptive(
        &self,
        from: u64,
        mut to: u64,
        tokens: &HashMap<Address, u64>,
        range: &mut u64,
    ) -> Result<Fetched, SyncError> {
        loop {
            match self.fetcher(tokens.clone()).fetch(from, to, false).await {
                Ok(f) => return Ok(f),
                Err(SyncError::Rpc(msg)) if to > from && looks_like_too_many(&msg) => {
                    let hinted = hinted_end(&msg).filter(|&end| end >= from && end < to);
                    to = hinted.unwrap_or(from + (to - from) / 2);
                    *range = (to - from + 1).max(1);
                    debug!(target: "indexer::sync", from, to, "narrowing the log range");
                }
                Err(e) => return Err(e),
            }
        }
    }
}

/// Cuts a fetched range into batches of at most `max_logs` logs at block boundaries
/// (one block's logs are never split); each part keeps the headers of its blocks.
pub(super) fn split(f: Fetched, max_logs: usize) -> Vec<Fetched> {
    if f.logs.len() <= max_logs {
        return vec![f];
    }
    let mut parts = Vec::new();
    let mut from = f.from;
    let mut logs: Vec<Log> = Vec::new();
    let mut iter = f.logs.into_iter().peekable();
    while let Some(log) = iter.next() {
        let block = log.block_number.unwrap_or(f.to);
        logs.push(log);
        let block_ends = iter
            .peek()
            .is_none_or(|next| next.block_number != Some(block));
        if block_ends && logs.len() >= max_logs && block < f.to {
            let headers = f
                .headers
                .range(from..=block)
                .map(|(k, v)| (*k, v.clone()))
                .collect();
            parts.push(Fetched {
                from,
                to: block,
                logs: std::mem::take(&mut logs),
                headers,
            });
            from = block + 1;
        }
    }
    let headers = f
        .headers
        .range(from..=f.to)
        .map(|(k, v)| (*k, v.clone()))
        .collect();
    parts.push(Fetched {
        from,
        to: f.to,
        logs,
        headers,
    });
    parts
}

/// Tokens created by `PointsCreated` logs in `logs`.
pub(super) fn discover_tokens(d: &Deployment, logs: &[Log]) -> HashMap<Address, u64> {
    logs.iter()
        .filter(|l| l.address() == d.contracts.Communities)
        .filter_map(|l| PointsCreated::decode_log(&l.inner).ok())
        .map(|e| (e.token, u64::try_from(e.id).unwrap_or(u64::MAX)))
        .collect()
}

fn looks_like_too_many(msg: &str) -> bool {
    let m = msg.to_ascii_lowercase();
    [
        "too many",
        "limit",
        "exceed",
        "range",
        "timeout",
        "timed out",
        "response size",
    ]
    .iter()
    .any(|k| m.contains(k))
}

/// The end block a node suggests in its "too many results" error, e.g.
/// `... Try with this block range [0x10, 0x20]`.
fn hinted_end(msg: &str) -> Option<u64> {
    let open = msg.rfind('[')?;
    let close = msg[open..].find(']')? + open;
    let inner = &msg[open + 1..close];
    let end = inner.split(',').nth(1)?.trim();
    if let Some(hex) = end.strip_prefix("0x") {
        u64::from_str_radix(hex, 16).ok()
    } else {
        end.parse().ok()
    }
}

/// Fetches logs and headers; can run on its own task.
#[derive(Clone)]
pub(super) struct Fetcher {
    provider: DynProvider,
    watched: Watched,
}

impl Fetcher {
    pub(super) async fn fetch(
        &self,
        from: u64,
        to: u64,
        every_header: bool,
    ) -> Result<Fetched, SyncError> {
        let logs = self.logs(from, to).await?;
        let wanted: Vec<u64> = if every_header {
            (from..=to).collect()
        } else {
            let mut b: Vec<u64> = logs.iter().filter_map(|l| l.block_number).collect();
            b.push(to);
            b.sort_unstable();
            b.dedup();
            b
        };
        let headers = self.headers(wanted).await?;
        // Every log must belong to the block we hold the header of; otherwise the chain
        // reorganized between the two reads and the range is fetched again.
        for l in &logs {
            let (Some(n), Some(h)) = (l.block_number, l.block_hash) else {
                return Err(SyncError::Rpc("a log without block number or hash".into()));
            };
            if headers.get(&n).map(|x| x.hash) != Some(h) {
                return Err(SyncError::Rpc(format!(
                    "log of block {n} does not match its header (reorg during fetch)"
                )));
            }
        }
        Ok(Fetched {
            from,
            to,
            logs,
            headers,
        })
    }

    /// The watched logs of [from, to] in chain order, with those of tokens created in
    /// the range from their creation on.
    async fn logs(&self, from: u64, to: u64) -> Result<Vec<Log>, SyncError> {
        let filter = Filter::new()
            .address(self.watched.addresses())
            .from_block(from)
            .to_block(to);
        let mut logs = self.provider.get_logs(&filter).await.map_err(rpc)?;
        let known = &self.watched.tokens;
        let fresh: Vec<(Address, u64)> = logs
            .iter()
            .filter(|l| l.address() == self.watched.contracts.Communities)
            .filter_map(|l| {
                PointsCreated::decode_log(&l.inner)
                    .ok()
                    .map(|e| (e.token, l.block_number.unwrap_or(from)))
            })
            .filter(|(t, _)| !known.contains_key(t))
            .collect();
        if let Some(earliest) = fresh.iter().map(|(_, b)| *b).min() {
            let more = Filter::new()
                .address(fresh.iter().map(|(t, _)| *t).collect::<Vec<_>>())
                .from_block(earliest)
                .to_block(to);
            logs.extend(self.provider.get_logs(&more).await.map_err(rpc)?);
        }
        logs.retain(|l| !l.removed);
        logs.sort_by_key(|l| (l.block_number, l.log_index));
        logs.dedup_by_key(|l| (l.block_number, l.log_index));
        Ok(logs)
    }

    /// The headers of blocks `wanted`, sixteen requests at a time.
    async fn headers(&self, wanted: Vec<u64>) -> Result<BTreeMap<u64, Header>, SyncError> {
        let headers: Vec<Header> = stream::iter(wanted)
            .map(|n| {
                let p = self.provider.clone();
                async move {
                    let b = p
                        .get_block_by_number(BlockNumberOrTag::Number(n))
                        .await
                        .map_err(rpc)?;
                    let b = b.ok_or_else(|| SyncError::Rpc(format!("block {n} not found")))?;
                    Ok::<_, SyncError>(Header {
                        number: n,
                        hash: b.header.hash,
                        parent: b.header.parent_hash,
                        time: b.header.timestamp,
                    })
                }
            })
            .buffered(16)
            .try_collect()
            .await?;
        Ok(headers.into_iter().map(|h| (h.number, h)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fetched(blocks: &[u64], from: u64, to: u64) -> Fetched {
        let logs = blocks
            .iter()
            .enumerate()
            .map(|(i, b)| Log {
                block_number: Some(*b),
                log_index: Some(i as u64),
                ..Default::default()
            })
            .collect();
        let headers = blocks
            .iter()
            .chain([&to])
            .map(|n| {
                let h = Header {
                    number: *n,
                    hash: B256::with_last_byte(*n as u8),
                    parent: B256::ZERO,
                    time: 0,
                };
                (*n, h)
            })
            .collect();
        Fetched {
            from,
            to,
            logs,
            headers,
        }
    }

    #[test]
    fn big_ranges_split_at_block_boundaries_small_ones_stay_whole() {
        // Blocks 10 (3 logs), 11 (1), 13 (2), range 10..=20, at most 2 logs a part.
        let parts = split(fetched(&[10, 10, 10, 11, 13, 13], 10, 20), 2);
        let shape: Vec<(u64, u64, usize)> =
            parts.iter().map(|p| (p.from, p.to, p.logs.len())).collect();
        // A block's logs stay together even past the limit; the last part ends at `to`.
        assert_eq!(shape, vec![(10, 10, 3), (11, 13, 3), (14, 20, 0)]);
        assert!(parts.iter().all(|p| p.headers.contains_key(&p.to)));
        assert_eq!(split(fetched(&[10, 11], 10, 20), 5).len(), 1);
        // Near the head too: parts keep every header of their blocks.
        let near: Vec<(u64, u64)> = split(fetched(&[10, 10, 11], 10, 11), 1)
            .iter()
            .map(|p| (p.from, p.to))
            .collect();
        assert_eq!(near, vec![(10, 10), (11, 11)]);
    }

    #[test]
    fn node_hints_are_followed() {
        let alchemy = "Log response size exceeded. You can make eth_getLogs requests with up to a 2K block range and no limit on the response size, or you can request any block range with a cap of 10K logs in the response. Based on your parameters, this block range should work: [0x1, 0x7d0]";
        assert!(looks_like_too_many(alchemy));
        assert_eq!(hinted_end(alchemy), Some(0x7d0));
        let infura =
            "query returned more than 10000 results. Try with this block range [100, 250].";
        assert!(looks_like_too_many(infura));
        assert_eq!(hinted_end(infura), Some(250));
        assert!(!looks_like_too_many("connection refused"));
        assert_eq!(hinted_end("no hint"), None);
    }
}
