//! The indexer: tails the contracts' logs into the MySQL read model.
//!
//! Data flows one way: a log is decoded ([`decode`]), projected into rows in memory
//! ([`project`], [`store`]) and written with the cursor in one transaction ([`sync`],
//! [`db`], [`bookkeeping`]). The indexer never asks the chain to fill a row: every
//! event carries what its rows need. Mutable tables keep every version in
//! `<table>_history`, which serves both reorg rollback and the API's time-travel
//! reads.

pub use read_model::{db, model, search};

pub mod audit;
pub mod bookkeeping;
pub mod config;
pub mod decode;
pub mod metrics;
pub mod project;
pub mod store;
pub mod sync;
