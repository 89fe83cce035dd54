//! The stack's parts one by one: the chain, the deployment, the indexer, the API and the
//! demo data. [`super::Stack`] puts them together; tests and benchmarks take the parts
//! they need.

use super::proc::{Binaries, Proc};
use crate::{
    deploy::{DeployConfig, deploy_all},
    tools,
};
use alloy::{
    network::EthereumWallet,
    primitives::Address,
    providers::{Provider as _, ProviderBuilder},
    signers::local::PrivateKeySigner,
    transports::http::reqwest,
};
use bindings::Deployment;
use eyre::{WrapErr as _, eyre};
use std::{
    path::{Path, PathBuf},
    process::Command,
    time::Duration,
};

/// The mnemonic of anvil's dev accounts; account 0 deploys and is the system admin.
pub const DEV_MNEMONIC: &str = "test test test test test test test test test test test junk";

/// The dev relayer's sponsor: an account of the dev mnemonic that anvil does not fund
/// by itself, so its balance is only what [`fund_dev_sponsor`] gave it.
pub const DEV_SPONSOR_INDEX: usize = 1000;

/// The dev sponsor's key, funded from dev account 0 up to `target_eth` when it holds
/// less than half of it (`scripts/dev`'s relayer pays gas from it).
pub async fn fund_dev_sponsor(rpc: &str, target_eth: u64) -> eyre::Result<PrivateKeySigner> {
    use alloy::{
        network::TransactionBuilder as _, primitives::U256, rpc::types::TransactionRequest,
    };
    let sponsor = dev_key(DEV_SPONSOR_INDEX)?;
    let funder = dev_key(0)?;
    let provider = ProviderBuilder::new()
        .wallet(EthereumWallet::from(funder))
        .connect_http(rpc.parse()?);
    let target = U256::from(target_eth) * U256::from(10u64).pow(U256::from(18));
    let balance = provider.get_balance(sponsor.address()).await?;
    if balance < target / U256::from(2) {
        let tx = TransactionRequest::default()
            .with_to(sponsor.address())
            .with_value(target - balance);
        let receipt = provider.send_transaction(tx).await?.get_receipt().await?;
        if !receipt.status() {
            return Err(eyre!("funding the dev relayer's sponsor reverted"));
        }
    }
    Ok(sponsor)
}

/// Whether an Ethereum JSON-RPC node answers at `url`.
pub async fn rpc_up(url: &str) -> bool {
    let Ok(parsed) = url.parse::<reqwest::Url>() else {
        return false;
    };
    let provider = ProviderBuilder::new()
        .disable_recommended_fillers()
        .connect_http(parsed);
    matches!(
        tokio::time::timeout(Duration::from_secs(2), provider.get_block_number()).await,
        Ok(Ok(_))
    )
}

/// How to run anvil.
#[derive(Debug, Clone)]
pub struct AnvilOptions {
    /// The port on 127.0.0.1.
    pub port: u16,
    /// `--chain-id` (default 31337).
    pub chain_id: u64,
    /// `--accounts` (the demo season plays 13).
    pub accounts: usize,
    /// `--state` file: loaded at start, saved every ten seconds and at exit. A file that
    /// is not valid JSON (anvil killed while saving) is moved to `<file>.broken`.
    pub state: Option<PathBuf>,
    /// Further arguments.
    pub extra_args: Vec<String>,
}

impl AnvilOptions {
    /// Anvil on `port`, chain 31337, 20 accounts, no state file.
    pub fn on_port(port: u16) -> Self {
        Self {
            port,
            chain_id: 31337,
            accounts: 20,
            state: None,
            extra_args: Vec::new(),
        }
    }

    /// The node's URL.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

/// Starts anvil with `options` (output to `log`) and waits until it answers.
pub async fn start_anvil(options: &AnvilOptions, log: &Path) -> eyre::Result<Proc> {
    let mut cmd = Command::new(tools::anvil_path());
    cmd.args(["--host", "127.0.0.1", "--port", &options.port.to_string()])
        .args(["--chain-id", &options.chain_id.to_string()])
        .args(["--accounts", &options.accounts.to_string()]);
    if let Some(state) = &options.state {
        if state.exists()
            && std::fs::read(state)
                .ok()
                .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
                .is_none()
        {
            let broken = state.with_extension("json.broken");
            eprintln!(
                "[stack] {} is not a valid anvil state (moved to {}); starting a fresh chain",
                state.display(),
                broken.display()
            );
            std::fs::rename(state, &broken)?;
        }
        cmd.arg("--state")
            .arg(state)
            .args(["--state-interval", "10"]);
    }
    cmd.args(&options.extra_args);
    let mut proc = Proc::spawn("anvil", cmd, log)?;
    for _ in 0..300 {
        if rpc_up(&options.url()).await {
            return Ok(proc);
        }
        if proc.exited().is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(eyre!(
        "anvil did not answer at {} (log: {}):\n{}",
        options.url(),
        log.display(),
        proc.log_tail()
    ))
}

/// Dev account `index` of [`DEV_MNEMONIC`] (asked of `cast`, as `scripts/deploy` does).
pub fn dev_key(index: usize) -> eyre::Result<PrivateKeySigner> {
    let out = Command::new(tools::cast_path())
        .args(["wallet", "private-key", DEV_MNEMONIC, &index.to_string()])
        .output()
        .wrap_err("running cast (run `npm ci` first)")?;
    if !out.status.success() {
        return Err(eyre!(
            "cast wallet private-key: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    String::from_utf8(out.stdout)?
        .trim()
        .parse()
        .wrap_err("cast printed no private key")
}

/// The first `n` dev accounts.
pub fn dev_keys(n: usize) -> eyre::Result<Vec<PrivateKeySigner>> {
    (0..n).map(dev_key).collect()
}

/// Whether every contract of `deployment` has code at `rpc` (on the same chain).
pub async fn deployment_live(rpc: &str, deployment: &Deployment) -> eyre::Result<bool> {
    let provider = ProviderBuilder::new()
        .disable_recommended_fillers()
        .connect_http(rpc.parse()?);
    if provider.get_chain_id().await? != deployment.chain_id {
        return Ok(false);
    }
    for (_, address) in deployment.contracts.named() {
        if provider.get_code_at(address).await?.is_empty() {
            return Ok(false);
        }
    }
    Ok(true)
}

/// A deployment on the chain at an RPC URL, and whether it was made just now.
#[derive(Debug, Clone)]
pub struct DeploymentFile {
    /// The file (`<dir>/<chainId>.json`).
    pub path: PathBuf,
    /// Its contents.
    pub deployment: Deployment,
    /// Deployed by this call (a new chain), not found live.
    pub fresh: bool,
}

/// The deployment of the chain at `rpc` kept in `dir/<chainId>.json`: reused when every
/// contract in it has code there, else deployed now by `admin` (the defaults of
/// `scripts/deploy`) and written there.
pub async fn ensure_deployment(
    rpc: &str,
    dir: &Path,
    admin: &PrivateKeySigner,
) -> eyre::Result<DeploymentFile> {
    let provider = ProviderBuilder::new()
        .wallet(EthereumWallet::from(admin.clone()))
        .connect_http(rpc.parse()?);
    let chain_id = provider.get_chain_id().await?;
    let path = dir.join(format!("{chain_id}.json"));
    if let Ok(deployment) = Deployment::load(&path)
        && deployment_live(rpc, &deployment).await?
    {
        eprintln!("[stack] contracts already deployed on chain {chain_id}");
        return Ok(DeploymentFile {
            path,
            deployment,
            fresh: false,
        });
    }
    eprintln!(
        "[stack] deploying to {rpc} (chain {chain_id}) from {}",
        admin.address()
    );
    let deployment = deploy_all(provider, DeployConfig::new(admin.address()))
        .await
        .wrap_err("deploying the system")?;
    let path = deployment.save(dir)?;
    eprintln!("[stack] wrote {}", path.display());
    Ok(DeploymentFile {
        path,
        deployment,
        fresh: true,
    })
}

/// An indexer process's settings.
#[derive(Debug, Clone)]
pub struct IndexerConfig {
    /// `DATABASE_URL`.
    pub database_url: String,
    /// `RPC_URL`.
    pub rpc_url: String,
    /// `DEPLOYMENTS`: the deployment file.
    pub deployments: PathBuf,
    /// `METRICS_ADDR`.
    pub metrics_addr: String,
    /// Further environment (`POLL_INTERVAL_MS`, `RUST_LOG`, …).
    pub env: Vec<(String, String)>,
}

impl IndexerConfig {
    /// `indexer <sub>` with this configuration.
    pub fn command(&self, bins: &Binaries, sub: &str) -> eyre::Result<Command> {
        let mut c = Command::new(bins.path("indexer")?);
        c.arg(sub)
            .env("DATABASE_URL", &self.database_url)
            .env("RPC_URL", &self.rpc_url)
            .env("DEPLOYMENTS", &self.deployments)
            .env("METRICS_ADDR", &self.metrics_addr)
            .envs(self.env.iter().map(|(k, v)| (k, v)));
        Ok(c)
    }

    /// Runs `indexer migrate` (creating the database if needed).
    pub fn migrate(&self, bins: &Binaries) -> eyre::Result<()> {
        let out = self.command(bins, "migrate")?.output()?;
        if !out.status.success() {
            return Err(eyre!(
                "indexer migrate failed: {}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        Ok(())
    }

    /// Starts `indexer run`, output to `log`.
    pub fn start(&self, bins: &Binaries, log: &Path) -> eyre::Result<Proc> {
        Proc::spawn("indexer", self.command(bins, "run")?, log)
    }
}

/// An API process's settings.
#[derive(Debug, Clone)]
pub struct ApiConfig {
    /// `DATABASE_URL`.
    pub database_url: String,
    /// `LISTEN_ADDR` (`127.0.0.1:<port>`).
    pub listen: String,
    /// `JWT_SECRET`.
    pub jwt_secret: String,
    /// `MAIL_DIR`.
    pub mail_dir: PathBuf,
    /// `DEPLOYMENTS`, if any.
    pub deployments: Option<PathBuf>,
    /// `SIWE_DOMAIN`, if any.
    pub siwe_domain: Option<String>,
    /// `PUBLIC_URL`, if any.
    pub public_url: Option<String>,
    /// `PUBLIC_RPC_URL`, if any.
    pub public_rpc_url: Option<String>,
    /// `--web-dir`: the built web client to serve, if any.
    pub web_dir: Option<PathBuf>,
    /// Further environment (`RUST_LOG`, `DB_MAX_CONNECTIONS`, …).
    pub env: Vec<(String, String)>,
}

impl ApiConfig {
    /// The API's base URL.
    pub fn url(&self) -> String {
        format!("http://{}", self.listen)
    }

    /// `graphql-api serve` with this configuration.
    pub fn command(&self, bins: &Binaries) -> eyre::Result<Command> {
        let mut c = Command::new(bins.path("graphql-api")?);
        // The indexer's METRICS_ADDR (scripts/dev's environment) is not the API's.
        c.arg("serve")
            .env_remove("METRICS_ADDR")
            .env("DATABASE_URL", &self.database_url)
            .env("LISTEN_ADDR", &self.listen)
            .env("JWT_SECRET", &self.jwt_secret)
            .env("MAIL_DIR", &self.mail_dir);
        let optional = [
            (
                "DEPLOYMENTS",
                self.deployments.as_ref().map(|p| p.display().to_string()),
            ),
            ("SIWE_DOMAIN", self.siwe_domain.clone()),
            ("PUBLIC_URL", self.public_url.clone()),
            ("PUBLIC_RPC_URL", self.public_rpc_url.clone()),
        ];
        for (k, v) in optional {
            if let Some(v) = v {
                c.env(k, v);
            }
        }
        if let Some(web) = &self.web_dir {
            c.arg("--web-dir").arg(web);
        }
        c.envs(self.env.iter().map(|(k, v)| (k, v)));
        Ok(c)
    }

    /// Starts `graphql-api serve` (output to `log`) and waits until `/healthz` answers.
    pub async fn start(&self, bins: &Binaries, log: &Path) -> eyre::Result<Proc> {
        let mut proc = Proc::spawn("graphql-api", self.command(bins)?, log)?;
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(2))
            .build()?;
        let health = format!("{}/healthz", self.url());
        for _ in 0..300 {
            if let Ok(r) = http.get(&health).send().await
                && r.status().is_success()
            {
                return Ok(proc);
            }
            if proc.exited().is_some() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Err(eyre!(
            "the API did not come up on {} (log: {}):\n{}",
            self.listen,
            log.display(),
            proc.log_tail()
        ))
    }
}

/// Plays the demo season on the chain (the `demo-data` binary: real transactions, then
/// the documents stored through the API), as dev accounts 0..=12.
pub fn load_demo_data(
    bins: &Binaries,
    rpc: &str,
    deployments: &Path,
    api: &ApiConfig,
) -> eyre::Result<()> {
    let keys: Vec<String> = dev_keys(13)?
        .iter()
        .map(|k| format!("0x{}", alloy::primitives::hex::encode(k.to_bytes())))
        .collect();
    let mut cmd = Command::new(bins.path("demo-data")?);
    cmd.env("RPC_URL", rpc)
        .env("DEPLOYMENTS", deployments)
        .env("API_URL", api.url())
        .env(
            "SIWE_DOMAIN",
            api.siwe_domain.as_deref().unwrap_or(&api.listen),
        )
        .env("DEMO_KEYS", keys.join(","))
        .stdout(std::process::Stdio::from(std::io::stderr()));
    let status = cmd.status().wrap_err("running demo-data")?;
    if !status.success() {
        return Err(eyre!("loading the demo data failed ({status})"));
    }
    Ok(())
}

/// `(index, address, private key)` of the first `n` dev accounts, for the summary.
pub fn dev_wallets(n: usize) -> eyre::Result<Vec<(usize, Address, String)>> {
    Ok(dev_keys(n)?
        .into_iter()
        .enumerate()
        .map(|(i, k)| {
            (
                i,
                k.address(),
                format!("0x{}", alloy::primitives::hex::encode(k.to_bytes())),
            )
        })
        .collect())
}
