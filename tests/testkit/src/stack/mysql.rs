//! MySQL / MariaDB: the one parser of `mysql://` URLs in the Rust code, databases made and
//! dropped, and a private MariaDB under a data directory.

use super::proc::{Proc, free_port_from};
use eyre::{WrapErr as _, eyre};
use sqlx::{ConnectOptions as _, Connection as _, mysql::MySqlConnectOptions};
use std::{fmt, path::Path, process::Command, str::FromStr, time::Duration};

/// A parsed `mysql://[user[:password]@]host[:port][/database][?params]` URL. User and
/// password are percent-decoded (a `@` or `:` in a password is written `%40`, `%3A`);
/// without a user it is `root`, without a port 3306. [`fmt::Display`] writes it back,
/// encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MysqlUrl {
    /// The user name, decoded.
    pub user: String,
    /// The password, decoded (`None`: no password).
    pub password: Option<String>,
    /// The host.
    pub host: String,
    /// The port.
    pub port: u16,
    /// The database, if the URL names one.
    pub database: Option<String>,
    /// The query string after `?`, kept as written.
    pub params: Option<String>,
}

fn decode(s: &str) -> eyre::Result<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s
                .get(i + 1..i + 3)
                .ok_or_else(|| eyre!("a cut-short %-escape in {s:?}"))?;
            out.push(u8::from_str_radix(hex, 16).wrap_err_with(|| format!("%{hex} in {s:?}"))?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).wrap_err_with(|| format!("{s:?} decodes to invalid UTF-8"))
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

impl FromStr for MysqlUrl {
    type Err = eyre::Report;

    fn from_str(url: &str) -> eyre::Result<Self> {
        let rest = url
            .strip_prefix("mysql://")
            .or_else(|| url.strip_prefix("mariadb://"))
            .ok_or_else(|| eyre!("{url:?} is not a mysql:// URL"))?;
        let (rest, params) = match rest.split_once('?') {
            Some((r, p)) => (r, Some(p.to_owned())),
            None => (rest, None),
        };
        let (authority, database) = match rest.split_once('/') {
            Some((a, d)) if !d.is_empty() => (a, Some(decode(d)?)),
            Some((a, _)) => (a, None),
            None => (rest, None),
        };
        let (auth, hostport) = match authority.rsplit_once('@') {
            Some((a, h)) => (Some(a), h),
            None => (None, authority),
        };
        let (user, password) = match auth {
            Some(a) => match a.split_once(':') {
                Some((u, p)) => (decode(u)?, Some(decode(p)?)),
                None => (decode(a)?, None),
            },
            None => ("root".to_owned(), None),
        };
        let (host, port) = match hostport.rsplit_once(':') {
            Some((h, p)) => (
                h,
                p.parse().wrap_err_with(|| format!("the port in {url:?}"))?,
            ),
            None => (hostport, 3306),
        };
        if host.is_empty() {
            return Err(eyre!("{url:?} names no host"));
        }
        Ok(MysqlUrl {
            user,
            password,
            host: host.to_owned(),
            port,
            database,
            params,
        })
    }
}

impl fmt::Display for MysqlUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "mysql://{}", encode(&self.user))?;
        if let Some(p) = &self.password {
            write!(f, ":{}", encode(p))?;
        }
        write!(f, "@{}:{}", self.host, self.port)?;
        if let Some(db) = &self.database {
            write!(f, "/{}", encode(db))?;
        }
        if let Some(p) = &self.params {
            write!(f, "?{p}")?;
        }
        Ok(())
    }
}

impl MysqlUrl {
    /// Parses `url` (see [`MysqlUrl`]).
    pub fn parse(url: &str) -> eyre::Result<Self> {
        url.parse()
    }

    /// The same server without a database.
    pub fn server(&self) -> Self {
        Self {
            database: None,
            ..self.clone()
        }
    }

    /// The same server with database `name`.
    pub fn with_database(&self, name: &str) -> Self {
        Self {
            database: Some(name.to_owned()),
            ..self.clone()
        }
    }

    /// The server's `host:port`.
    pub fn addr(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }

    /// sqlx options for this server and database (the query string is not applied).
    pub fn connect_options(&self) -> MySqlConnectOptions {
        let mut o = MySqlConnectOptions::new()
            .host(&self.host)
            .port(self.port)
            .username(&self.user);
        if let Some(p) = &self.password {
            o = o.password(p);
        }
        if let Some(db) = &self.database {
            o = o.database(db);
        }
        o
    }

    /// Connects to the server, without selecting the database.
    pub async fn connect_server(&self) -> eyre::Result<sqlx::MySqlConnection> {
        let conn = self
            .server()
            .connect_options()
            .disable_statement_logging()
            .connect()
            .await
            .wrap_err_with(|| format!("connecting to MySQL at {}", self.addr()))?;
        Ok(conn)
    }

    /// Whether a server answers (and accepts the credentials).
    pub async fn is_up(&self) -> bool {
        match tokio::time::timeout(Duration::from_secs(5), self.connect_server()).await {
            Ok(Ok(conn)) => {
                let _ = conn.close().await;
                true
            }
            _ => false,
        }
    }

    /// Runs one statement on the server (no database selected).
    pub async fn exec(&self, sql: &str) -> eyre::Result<()> {
        let mut conn = self.connect_server().await?;
        sqlx::raw_sql(sql)
            .execute(&mut conn)
            .await
            .wrap_err_with(|| format!("{sql} on {}", self.addr()))?;
        let _ = conn.close().await;
        Ok(())
    }

    fn database_name(&self) -> eyre::Result<&str> {
        self.database
            .as_deref()
            .ok_or_else(|| eyre!("{self} names no database"))
    }

    /// Creates the database the URL names, if it does not exist.
    pub async fn create_database(&self) -> eyre::Result<()> {
        let db = self.database_name()?;
        self.exec(&format!("CREATE DATABASE IF NOT EXISTS `{db}`"))
            .await
    }

    /// Drops the database the URL names, if it exists.
    pub async fn drop_database(&self) -> eyre::Result<()> {
        let db = self.database_name()?;
        self.exec(&format!("DROP DATABASE IF EXISTS `{db}`")).await
    }
}

/// Where the stack's read model lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseChoice {
    /// This URL (`DATABASE_URL`); it must answer.
    Url(MysqlUrl),
    /// The server on 127.0.0.1:3306 (database `game_dev`) if one answers, else a
    /// private MariaDB.
    LocalOrPrivate,
    /// A private MariaDB under the data directory, even if a server answers on 3306.
    Private,
}

/// Resolves `choice` to a URL, starting a private MariaDB under `data` when needed
/// (returned so that the caller stops it).
pub async fn ensure_database(
    choice: &DatabaseChoice,
    data: &Path,
) -> eyre::Result<(MysqlUrl, Option<Proc>)> {
    match choice {
        DatabaseChoice::Url(url) => {
            if !url.is_up().await {
                return Err(eyre!("no MySQL answers at DATABASE_URL={url}"));
            }
            Ok((url.clone(), None))
        }
        DatabaseChoice::LocalOrPrivate => {
            let local = MysqlUrl::parse("mysql://root@127.0.0.1:3306/game_dev")?;
            if local.is_up().await {
                return Ok((local, None));
            }
            let (url, proc) = start_private_mariadb(data).await?;
            Ok((url, Some(proc)))
        }
        DatabaseChoice::Private => {
            let (url, proc) = start_private_mariadb(data).await?;
            Ok((url, Some(proc)))
        }
    }
}

fn which(names: &[&str]) -> Option<String> {
    let path = std::env::var_os("PATH")?;
    names.iter().find_map(|name| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
            .map(|p| p.display().to_string())
    })
}

/// A MariaDB of our own under `data/mysql` (initialised the first time, with
/// `--no-defaults` so the machine's configuration does not leak in) on the first free
/// port from 3307; database `game_dev`. Installs `mariadb-server` with apt-get when no
/// server binary is found.
pub async fn start_private_mariadb(data: &Path) -> eyre::Result<(MysqlUrl, Proc)> {
    let mut server = which(&["mariadbd", "mysqld"]);
    if server.is_none() {
        eprintln!("[stack] no MySQL server and no MariaDB installed: installing mariadb-server");
        let ok = Command::new("apt-get")
            .args(["install", "-y", "--no-install-recommends", "mariadb-server"])
            .status()
            .is_ok_and(|s| s.success());
        server = which(&["mariadbd", "mysqld"]).filter(|_| ok);
    }
    let server = server.ok_or_else(|| {
        eyre!("could not install mariadb-server; set DATABASE_URL to a MySQL 8 / MariaDB server")
    })?;
    let dir = data.join("mysql");
    if !dir.join("mysql").is_dir() {
        eprintln!(
            "[stack] initialising a private MariaDB in {}",
            dir.display()
        );
        std::fs::create_dir_all(&dir)?;
        let log = std::fs::File::create(data.join("mariadb-install.log"))?;
        let installed = Command::new(
            which(&["mariadb-install-db", "mysql_install_db"])
                .ok_or_else(|| eyre!("mariadb-install-db is missing"))?,
        )
        .arg("--no-defaults")
        .arg("--user=root")
        .arg(format!("--datadir={}", dir.display()))
        .arg("--skip-test-db")
        .arg("--auth-root-authentication-method=normal")
        .stdout(log.try_clone()?)
        .stderr(log)
        .status()?;
        if !installed.success() {
            return Err(eyre!(
                "mariadb-install-db failed (log: {})",
                data.join("mariadb-install.log").display()
            ));
        }
    }
    let port = free_port_from(3307)?;
    eprintln!("[stack] starting the private MariaDB on 127.0.0.1:{port}");
    let mut cmd = Command::new(server);
    cmd.arg("--no-defaults")
        .arg("--user=root")
        .arg(format!("--datadir={}", dir.display()))
        .arg(format!("--port={port}"))
        .arg("--bind-address=127.0.0.1")
        .arg(format!("--socket={}", data.join("mysql.sock").display()))
        .arg(format!("--pid-file={}", data.join("mysql.pid").display()));
    let mut proc = Proc::spawn("mariadb", cmd, &data.join("mariadb.log"))?;
    let url = MysqlUrl::parse(&format!("mysql://root@127.0.0.1:{port}/game_dev"))?;
    for _ in 0..60 {
        if url.is_up().await {
            return Ok((url, proc));
        }
        if proc.exited().is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    Err(eyre!(
        "the private MariaDB did not start (log: {}):\n{}",
        proc.log.display(),
        proc.log_tail()
    ))
}

#[cfg(test)]
mod tests {
    use super::MysqlUrl;

    #[test]
    fn parses_and_decodes_user_and_password() {
        let u = MysqlUrl::parse(
            "mysql://app%40eu:p%3Ass%40w@db.example:3307/game%2Fdev?ssl-mode=required",
        )
        .unwrap();
        assert_eq!(u.user, "app@eu");
        assert_eq!(u.password.as_deref(), Some("p:ss@w"));
        assert_eq!((u.host.as_str(), u.port), ("db.example", 3307));
        assert_eq!(u.database.as_deref(), Some("game/dev"));
        assert_eq!(u.params.as_deref(), Some("ssl-mode=required"));
        assert_eq!(MysqlUrl::parse(&u.to_string()).unwrap(), u);
    }

    #[test]
    fn defaults_user_port_and_database() {
        let u = MysqlUrl::parse("mysql://127.0.0.1").unwrap();
        assert_eq!((u.user.as_str(), u.port, u.password), ("root", 3306, None));
        assert_eq!(u.database, None);
        let u = MysqlUrl::parse("mysql://root@127.0.0.1:3306/test").unwrap();
        assert_eq!(u.server().to_string(), "mysql://root@127.0.0.1:3306");
        assert_eq!(
            u.with_database("e2e_1").to_string(),
            "mysql://root@127.0.0.1:3306/e2e_1"
        );
        assert!(MysqlUrl::parse("postgres://x@y/z").is_err());
        assert!(MysqlUrl::parse("mysql://u:%4@h/d").is_err());
    }
}
