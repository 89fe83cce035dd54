//! Support for `tests/resilience.rs`: the `indexer` binary as a child process that is
//! killed on drop, scratch databases that are dropped on drop, a seeded RNG, `/healthz`
//! over a raw HTTP/1.1 request and waits on it, full table dumps ([`dump`]), anvil on a
//! fixed port ([`anvil`]), a TCP proxy in front of MariaDB ([`proxy`]), a JSON-RPC proxy
//! that breaks a header's parent link ([`tamper`]) and chain traffic ([`traffic`]).
//!
//! Everything listens on and connects to 127.0.0.1 only.
#![allow(dead_code)]

pub(crate) mod anvil;
pub(crate) mod dump;
pub(crate) mod proxy;
pub(crate) mod tamper;
pub(crate) mod traffic;

use sqlx::{Connection as _, MySqlConnection};
use std::{
    fs::{File, OpenOptions},
    io::Read as _,
    net::SocketAddr,
    path::{Path, PathBuf},
    process::{Child, Command, ExitStatus, Stdio},
    sync::OnceLock,
    time::{Duration, Instant},
};
use testkit::stack::MysqlUrl;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

/// Prints a progress line with the seconds since the first line of the process.
#[macro_export]
macro_rules! progress {
    ($($arg:tt)*) => {
        println!("[resilience {:>6.2}s] {}", $crate::resilience_support::elapsed(), format!($($arg)*))
    };
}

/// Seconds since the first progress line.
pub(crate) fn elapsed() -> f64 {
    static START: OnceLock<Instant> = OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_secs_f64()
}

/// The MariaDB server (no database, no parameters): taken from `DATABASE_URL` when set,
/// else root on 127.0.0.1:3306.
fn server() -> MysqlUrl {
    let url = std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| "mysql://root@127.0.0.1:3306/test".to_owned());
    let mut server = MysqlUrl::parse(&url)
        .expect("DATABASE_URL is a mysql:// URL")
        .server();
    server.params = None;
    server
}

/// The server, as `mysql://user@host:port` (no database).
pub(crate) fn server_url() -> String {
    server().to_string()
}

/// The server's `host:port`.
pub(crate) fn server_addr() -> String {
    server().addr()
}

/// SplitMix64: small, seeded, good enough to pick kill moments.
#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

impl Rng {
    /// Seeded from `RESILIENCE_SEED` or the clock; the seed is printed so a failing run
    /// can be replayed.
    pub(crate) fn from_env(test: &str) -> Self {
        let seed = std::env::var("RESILIENCE_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(7, |d| d.as_nanos() as u64)
            });
        crate::progress!("{test}: seed {seed} (replay with RESILIENCE_SEED={seed})");
        Rng(seed)
    }

    /// The next 64 random bits.
    pub(crate) fn bits(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `lo..=hi`.
    pub(crate) fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.bits() % (hi - lo + 1)
    }

    /// Milliseconds uniform in `lo..=hi`.
    pub(crate) fn millis(&mut self, lo: u64, hi: u64) -> Duration {
        Duration::from_millis(self.range(lo, hi))
    }
}

pub(crate) use testkit::stack::free_port;

/// A directory for this test's files (deployment, logs, anvil state) under cargo's
/// per-target scratch directory.
pub(crate) fn scratch_dir(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("resilience-{}", std::process::id()))
        .join(test);
    std::fs::create_dir_all(&dir).expect("creating the scratch directory");
    dir
}

/// A database of its own on the server, dropped when this is dropped.
#[derive(Debug)]
pub(crate) struct TestDb {
    /// The database's name.
    pub(crate) name: String,
}

impl TestDb {
    /// Reserves the name `resil_<pid>_<tag>`, dropping a leftover of that name. The
    /// indexer creates and migrates the database itself.
    pub(crate) async fn new(tag: &str) -> Self {
        let name = format!("resil_{}_{tag}", std::process::id());
        let mut conn = MySqlConnection::connect(&format!("{}/", server_url()))
            .await
            .expect("connecting to MariaDB (set DATABASE_URL)");
        sqlx::query(&format!("DROP DATABASE IF EXISTS `{name}`"))
            .execute(&mut conn)
            .await
            .expect("dropping a leftover database");
        Self { name }
    }

    /// Its URL on the real server.
    pub(crate) fn url(&self) -> String {
        format!("{}/{}", server_url(), self.name)
    }

    /// Its URL through a proxy listening on 127.0.0.1:`port`.
    pub(crate) fn url_via(&self, port: u16) -> String {
        format!("mysql://root@127.0.0.1:{port}/{}", self.name)
    }

    /// A connection to it.
    pub(crate) async fn connect(&self) -> MySqlConnection {
        MySqlConnection::connect(&self.url())
            .await
            .unwrap_or_else(|e| panic!("connecting to {}: {e}", self.url()))
    }

    /// `indexer_state.indexed_block`, if the indexer has committed anything.
    pub(crate) async fn indexed(&self) -> Option<u64> {
        let mut conn = MySqlConnection::connect(&self.url()).await.ok()?;
        let v: Option<u64> =
            sqlx::query_scalar("SELECT indexed_block FROM indexer_state WHERE id = 1")
                .fetch_optional(&mut conn)
                .await
                .ok()?;
        let _ = conn.close().await;
        v
    }
}

impl Drop for TestDb {
    /// Drops the database, and the scratch databases an `indexer audit` that was killed
    /// left behind (`<name>_audit_<pid>`).
    fn drop(&mut self) {
        let name = self.name.clone();
        let url = format!("{}/", server_url());
        // Drop may run inside the test's runtime: use a thread with a runtime of its own.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            rt.block_on(async {
                let mut conn = MySqlConnection::connect(&url).await.ok()?;
                let mut doomed: Vec<String> = sqlx::query_scalar(
                    "SELECT CAST(SCHEMA_NAME AS CHAR) FROM information_schema.SCHEMATA \
                     WHERE SCHEMA_NAME LIKE CONCAT(?, '\\_audit\\_%')",
                )
                .bind(&name)
                .fetch_all(&mut conn)
                .await
                .unwrap_or_default();
                doomed.push(name);
                for db in doomed {
                    let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS `{db}`"))
                        .execute(&mut conn)
                        .await;
                }
                Some(())
            })
        })
        .join();
    }
}

/// Settings of an `indexer run`, all through the environment.
#[derive(Debug, Clone)]
pub(crate) struct RunConfig {
    /// `DATABASE_URL`.
    pub(crate) database_url: String,
    /// `RPC_URL`.
    pub(crate) rpc_url: String,
    /// `DEPLOYMENTS`.
    pub(crate) deployments: PathBuf,
    /// Further variables (`LOG_RANGE`, `REORG_DEPTH`, `STOP_AT_BLOCK`, ...).
    pub(crate) env: Vec<(&'static str, String)>,
    /// Where stdout and stderr go (appended, so restarts accumulate).
    pub(crate) log: PathBuf,
}

impl RunConfig {
    /// With `key=value` added (or replaced).
    pub(crate) fn with(mut self, key: &'static str, value: impl ToString) -> Self {
        self.env.retain(|(k, _)| *k != key);
        self.env.push((key, value.to_string()));
        self
    }

    fn command(&self, sub: &str, metrics: Option<SocketAddr>) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_indexer"));
        cmd.arg(sub)
            .env("DATABASE_URL", &self.database_url)
            .env("RPC_URL", &self.rpc_url)
            .env("DEPLOYMENTS", &self.deployments)
            .env("RUST_LOG", "info")
            .env("NO_COLOR", "1")
            .stdin(Stdio::null());
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        if let Some(m) = metrics {
            cmd.env("METRICS_ADDR", m.to_string());
        }
        let log = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)
            .expect("opening the indexer's log");
        let err = log.try_clone().expect("cloning the log handle");
        cmd.stdout(Stdio::from(log)).stderr(Stdio::from(err));
        cmd
    }

    /// Starts `indexer run`, serving /healthz on a fresh loopback port.
    pub(crate) fn spawn(&self) -> IndexerProc {
        self.spawn_sub("run")
    }

    /// Starts `indexer <sub>` (with METRICS_ADDR on a fresh loopback port).
    pub(crate) fn spawn_sub(&self, sub: &str) -> IndexerProc {
        let metrics: SocketAddr = ([127, 0, 0, 1], free_port()).into();
        let child = self
            .command(sub, Some(metrics))
            .spawn()
            .expect("starting the indexer binary");
        IndexerProc {
            child,
            metrics,
            log: self.log.clone(),
        }
    }

    /// Runs `indexer <sub>` to its end (at most `timeout`) and returns its exit status
    /// and stdout+stderr.
    pub(crate) async fn run_to_end(&self, sub: &str, timeout: Duration) -> (ExitStatus, String) {
        self.try_run_to_end(sub, timeout)
            .await
            .unwrap_or_else(|log| {
                panic!("`indexer {sub}` did not finish within {timeout:?}; log:\n{log}")
            })
    }

    /// [`RunConfig::run_to_end`], or the tail of its log if it did not finish in time
    /// (it is killed then).
    pub(crate) async fn try_run_to_end(
        &self,
        sub: &str,
        timeout: Duration,
    ) -> Result<(ExitStatus, String), String> {
        let out = self.log.with_extension(format!("{sub}.log"));
        let cfg = RunConfig {
            log: out.clone(),
            ..self.clone()
        };
        let mut p = cfg.spawn_sub(sub);
        match p.wait_exit(timeout).await {
            Some(status) => Ok((status, std::fs::read_to_string(&out).unwrap_or_default())),
            None => Err(p.log_tail(40)),
        }
    }
}

/// A running `indexer run`; SIGKILLed and reaped when dropped.
#[derive(Debug)]
pub(crate) struct IndexerProc {
    child: Child,
    /// Where /healthz is served.
    pub(crate) metrics: SocketAddr,
    log: PathBuf,
}

impl IndexerProc {
    /// `kill -9` and reap.
    pub(crate) fn kill9(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// CPU time (user + system) the process used so far, from `/proc` (Linux).
    pub(crate) fn cpu_time(&self) -> Option<Duration> {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).ok()?;
        let fields: Vec<&str> = stat.rsplit(')').next()?.split_whitespace().collect();
        let ticks: u64 =
            fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
        // USER_HZ is 100 on Linux.
        Some(Duration::from_millis(ticks * 10))
    }

    /// Whether the process is still alive.
    pub(crate) fn running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Its exit status, waiting at most `timeout`.
    pub(crate) async fn wait_exit(&mut self, timeout: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Ok(Some(s)) = self.child.try_wait() {
                return Some(s);
            }
            if Instant::now() > deadline {
                return None;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// The last `n` lines of its log (all runs that shared the log file).
    pub(crate) fn log_tail(&self, n: usize) -> String {
        let mut text = String::new();
        if let Ok(mut f) = File::open(&self.log) {
            let _ = f.read_to_string(&mut text);
        }
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(n)..].join("\n")
    }

    /// `GET /healthz`.
    pub(crate) async fn health(&self) -> Option<Health> {
        healthz(self.metrics).await
    }
}

impl Drop for IndexerProc {
    fn drop(&mut self) {
        self.kill9();
    }
}

/// A `/healthz` answer.
#[derive(Debug, Clone)]
pub(crate) struct Health {
    /// HTTP status.
    pub(crate) code: u16,
    /// The JSON body.
    pub(crate) body: serde_json::Value,
}

impl Health {
    /// 200 and `"status": "ok"`.
    pub(crate) fn ok(&self) -> bool {
        self.code == 200 && self.body["status"] == "ok"
    }

    /// 503 and `"status": "degraded"`.
    pub(crate) fn degraded(&self) -> bool {
        self.code == 503 && self.body["status"] == "degraded"
    }

    /// The `error` field, lowercased ("" when absent).
    pub(crate) fn error(&self) -> String {
        self.body["error"]
            .as_str()
            .unwrap_or_default()
            .to_lowercase()
    }
}

/// `GET /healthz` on `addr` with a plain HTTP/1.1 request (`None`: no answer).
pub(crate) async fn healthz(addr: SocketAddr) -> Option<Health> {
    let fetch = async {
        let mut s = tokio::net::TcpStream::connect(addr).await.ok()?;
        s.write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            .await
            .ok()?;
        let mut buf = Vec::new();
        s.read_to_end(&mut buf).await.ok()?;
        let text = String::from_utf8_lossy(&buf);
        let code: u16 = text.split_whitespace().nth(1)?.parse().ok()?;
        let body = &text[text.find("\r\n\r\n")? + 4..];
        let json = &body[body.find('{')?..=body.rfind('}')?];
        Some(Health {
            code,
            body: serde_json::from_str(json).ok()?,
        })
    };
    tokio::time::timeout(Duration::from_secs(3), fetch)
        .await
        .ok()
        .flatten()
}

/// Polls `check` every 20 ms until it returns `Some`, for at most `timeout`.
pub(crate) async fn eventually<T, F, Fut>(timeout: Duration, mut check: F) -> Option<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(v) = check().await {
            return Some(v);
        }
        if Instant::now() > deadline {
            return None;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Waits until the indexer has committed `head` and reports healthy; returns how long
/// that took.
pub(crate) async fn caught_up(
    db: &TestDb,
    p: &IndexerProc,
    head: u64,
    timeout: Duration,
) -> Duration {
    let t = Instant::now();
    eventually(timeout, move || async move {
        let indexed = db.indexed().await;
        let healthy = p.health().await.is_some_and(|h| h.ok());
        (indexed == Some(head) && healthy).then_some(())
    })
    .await
    .unwrap_or_else(|| {
        panic!(
            "the indexer did not reach block {head} healthy within {timeout:?}; log:\n{}",
            p.log_tail(30)
        )
    });
    t.elapsed()
}

/// Waits until `/healthz` says 503 degraded; returns its `error`, lowercased.
pub(crate) async fn degraded(p: &IndexerProc, timeout: Duration) -> String {
    eventually(timeout, move || async move {
        p.health().await.filter(|h| h.degraded()).map(|h| h.error())
    })
    .await
    .unwrap_or_else(|| {
        panic!(
            "/healthz did not turn 503 degraded within {timeout:?}; log:\n{}",
            p.log_tail(30)
        )
    })
}

/// The `retry_in_ms` values the indexer logged, in order.
pub(crate) fn retries(log: &str) -> Vec<u64> {
    log.split("retry_in_ms=")
        .skip(1)
        .filter_map(|s| {
            s.split(|c: char| !c.is_ascii_digit())
                .next()
                .and_then(|n| n.parse().ok())
        })
        .collect()
}
