//! The catalog of every event the project's contracts declare, from the generated
//! bindings (which `bindings/abi/*.json` generate), to name the logs a test sees.

use alloy::primitives::B256;
use bindings::{
    Communities, CommunityPoints, Forwarder, PointExchange, PointMall, Posts, Profiles, TaskMarket,
};

/// Events declared in the ABIs that the contracts never emit: `RoleAdminChanged`
/// (`Profiles` never changes a role's admin role) and `EIP712DomainChanged`
/// (the EIP-712 domains of `CommunityPoints` and `Forwarder` never change).
pub const NEVER_EMITTED: [&str; 2] = ["RoleAdminChanged", "EIP712DomainChanged"];

/// `(contract, event)` pairs that no sequence of EOA transactions can emit:
/// `PointMall` only pays out `CommunityPoints`, whose transfers to any non-zero address
/// succeed, so it never defers a payout and nothing is ever withdrawn from it.
/// (`TaskMarket` and `PointExchange` pay ETH, and [`crate::play_season`] makes one
/// recipient refuse ETH for a moment to reach theirs.)
pub const UNREACHABLE: [(&str, &str); 3] = [
    ("PointMall", "PayoutDeferred"),
    ("PointMall", "Withdrawn"),
    ("PointMall", "WithdrawnTo"),
];

/// `(contract, event)` pairs [`crate::play_season`] does not play: every season
/// transaction comes from the player's own wallet, so the ERC-2771 `Forwarder` never
/// executes a sponsored request (those are `contracts/test/Forwarder.t.sol`'s).
pub const NOT_PLAYED: [(&str, &str); 1] = [("Forwarder", "ExecutedForwardRequest")];

/// One declared event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventInfo {
    /// The declaring contract, as in [`bindings::CONTRACT_NAMES`].
    pub contract: &'static str,
    /// The event's name.
    pub name: &'static str,
    /// Its `topic0`.
    pub topic0: B256,
}

/// Every event of every contract (inherited ones, like `Paused`, once per contract).
pub fn catalog() -> Vec<EventInfo> {
    let mut all = Vec::new();
    let mut add = |contract: &'static str, names: &[&'static str], selectors: &[[u8; 32]]| {
        for (name, selector) in names.iter().zip(selectors) {
            all.push(EventInfo {
                contract,
                name,
                topic0: B256::from(*selector),
            });
        }
    };
    add(
        "Profiles",
        Profiles::ProfilesEvents::VARIANT_NAMES,
        Profiles::ProfilesEvents::SELECTORS,
    );
    add(
        "Communities",
        Communities::CommunitiesEvents::VARIANT_NAMES,
        Communities::CommunitiesEvents::SELECTORS,
    );
    add(
        "CommunityPoints",
        CommunityPoints::CommunityPointsEvents::VARIANT_NAMES,
        CommunityPoints::CommunityPointsEvents::SELECTORS,
    );
    add(
        "Posts",
        Posts::PostsEvents::VARIANT_NAMES,
        Posts::PostsEvents::SELECTORS,
    );
    add(
        "TaskMarket",
        TaskMarket::TaskMarketEvents::VARIANT_NAMES,
        TaskMarket::TaskMarketEvents::SELECTORS,
    );
    add(
        "PointMall",
        PointMall::PointMallEvents::VARIANT_NAMES,
        PointMall::PointMallEvents::SELECTORS,
    );
    add(
        "PointExchange",
        PointExchange::PointExchangeEvents::VARIANT_NAMES,
        PointExchange::PointExchangeEvents::SELECTORS,
    );
    add(
        "Forwarder",
        Forwarder::ForwarderEvents::VARIANT_NAMES,
        Forwarder::ForwarderEvents::SELECTORS,
    );
    all
}

/// The name of the event of `contract` whose `topic0` this is.
pub fn event_name(contract: &str, topic0: B256) -> Option<&'static str> {
    catalog()
        .into_iter()
        .find(|e| e.contract == contract && e.topic0 == topic0)
        .map(|e| e.name)
}
