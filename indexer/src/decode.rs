//! Logs to typed events, with the shared alloy bindings.

use alloy::{primitives::Address, rpc::types::Log, sol_types::SolEventInterface};
use bindings::{
    Communities::CommunitiesEvents, CommunityPoints::CommunityPointsEvents, Contracts,
    PointExchange::PointExchangeEvents, PointMall::PointMallEvents, Posts::PostsEvents,
    Profiles::ProfilesEvents, TaskMarket::TaskMarketEvents,
};
use std::collections::HashMap;

/// A decoded event and the contract that emitted it.
#[derive(Debug, Clone)]
pub enum Event {
    /// From `Profiles`.
    Profiles(ProfilesEvents),
    /// From `Communities`.
    Communities(CommunitiesEvents),
    /// From `Posts`.
    Posts(PostsEvents),
    /// From `TaskMarket`.
    TaskMarket(TaskMarketEvents),
    /// From `PointMall`.
    PointMall(PointMallEvents),
    /// From `PointExchange`.
    PointExchange(PointExchangeEvents),
    /// From a community's `CommunityPoints` token (its address and community).
    Points {
        /// The token.
        token: Address,
        /// Its community.
        community_id: u64,
        /// The event.
        event: CommunityPointsEvents,
    },
}

/// Why a log was not projected.
#[derive(Debug, thiserror::Error)]
pub enum DecodeError {
    /// The log came from an address the indexer does not watch.
    #[error("log from unknown address {0}")]
    UnknownAddress(Address),
    /// The log's topics or data do not match any event of its contract.
    #[error("undecodable log from {address}: {reason}")]
    Malformed {
        /// The emitter.
        address: Address,
        /// The decoder's complaint.
        reason: String,
    },
}

/// The emitter kinds an indexer watches.
#[derive(Debug, Clone)]
pub struct Watched {
    /// The six deployed contracts.
    pub contracts: Contracts,
    /// Point tokens discovered so far: token → community id.
    pub tokens: HashMap<Address, u64>,
}

impl Watched {
    /// Every address whose logs are fetched.
    pub fn addresses(&self) -> Vec<Address> {
        let mut all: Vec<Address> = self.contracts.named().iter().map(|(_, a)| *a).collect();
        let mut tokens: Vec<Address> = self.tokens.keys().copied().collect();
        tokens.sort();
        all.extend(tokens);
        all
    }

    /// Decodes `log` according to who emitted it.
    pub fn decode(&self, log: &Log) -> Result<Event, DecodeError> {
        let address = log.address();
        let c = &self.contracts;
        let malformed = |e: alloy::sol_types::Error| DecodeError::Malformed {
            address,
            reason: e.to_string(),
        };
        let inner = &log.inner;
        Ok(if address == c.Profiles {
            Event::Profiles(ProfilesEvents::decode_log(inner).map_err(malformed)?.data)
        } else if address == c.Communities {
            Event::Communities(
                CommunitiesEvents::decode_log(inner)
                    .map_err(malformed)?
                    .data,
            )
        } else if address == c.Posts {
            Event::Posts(PostsEvents::decode_log(inner).map_err(malformed)?.data)
        } else if address == c.TaskMarket {
            Event::TaskMarket(TaskMarketEvents::decode_log(inner).map_err(malformed)?.data)
        } else if address == c.PointMall {
            Event::PointMall(PointMallEvents::decode_log(inner).map_err(malformed)?.data)
        } else if address == c.PointExchange {
            Event::PointExchange(
                PointExchangeEvents::decode_log(inner)
                    .map_err(malformed)?
                    .data,
            )
        } else if let Some(&community_id) = self.tokens.get(&address) {
            Event::Points {
                token: address,
                community_id,
                event: CommunityPointsEvents::decode_log(inner)
                    .map_err(malformed)?
                    .data,
            }
        } else {
            return Err(DecodeError::UnknownAddress(address));
        })
    }
}

/// Event names by topic0, from the committed ABIs (for logs and per-type metrics).
pub fn event_names() -> HashMap<alloy::primitives::B256, &'static str> {
    const ABIS: [&str; 7] = [
        include_str!("../../bindings/abi/Profiles.json"),
        include_str!("../../bindings/abi/Communities.json"),
        include_str!("../../bindings/abi/CommunityPoints.json"),
        include_str!("../../bindings/abi/Posts.json"),
        include_str!("../../bindings/abi/TaskMarket.json"),
        include_str!("../../bindings/abi/PointMall.json"),
        include_str!("../../bindings/abi/PointExchange.json"),
    ];
    let mut names = HashMap::new();
    for text in ABIS {
        let artifact: serde_json::Value =
            serde_json::from_str(text).expect("committed ABI files are JSON");
        let abi: alloy::json_abi::JsonAbi =
            serde_json::from_value(artifact["abi"].clone()).expect("committed ABIs parse");
        for event in abi.events() {
            let name: &'static str = Box::leak(event.name.clone().into_boxed_str());
            names.insert(event.selector(), name);
        }
    }
    names
}
