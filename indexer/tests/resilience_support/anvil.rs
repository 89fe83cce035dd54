//! Anvil on a fixed loopback port, stopped and restarted from its saved state.

use alloy::node_bindings::{Anvil, AnvilInstance};
use std::path::Path;

/// Starts anvil on 127.0.0.1:`port`, loading `state` if it exists and dumping it there
/// when stopped (SIGTERM, which dropping the instance sends).
pub(crate) fn start_anvil(port: u16, state: &Path) -> AnvilInstance {
    Anvil::at(testkit::tools::anvil_path())
        .port(port)
        .arg("--host")
        .arg("127.0.0.1")
        .arg("--accounts")
        .arg("10")
        .arg("--state")
        .arg(state)
        .try_spawn()
        .unwrap_or_else(|e| panic!("starting anvil on port {port}: {e}"))
}

/// Stops anvil the way an operator would (SIGTERM; it saves its state and exits).
pub(crate) async fn stop_anvil(anvil: AnvilInstance) {
    tokio::task::spawn_blocking(move || drop(anvil))
        .await
        .expect("stopping anvil");
}
