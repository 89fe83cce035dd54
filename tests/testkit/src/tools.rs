//! Where the project's Ethereum tools are: the Foundry binaries come from npm
//! (`package.json`), so they live under `node_modules`, not on the system `PATH`.

use std::path::{Path, PathBuf};

/// The repository root (this crate lives two levels below it, in `tests/testkit`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("the testkit crate lives in tests/ inside the repository")
        .to_path_buf()
}

/// The anvil binary: `$ANVIL_BIN`, else the platform binary that `@foundry-rs/anvil`
/// installed (not its Node shim, so that killing the process kills anvil), else
/// `anvil` on `PATH`.
pub fn anvil_path() -> PathBuf {
    tool_path("anvil", "ANVIL_BIN")
}

/// The cast binary: `$CAST_BIN`, else the platform binary of `@foundry-rs/cast`, else
/// `cast` on `PATH`.
pub fn cast_path() -> PathBuf {
    tool_path("cast", "CAST_BIN")
}

/// The solc command (`scripts/solc`, solc-js behind the native command line), or
/// `$SOLC_BIN`.
pub fn solc_path() -> PathBuf {
    std::env::var_os("SOLC_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("scripts").join("solc"))
}

fn tool_path(tool: &str, env: &str) -> PathBuf {
    if let Some(path) = std::env::var_os(env) {
        return PathBuf::from(path);
    }
    let scope = repo_root().join("node_modules").join("@foundry-rs");
    if let Ok(entries) = std::fs::read_dir(&scope) {
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with(&format!("{tool}-")) {
                let bin = entry.path().join("bin").join(tool);
                if bin.is_file() {
                    return bin;
                }
            }
        }
    }
    PathBuf::from(tool)
}
