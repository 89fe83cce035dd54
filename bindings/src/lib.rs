//! alloy bindings for the project's contracts and the deployment file they live in.
//!
//! The bindings are generated at compile time by [`alloy::sol!`] from
//! `bindings/abi/<Name>.json`, which `scripts/gen-bindings` extracts from Foundry's
//! artifacts; `scripts/gen-bindings --check` (run by `scripts/test`) and the test
//! `tests/compile.rs` fail when they are stale. The indexer, the API's tests and the
//! end-to-end tests all use these types, so an event decoded anywhere in the project is
//! decoded by the same code. Test tooling (deploying from Rust, finding anvil) lives in
//! the `testkit` crate, outside the production indexer's dependency graph.

pub mod deployment;
pub mod errors;

pub use deployment::{Contracts, Deployment, DeploymentError};

#[allow(missing_docs, clippy::too_many_arguments)]
mod generated {
    alloy::sol!(
        #[sol(rpc, all_derives)]
        Profiles,
        "abi/Profiles.json"
    );
    alloy::sol!(
        #[sol(rpc, all_derives)]
        Communities,
        "abi/Communities.json"
    );
    alloy::sol!(
        #[sol(rpc, all_derives)]
        CommunityPoints,
        "abi/CommunityPoints.json"
    );
    alloy::sol!(
        #[sol(rpc, all_derives)]
        Posts,
        "abi/Posts.json"
    );
    alloy::sol!(
        #[sol(rpc, all_derives)]
        TaskMarket,
        "abi/TaskMarket.json"
    );
    alloy::sol!(
        #[sol(rpc, all_derives)]
        PointMall,
        "abi/PointMall.json"
    );
    alloy::sol!(
        #[sol(rpc, all_derives)]
        PointExchange,
        "abi/PointExchange.json"
    );
    alloy::sol!(
        #[sol(rpc, all_derives)]
        Forwarder,
        "abi/Forwarder.json"
    );
}

pub use generated::*;

/// The names of the deployable contracts, as in `bindings/abi/` and the deployment file
/// (`Forwarder` is the ERC-2771 forwarder the others trust for sponsored requests).
pub const CONTRACT_NAMES: [&str; 8] = [
    "Profiles",
    "Communities",
    "CommunityPoints",
    "Posts",
    "TaskMarket",
    "PointMall",
    "PointExchange",
    "Forwarder",
];
