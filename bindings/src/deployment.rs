//! The deployment file, `deployments/<chainId>.json` (INTERFACE §1.8).

use alloy::primitives::Address;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Errors reading or writing a deployment file.
#[derive(Debug, thiserror::Error)]
pub enum DeploymentError {
    /// The file could not be read or written.
    #[error("deployment file {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The file is not a valid deployment document.
    #[error("deployment file {path} is not valid: {source}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: serde_json::Error,
    },
}

/// Where every contract of one chain lives and the block to index from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Deployment {
    /// The chain's id.
    pub chain_id: u64,
    /// A block at or before the first deployment: indexing starts here.
    pub start_block: u64,
    /// The contracts' addresses.
    pub contracts: Contracts,
}

/// The deployed contracts' addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[allow(non_snake_case)]
pub struct Contracts {
    /// `Forwarder`: the ERC-2771 forwarder every contract trusts. A relayer submits a
    /// player's signed request to it and pays the gas; the contracts act for the signer.
    /// It emits nothing the read model needs, so it is not among [`Contracts::named`].
    pub Forwarder: Address,
    /// `Profiles`.
    pub Profiles: Address,
    /// `Communities`.
    pub Communities: Address,
    /// `Posts`.
    pub Posts: Address,
    /// `TaskMarket`.
    pub TaskMarket: Address,
    /// `PointMall`.
    pub PointMall: Address,
    /// `PointExchange`.
    pub PointExchange: Address,
}

impl Contracts {
    /// The six contracts whose events make the read model, each with its name (the
    /// indexer subscribes to these; not the `Forwarder`).
    pub fn named(&self) -> [(&'static str, Address); 6] {
        [
            ("Profiles", self.Profiles),
            ("Communities", self.Communities),
            ("Posts", self.Posts),
            ("TaskMarket", self.TaskMarket),
            ("PointMall", self.PointMall),
            ("PointExchange", self.PointExchange),
        ]
    }
}

impl Deployment {
    /// Reads a deployment file.
    pub fn load(path: impl AsRef<Path>) -> Result<Self, DeploymentError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| DeploymentError::Io {
            path: path.to_owned(),
            source,
        })?;
        serde_json::from_str(&text).map_err(|source| DeploymentError::Parse {
            path: path.to_owned(),
            source,
        })
    }

    /// Writes the deployment to `dir/<chainId>.json` and returns that path.
    pub fn save(&self, dir: impl AsRef<Path>) -> Result<PathBuf, DeploymentError> {
        let dir = dir.as_ref();
        let path = dir.join(format!("{}.json", self.chain_id));
        let io = |source| DeploymentError::Io {
            path: path.clone(),
            source,
        };
        std::fs::create_dir_all(dir).map_err(io)?;
        let mut text = serde_json::to_string_pretty(self).expect("a deployment always serializes");
        text.push('\n');
        std::fs::write(&path, text).map_err(io)?;
        Ok(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"{"chainId":31337,"startBlock":7,"contracts":{
        "Forwarder":"0x0165878A594ca255338adfa4d48449f69242Eb8F",
        "Profiles":"0x5FbDB2315678afecb367f032d93F642f64180aa3",
        "Communities":"0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
        "Posts":"0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0",
        "TaskMarket":"0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9",
        "PointMall":"0xDc64a140Aa3E981100a9becA4E685f962f0cF6C9",
        "PointExchange":"0x5FC8d32690cc91D4c39d9d3abcBD16989F875707"}}"#;

    #[test]
    fn reads_the_interface_format_and_writes_it_back() {
        let d: Deployment = serde_json::from_str(SAMPLE).unwrap();
        assert_eq!(d.chain_id, 31337);
        assert_eq!(d.start_block, 7);
        assert_eq!(
            d.contracts.TaskMarket.to_string(),
            "0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9"
        );
        assert_eq!(
            d.contracts.Forwarder.to_string(),
            "0x0165878A594ca255338adfa4d48449f69242Eb8F"
        );
        assert!(
            d.contracts
                .named()
                .iter()
                .all(|(name, _)| *name != "Forwarder")
        );
        let dir = std::env::temp_dir().join(format!("deployment-test-{}", std::process::id()));
        let path = d.save(&dir).unwrap();
        assert!(path.ends_with("31337.json"));
        assert_eq!(Deployment::load(&path).unwrap(), d);
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert!(json.get("chainId").is_some() && json.get("startBlock").is_some());
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_missing_field_is_a_clear_error() {
        let err = serde_json::from_str::<Deployment>(r#"{"chainId":1}"#)
            .unwrap_err()
            .to_string();
        assert!(err.contains("startBlock"), "{err}");
        // A deployment from before the forwarder existed is refused by name.
        let old = SAMPLE.replace(
            r#""Forwarder":"0x0165878A594ca255338adfa4d48449f69242Eb8F","#,
            "",
        );
        assert_ne!(old, SAMPLE);
        let err = serde_json::from_str::<Deployment>(&old)
            .unwrap_err()
            .to_string();
        assert!(err.contains("Forwarder"), "{err}");
        let path = std::env::temp_dir().join("no-such-deployment.json");
        let err = Deployment::load(&path).unwrap_err().to_string();
        assert!(err.contains("no-such-deployment.json"), "{err}");
    }
}
