//! `stack`: starts the whole product on this machine (see [`testkit::stack`]) and keeps
//! it running until Ctrl-C or SIGTERM, then stops everything it started.
//!
//! With no options it is `scripts/dev`: anvil on RPC_PORT (8545) with its state kept in
//! `.data/anvil-state.json` (or the node already answering there), the contracts
//! deployed once per chain into `deployments/`, the read model in DATABASE_URL, else the
//! server on 127.0.0.1:3306 (database `game_dev`), else a private MariaDB under
//! `.data/mysql`; the indexer, the API on API_PORT (8080) serving `web/dist` when
//! built, and the demo data. Options turn parts off or point them elsewhere, for the web
//! journey and the benchmarks.

use clap::Parser;
use std::path::PathBuf;
use testkit::stack::{
    AnvilOptions, ApiOptions, Binaries, DatabaseChoice, IndexerOptions, MysqlUrl, Stack,
    StackOptions, free_port_from,
};

/// Starts the chain, the database, the contracts, the indexer, the API (and the web
/// client it serves) and the demo data; Ctrl-C stops everything it started.
#[derive(Debug, Parser)]
#[command(name = "stack")]
struct Args {
    /// Anvil's port (or the port of a node to reuse).
    #[arg(long, env = "RPC_PORT", default_value_t = 8545)]
    rpc_port: u16,
    /// Take the first free port from --rpc-port, --api-port and the --metrics-addr port on.
    #[arg(long)]
    any_free_port: bool,
    /// The API's port.
    #[arg(long, env = "API_PORT", default_value_t = 8080)]
    api_port: u16,
    /// The indexer's metrics address.
    #[arg(long, env = "METRICS_ADDR", default_value = "127.0.0.1:9100")]
    metrics_addr: String,
    /// The read model (default: the server on 127.0.0.1:3306, else a private MariaDB).
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    database_url: Option<String>,
    /// `private`: a private MariaDB under the data directory even if a server answers.
    #[arg(long, env = "DEV_MYSQL")]
    mysql: Option<String>,
    /// Drop the database at start and at the end (a throwaway read model).
    #[arg(long)]
    drop_database: bool,
    /// With --drop-database: keep the database at the end.
    #[arg(long)]
    keep_database: bool,
    /// Logs, anvil state, JWT secret, mail, private MariaDB (default `<repo>/.data`).
    #[arg(long)]
    data_dir: Option<PathBuf>,
    /// Where deployment files go (default `<repo>/deployments`).
    #[arg(long)]
    deployments_dir: Option<PathBuf>,
    /// Keep no anvil state (a fresh chain each run).
    #[arg(long)]
    no_anvil_state: bool,
    /// Start anvil even if a node answers on the RPC port (which then fails).
    #[arg(long)]
    no_reuse_node: bool,
    /// Anvil's `--accounts`.
    #[arg(long, default_value_t = 20)]
    accounts: usize,
    /// A further anvil argument (repeatable; `--anvil-arg=--gas-limit`).
    #[arg(long = "anvil-arg", allow_hyphen_values = true)]
    anvil_args: Vec<String>,
    /// Where the indexer, graphql-api and demo-data binaries are (default: beside this one).
    #[arg(long)]
    bin_dir: Option<PathBuf>,
    /// The built web client to serve (default `<repo>/web/dist` when it has index.html).
    #[arg(long)]
    web_dir: Option<PathBuf>,
    /// Do not serve the web client.
    #[arg(long, env = "DEV_NO_WEB", value_parser = flag, num_args = 0..=1, default_missing_value = "1")]
    no_web: Option<bool>,
    /// Skip the demo data.
    #[arg(long, env = "DEV_NO_DEMO", value_parser = flag, num_args = 0..=1, default_missing_value = "1")]
    no_demo: Option<bool>,
    /// Start no chain (and deploy nothing, run no indexer).
    #[arg(long)]
    no_chain: bool,
    /// Deploy nothing (and run no indexer).
    #[arg(long)]
    no_deploy: bool,
    /// No database (and no indexer, no API).
    #[arg(long)]
    no_database: bool,
    /// Run no indexer.
    #[arg(long)]
    no_indexer: bool,
    /// Run no API (and load no demo data).
    #[arg(long)]
    no_api: bool,
    /// NAME=VALUE for the indexer's environment (repeatable).
    #[arg(long = "indexer-env", value_parser = name_value)]
    indexer_env: Vec<(String, String)>,
    /// NAME=VALUE for the API's environment (repeatable).
    #[arg(long = "api-env", value_parser = name_value)]
    api_env: Vec<(String, String)>,
    /// Only print the first free loopback port from this one on, and exit.
    #[arg(long, value_name = "START")]
    free_port: Option<u16>,
    /// Print one line of NAME=value words (WEB_URL, RPC_URL, *_PID, …) on stdout once up,
    /// instead of the summary.
    #[arg(long)]
    print_env: bool,
}

/// `1`/`true`/`yes` (any other value, e.g. `0`, is false), as the dev scripts' flags.
fn flag(s: &str) -> Result<bool, String> {
    Ok(matches!(s, "1" | "true" | "yes"))
}

fn name_value(s: &str) -> Result<(String, String), String> {
    s.split_once('=')
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .ok_or_else(|| format!("{s:?} is not NAME=VALUE"))
}

fn options(a: Args) -> eyre::Result<(StackOptions, bool)> {
    let root = testkit::tools::repo_root();
    let data_dir = a.data_dir.unwrap_or_else(|| root.join(".data"));
    let bins = match a.bin_dir {
        Some(dir) => Binaries::in_dir(dir),
        None => Binaries::beside_this_binary()?,
    };
    let port = |p: u16| {
        if a.any_free_port {
            free_port_from(p)
        } else {
            Ok(p)
        }
    };
    let chain = (!a.no_chain)
        .then(|| -> eyre::Result<AnvilOptions> {
            Ok(AnvilOptions {
                accounts: a.accounts,
                state: (!a.no_anvil_state).then(|| data_dir.join("anvil-state.json")),
                extra_args: a.anvil_args.clone(),
                ..AnvilOptions::on_port(port(a.rpc_port)?)
            })
        })
        .transpose()?;
    let deploy = chain.is_some() && !a.no_deploy;
    let database = (!a.no_database)
        .then(|| -> eyre::Result<DatabaseChoice> {
            Ok(match (&a.database_url, a.mysql.as_deref()) {
                (Some(url), _) => DatabaseChoice::Url(MysqlUrl::parse(url)?),
                (None, Some("private")) => DatabaseChoice::Private,
                (None, _) => DatabaseChoice::LocalOrPrivate,
            })
        })
        .transpose()?;
    let metrics_addr = match a.metrics_addr.rsplit_once(':') {
        Some((host, p)) if a.any_free_port => format!("{host}:{}", port(p.parse()?)?),
        _ => a.metrics_addr.clone(),
    };
    let indexer = (deploy && database.is_some() && !a.no_indexer).then(|| IndexerOptions {
        metrics_addr,
        env: a.indexer_env.clone(),
    });
    let web_dir = match (a.no_web, a.web_dir) {
        (Some(true), _) => None,
        (_, Some(dir)) => Some(dir),
        (_, None) => Some(root.join("web").join("dist")).filter(|d| d.join("index.html").is_file()),
    };
    let api = (database.is_some() && !a.no_api)
        .then(|| -> eyre::Result<ApiOptions> {
            Ok(ApiOptions {
                port: port(a.api_port)?,
                web_dir,
                env: a.api_env.clone(),
            })
        })
        .transpose()?;
    let demo = deploy && api.is_some() && a.no_demo != Some(true);
    Ok((
        StackOptions {
            deployments_dir: a
                .deployments_dir
                .unwrap_or_else(|| root.join("deployments")),
            data_dir,
            bins,
            chain,
            reuse_node: !a.no_reuse_node,
            deploy,
            database,
            drop_database: a.drop_database,
            keep_database: a.keep_database,
            indexer,
            api,
            demo,
        },
        a.print_env,
    ))
}

#[tokio::main]
async fn main() -> eyre::Result<()> {
    let args = Args::parse();
    if let Some(start) = args.free_port {
        println!("{}", free_port_from(start)?);
        return Ok(());
    }
    let (options, print_env) = options(args)?;
    let stack = Stack::start(&options).await?;
    if print_env {
        println!("{}", stack.env_line());
    } else {
        println!("{}", stack.summary()?);
        eprintln!("[stack] running; Ctrl-C stops");
    }
    stack.run_until_signal().await
}
