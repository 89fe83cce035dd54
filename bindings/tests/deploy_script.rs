//! `scripts/deploy` (forge script underneath) against a real anvil: the deployment file
//! it writes follows INTERFACE §1.8, every contract has code, the wiring and parameters
//! match the Rust deployer's (every contract trusts the deployed ERC-2771 `Forwarder`),
//! and the deployer holds every role.

use alloy::{
    node_bindings::Anvil,
    primitives::{Address, B256, U256},
    providers::{Provider, ProviderBuilder},
};
use bindings::{Communities, Deployment, PointMall, Profiles, TaskMarket};
use std::process::Command;
use testkit::{deploy::DeployConfig, tools};

alloy::sol! {
    /// What every contract but the forwarder answers (OpenZeppelin's `ERC2771Context`).
    #[sol(rpc)]
    interface Erc2771Context {
        function trustedForwarder() external view returns (address);
    }
}

/// Removes the deployment file the script writes, even when the test fails.
struct Cleanup(std::path::PathBuf);
impl Drop for Cleanup {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[tokio::test]
async fn scripts_deploy_writes_a_working_deployment_file() {
    // A chain id of its own, so the file cannot clash with the dev chain's.
    let chain_id = 700_000 + u64::from(std::process::id() % 100_000);
    let anvil = Anvil::at(tools::anvil_path())
        .chain_id(chain_id)
        .try_spawn()
        .expect("anvil starts");
    let root = tools::repo_root();
    let expected_file = root.join(format!("deployments/{chain_id}.json"));
    let _cleanup = Cleanup(expected_file.clone());

    let out = Command::new(root.join("scripts/deploy"))
        .env("RPC_URL", anvil.endpoint())
        .env_remove("DEPLOYER_KEY")
        .output()
        .expect("scripts/deploy runs");
    assert!(
        out.status.success(),
        "scripts/deploy failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let last = stdout
        .lines()
        .last()
        .expect("the script prints the file path last");
    assert_eq!(std::path::Path::new(last), expected_file);

    let deployment = Deployment::load(&expected_file).expect("a valid deployment file");
    assert_eq!(deployment.chain_id, chain_id);
    let provider = ProviderBuilder::new().connect_http(anvil.endpoint_url());
    let head = provider.get_block_number().await.unwrap();
    assert!(deployment.start_block <= head);

    let c = deployment.contracts;
    for (name, address) in c.named() {
        assert!(
            !provider.get_code_at(address).await.unwrap().is_empty(),
            "{name} has no code"
        );
        // Nothing is deployed before startBlock: the indexer may start there.
        let before = provider
            .get_code_at(address)
            .block_id(deployment.start_block.into())
            .await
            .unwrap();
        assert!(before.is_empty(), "{name} existed before startBlock");
    }

    // The forwarder came first, and every contract trusts it and nothing else.
    assert!(
        !provider.get_code_at(c.Forwarder).await.unwrap().is_empty(),
        "Forwarder has no code"
    );
    let before = provider
        .get_code_at(c.Forwarder)
        .block_id(deployment.start_block.into())
        .await
        .unwrap();
    assert!(before.is_empty(), "Forwarder existed before startBlock");
    for (name, address) in c.named() {
        let trusted = Erc2771Context::new(address, &provider)
            .trustedForwarder()
            .call()
            .await
            .unwrap();
        assert_eq!(trusted, c.Forwarder, "{name} trusts another forwarder");
    }

    // Same parameters and wiring as the Rust deployer.
    let admin: Address = anvil.addresses()[0];
    let defaults = DeployConfig::new(admin);
    let communities = Communities::new(c.Communities, &provider);
    assert_eq!(communities.posts().call().await.unwrap(), c.Posts);
    assert_eq!(
        communities.popularityThreshold().call().await.unwrap(),
        U256::from(defaults.popularity_threshold)
    );
    let market = TaskMarket::new(c.TaskMarket, &provider);
    assert_eq!(
        market.reviewPeriod().call().await.unwrap(),
        defaults.review_period
    );
    assert_eq!(
        market.workPeriod().call().await.unwrap(),
        defaults.work_period
    );
    assert_eq!(
        market.disputePeriod().call().await.unwrap(),
        defaults.dispute_period
    );
    assert_eq!(market.communities().call().await.unwrap(), c.Communities);
    assert_eq!(market.profiles().call().await.unwrap(), c.Profiles);
    let mall = PointMall::new(c.PointMall, &provider);
    assert_eq!(mall.orderTtl().call().await.unwrap(), defaults.order_ttl);
    assert_eq!(mall.communities().call().await.unwrap(), c.Communities);

    // The deployer is the system admin and holds every role.
    let profiles = Profiles::new(c.Profiles, &provider);
    // Recoveries move memberships: Profiles knows Communities.
    assert_eq!(profiles.communities().call().await.unwrap(), c.Communities);
    let roles = [
        B256::ZERO,
        profiles.VERIFIER_ROLE().call().await.unwrap(),
        profiles.TASK_PUBLISHER_ROLE().call().await.unwrap(),
        profiles.PAUSER_ROLE().call().await.unwrap(),
    ];
    for role in roles {
        assert!(
            profiles.hasRole(role, admin).call().await.unwrap(),
            "{role}"
        );
    }
    assert!(profiles.isPrivileged(admin).call().await.unwrap());
}

#[test]
fn scripts_deploy_refuses_a_dead_rpc_and_writes_nothing() {
    let root = tools::repo_root();
    let out = Command::new(root.join("scripts/deploy"))
        .env("RPC_URL", "http://127.0.0.1:9")
        .output()
        .expect("scripts/deploy runs");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no JSON-RPC node answers"), "{stderr}");
}
