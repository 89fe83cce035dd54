//! Test support for the project's crates: a fresh anvil with the whole system deployed,
//! named player wallets, chain controls (mining, time travel, snapshots, reorgs) and
//! [`play_season`], a scripted season of play that calls every state-changing function of
//! every contract and emits every event the contracts can emit. Also the test-only
//! tooling kept out of the production crates: [`deploy`] (the system deployed from
//! Rust), [`tools`] (where anvil, cast and solc are) and [`stack`], the one launcher of
//! the whole stack (the `stack` binary behind `scripts/dev`).
//!
//! ```no_run
//! # async fn demo() -> eyre::Result<()> {
//! use alloy::primitives::U256;
//!
//! let chain = testkit::start_chain().await?;
//! let season = testkit::play_season(&chain).await?;
//! assert!(season.event_counts["TaskPaid"] > 0);
//!
//! // Act as a player: every contract is a method away, `send` waits for the receipt.
//! let c = chain.contracts();
//! let bob = chain.player("bob").expect("a default player");
//! let receipt = testkit::send(bob.posts(&c).like(U256::from(1))).await?;
//! assert!(receipt.status());
//!
//! // Drive the chain: time, blocks, snapshots, reorgs.
//! chain.increase_time(3600).await?;
//! chain.mine(5).await?;
//! chain.reorg(3, vec![]).await?;
//! # Ok(())
//! # }
//! ```
//!
//! Every wallet provider uses simple nonce management (the nonce is asked of the node for
//! every transaction), so players keep working after [`Chain::revert`] and
//! [`Chain::reorg`].

mod chain;
pub mod demo_content;
pub mod deploy;
pub mod events;
pub mod pictures;
mod player;
mod season;
pub mod siwe;
pub mod stack;
pub mod tools;

pub use chain::{Chain, ChainOptions, start_chain, start_chain_with};
pub use player::{PermitSignature, Player, describe_error, send, wait_for_receipt};
pub use season::{
    Season, SeasonComment, SeasonCommunity, SeasonItem, SeasonOffer, SeasonOrder, SeasonPost,
    SeasonTask, SeasonUser, document, play_season, status,
};

/// The default player names, by anvil account index. Account 0 is the system admin (the
/// deployer). [`play_season`] registers the first eleven under these names (usernames
/// are `[a-z0-9_]` only); `wangwu_new` is the address `wangwu` recovers his account to,
/// and `mallory` is an unregistered address whose recovery request is rejected. Accounts
/// past this list are named `player<index>`.
pub const PLAYER_NAMES: [&str; 16] = [
    "admin",
    "alice",
    "bob",
    "xiaoming",
    "xiaohong",
    "lilei",
    "hanmeimei",
    "zhangsan",
    "lisi",
    "wangwu",
    "carol",
    "wangwu_new",
    "mallory",
    "dave",
    "zhaoliu",
    "erin",
];
