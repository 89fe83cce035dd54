//! The one stack launcher: a chain (anvil, or a node already answering), a MySQL
//! database (given, the local server, or a private MariaDB), the contracts deployed once
//! per chain, the indexer, the API with the web client it serves, and the demo data.
//! `scripts/dev`, the web journey (`web/e2e/stack.sh`) and the benchmarks run it as the
//! `stack` binary; the end-to-end test takes its parts ([`IndexerConfig`],
//! [`ApiConfig`], [`MysqlUrl`]) from here.
//!
//! Everything started is a [`Proc`], stopped (SIGTERM, then SIGKILL) in reverse order
//! by [`Stack::stop`] or when the [`Stack`] is dropped.

mod mysql;
mod proc;
mod services;

pub use mysql::{DatabaseChoice, MysqlUrl, ensure_database, start_private_mariadb};
pub use proc::{Binaries, Proc, free_port, free_port_from};
pub use services::{
    AnvilOptions, ApiConfig, DEV_MNEMONIC, DEV_SPONSOR_INDEX, DeploymentFile, IndexerConfig,
    deployment_live, dev_key, dev_keys, dev_wallets, ensure_deployment, fund_dev_sponsor,
    load_demo_data, rpc_up, start_anvil,
};

use eyre::{WrapErr as _, eyre};
use std::{fmt::Write as _, path::PathBuf, time::Duration};

/// The indexer's settings within a stack.
#[derive(Debug, Clone, Default)]
pub struct IndexerOptions {
    /// `METRICS_ADDR`.
    pub metrics_addr: String,
    /// Further environment.
    pub env: Vec<(String, String)>,
}

/// The API's settings within a stack.
#[derive(Debug, Clone, Default)]
pub struct ApiOptions {
    /// The port on 127.0.0.1.
    pub port: u16,
    /// The built web client to serve (`web/dist`), if any.
    pub web_dir: Option<PathBuf>,
    /// Further environment (overrides the stack's own, e.g. `JWT_SECRET`).
    pub env: Vec<(String, String)>,
}

/// What to start.
#[derive(Debug, Clone)]
pub struct StackOptions {
    /// Logs, the anvil state, the JWT secret, mail, a private MariaDB.
    pub data_dir: PathBuf,
    /// Where deployment files (`<chainId>.json`) are kept.
    pub deployments_dir: PathBuf,
    /// The project's binaries.
    pub bins: Binaries,
    /// The chain: anvil with these options, or `None` for no chain.
    pub chain: Option<AnvilOptions>,
    /// Use a node already answering on the chain's port instead of starting anvil.
    pub reuse_node: bool,
    /// Deploy the contracts (once per chain).
    pub deploy: bool,
    /// The database, or `None` for none.
    pub database: Option<DatabaseChoice>,
    /// Drop the database at start and at the end (a throwaway read model).
    pub drop_database: bool,
    /// With `drop_database`: keep it at the end.
    pub keep_database: bool,
    /// The indexer, if any.
    pub indexer: Option<IndexerOptions>,
    /// The API, if any.
    pub api: Option<ApiOptions>,
    /// Play the demo season (when the chain has no players yet).
    pub demo: bool,
}

/// A running stack.
#[derive(Debug)]
pub struct Stack {
    /// The chain's RPC URL.
    pub rpc_url: Option<String>,
    /// The deployment.
    pub deployment: Option<DeploymentFile>,
    /// The read model's URL.
    pub database_url: Option<MysqlUrl>,
    /// The indexer's configuration (running).
    pub indexer: Option<IndexerConfig>,
    /// The API's configuration (running).
    pub api: Option<ApiConfig>,
    /// The data directory.
    pub data_dir: PathBuf,
    procs: Vec<Proc>,
    drop_database: Option<MysqlUrl>,
}

fn log(message: impl std::fmt::Display) {
    eprintln!("[stack] {message}");
}

/// The JWT secret kept in `data/jwt-secret` (32 random bytes, hex), made the first time.
fn jwt_secret(data: &std::path::Path) -> eyre::Result<String> {
    let path = data.join("jwt-secret");
    if let Ok(s) = std::fs::read_to_string(&path)
        && !s.trim().is_empty()
    {
        return Ok(s.trim().to_owned());
    }
    let mut bytes = [0u8; 32];
    std::io::Read::read_exact(&mut std::fs::File::open("/dev/urandom")?, &mut bytes)?;
    let secret = alloy::primitives::hex::encode(bytes);
    std::fs::write(&path, &secret)?;
    Ok(secret)
}

impl Stack {
    /// Starts what `o` asks for, in order: chain, deployment, database, indexer, API,
    /// demo data. On an error, whatever was started is stopped.
    pub async fn start(o: &StackOptions) -> eyre::Result<Stack> {
        std::fs::create_dir_all(&o.data_dir)
            .wrap_err_with(|| format!("creating {}", o.data_dir.display()))?;
        let mut stack = Stack {
            rpc_url: None,
            deployment: None,
            database_url: None,
            indexer: None,
            api: None,
            data_dir: o.data_dir.clone(),
            procs: Vec::new(),
            drop_database: None,
        };
        if let Some(chain) = &o.chain {
            let url = chain.url();
            if o.reuse_node && rpc_up(&url).await {
                log(format!("reusing the node already answering at {url}"));
            } else {
                log(format!(
                    "starting anvil on {url} (log: {})",
                    o.data_dir.join("anvil.log").display()
                ));
                stack
                    .procs
                    .push(start_anvil(chain, &o.data_dir.join("anvil.log")).await?);
            }
            stack.rpc_url = Some(url);
        }
        if o.deploy {
            let rpc = stack
                .rpc_url
                .as_deref()
                .ok_or_else(|| eyre!("deploying needs a chain"))?;
            let admin = dev_key(0)?;
            stack.deployment = Some(ensure_deployment(rpc, &o.deployments_dir, &admin).await?);
        }
        if let Some(choice) = &o.database {
            let (url, proc) = ensure_database(choice, &o.data_dir).await?;
            stack.procs.extend(proc);
            let fresh_chain = stack.deployment.as_ref().is_some_and(|d| d.fresh);
            if o.drop_database || fresh_chain {
                log(format!("a fresh read model: recreating {url}"));
                url.drop_database().await?;
            }
            if o.drop_database && !o.keep_database {
                stack.drop_database = Some(url.clone());
            }
            stack.database_url = Some(url);
        }
        if let Some(indexer) = &o.indexer {
            stack.start_indexer(o, indexer)?;
        }
        if let Some(api) = &o.api {
            stack.start_api(o, api).await?;
        }
        if o.demo {
            let (Some(rpc), Some(d), Some(api)) = (&stack.rpc_url, &stack.deployment, &stack.api)
            else {
                return Err(eyre!(
                    "the demo data needs the chain, the deployment and the API"
                ));
            };
            log("loading demo data (a season of real transactions; the first time takes a minute)");
            load_demo_data(&o.bins, rpc, &d.path, api)?;
        }
        Ok(stack)
    }

    fn start_indexer(&mut self, o: &StackOptions, i: &IndexerOptions) -> eyre::Result<()> {
        let (Some(db), Some(rpc), Some(d)) = (&self.database_url, &self.rpc_url, &self.deployment)
        else {
            return Err(eyre!(
                "the indexer needs the chain, the deployment and the database"
            ));
        };
        let cfg = IndexerConfig {
            database_url: db.to_string(),
            rpc_url: rpc.clone(),
            deployments: d.path.clone(),
            metrics_addr: i.metrics_addr.clone(),
            env: i.env.clone(),
        };
        cfg.migrate(&o.bins)?;
        let log_file = o.data_dir.join("indexer.log");
        log(format!(
            "starting the indexer (log: {}, metrics: http://{}/metrics)",
            log_file.display(),
            i.metrics_addr
        ));
        self.procs.push(cfg.start(&o.bins, &log_file)?);
        self.indexer = Some(cfg);
        Ok(())
    }

    async fn start_api(&mut self, o: &StackOptions, a: &ApiOptions) -> eyre::Result<()> {
        let db = self
            .database_url
            .as_ref()
            .ok_or_else(|| eyre!("the API needs the database"))?;
        let listen = format!("127.0.0.1:{}", a.port);
        let mut env = a.env.clone();
        // The relayer: a dev sponsor funded from dev account 0, unless a key is given.
        if let (Some(rpc), Some(_)) = (&self.rpc_url, &self.deployment)
            && !env.iter().any(|(k, _)| k == "RELAYER_KEY")
            && std::env::var_os("RELAYER_KEY").is_none()
        {
            let sponsor = fund_dev_sponsor(rpc, 100).await?;
            log(format!(
                "the relayer pays gas from {} (dev account #{DEV_SPONSOR_INDEX}, funded from #0)",
                sponsor.address()
            ));
            env.push((
                "RELAYER_KEY".into(),
                alloy::hex::encode_prefixed(sponsor.to_bytes()),
            ));
        }
        let cfg = ApiConfig {
            database_url: db.to_string(),
            jwt_secret: jwt_secret(&o.data_dir)?,
            mail_dir: o.data_dir.join("mail"),
            deployments: self.deployment.as_ref().map(|d| d.path.clone()),
            siwe_domain: Some(listen.clone()),
            public_url: Some(format!("http://{listen}")),
            public_rpc_url: self.rpc_url.clone(),
            web_dir: a.web_dir.clone(),
            env,
            listen,
        };
        let log_file = o.data_dir.join("api.log");
        log(format!(
            "starting the API on {} (log: {}; mail: {})",
            cfg.url(),
            log_file.display(),
            cfg.mail_dir.display()
        ));
        self.procs.push(cfg.start(&o.bins, &log_file).await?);
        self.api = Some(cfg);
        Ok(())
    }

    /// The process id of the part named `name` ("anvil", "mariadb", "indexer",
    /// "graphql-api"), when this stack started it.
    pub fn pid(&self, name: &str) -> Option<u32> {
        self.procs.iter().find(|p| p.name == name).map(Proc::pid)
    }

    /// One line of `NAME=value` words for scripts: `WEB_URL`, `API_URL`, `RPC_URL`,
    /// `DATABASE_URL`, `DEPLOYMENTS` and `<PART>_PID` of each process started.
    pub fn env_line(&self) -> String {
        let mut words = Vec::new();
        if let Some(api) = &self.api {
            words.push(format!("WEB_URL={}", api.url()));
            words.push(format!("API_URL={}", api.url()));
        }
        if let Some(rpc) = &self.rpc_url {
            words.push(format!("RPC_URL={rpc}"));
        }
        if let Some(db) = &self.database_url {
            words.push(format!("DATABASE_URL={db}"));
        }
        if let Some(d) = &self.deployment {
            words.push(format!("DEPLOYMENTS={}", d.path.display()));
        }
        for p in &self.procs {
            let name = p.name.to_uppercase().replace('-', "_");
            words.push(format!("{name}_PID={}", p.pid()));
        }
        words.join(" ")
    }

    /// What a developer needs: URLs, files and the dev wallets to import.
    pub fn summary(&self) -> eyre::Result<String> {
        let mut s = String::from("\n");
        if let Some(api) = &self.api {
            if api.web_dir.is_some() {
                writeln!(s, "Web client:  {}/", api.url())?;
            }
            writeln!(s, "GraphiQL:    {}/graphql", api.url())?;
        }
        if let (Some(rpc), Some(d)) = (&self.rpc_url, &self.deployment) {
            writeln!(s, "RPC URL:     {rpc} (chain {})", d.deployment.chain_id)?;
            writeln!(s, "Deployment:  {}", d.path.display())?;
        }
        if let Some(db) = &self.database_url {
            let metrics = self
                .indexer
                .as_ref()
                .map(|i| format!(" (indexer metrics: http://{}/metrics)", i.metrics_addr))
                .unwrap_or_default();
            writeln!(s, "Read model:  {db}{metrics}")?;
        }
        if let Some(api) = &self.api {
            writeln!(s, "Mail folder: {} (no SMTP_URL)", api.mail_dir.display())?;
        }
        if self.deployment.is_some() {
            writeln!(
                s,
                "Dev wallets to import (mnemonic \"{DEV_MNEMONIC}\"; #0 is the system admin):"
            )?;
            for (i, address, key) in dev_wallets(4)? {
                writeln!(s, "  ({i}) {address}  {key}")?;
            }
        }
        Ok(s)
    }

    /// Waits for Ctrl-C or SIGTERM, or for a process to stop by itself (an error), then
    /// stops everything.
    pub async fn run_until_signal(mut self) -> eyre::Result<()> {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = signal(SignalKind::terminate())?;
        let mut tick = tokio::time::interval(Duration::from_millis(500));
        let outcome = loop {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => break Ok(()),
                _ = term.recv() => break Ok(()),
                _ = tick.tick() => {
                    if let Some(p) = self.procs.iter_mut().find_map(|p| p.exited().map(|s| (p.name.clone(), s, p.log.clone()))) {
                        break Err(eyre!("{} stopped unexpectedly ({}; log: {})", p.0, p.1, p.2.display()));
                    }
                }
            }
        };
        self.stop().await;
        outcome
    }

    /// Stops every process (last started first) and drops a throwaway database.
    pub async fn stop(mut self) {
        self.stop_procs();
        if let Some(db) = self.drop_database.take()
            && let Err(e) = db.drop_database().await
        {
            log(format!("could not drop {db}: {e}"));
        }
    }

    fn stop_procs(&mut self) {
        if !self.procs.is_empty() {
            let pids: Vec<String> = self.procs.iter().map(|p| p.pid().to_string()).collect();
            log(format!("stopping {}", pids.join(" ")));
        }
        while let Some(p) = self.procs.pop() {
            p.stop();
        }
    }
}

impl Drop for Stack {
    fn drop(&mut self) {
        self.stop_procs();
        if let Some(db) = self.drop_database.take() {
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build();
                if let Ok(rt) = rt {
                    let _ = rt.block_on(db.drop_database());
                }
            })
            .join();
        }
    }
}
