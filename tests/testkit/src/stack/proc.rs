//! Child processes the launcher owns, free loopback ports and where the project's
//! binaries are.

use eyre::{WrapErr as _, eyre};
use std::{
    net::TcpListener,
    path::{Path, PathBuf},
    process::{Child, Command, ExitStatus, Stdio},
    time::{Duration, Instant},
};

/// A loopback port nobody listens on right now (an ephemeral one, bound then released).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("binding an ephemeral loopback port")
        .port()
}

/// The first port from `start` (trying at most 100) that nothing listens on and that
/// this process can bind on 127.0.0.1.
pub fn free_port_from(start: u16) -> eyre::Result<u16> {
    (start..start.saturating_add(100))
        .find(|&p| {
            std::net::TcpStream::connect_timeout(
                &([127, 0, 0, 1], p).into(),
                Duration::from_millis(200),
            )
            .is_err()
                && TcpListener::bind(("127.0.0.1", p)).is_ok()
        })
        .ok_or_else(|| eyre!("no free port from {start} on"))
}

/// A child process, stopped (SIGTERM, then SIGKILL after ten seconds) when dropped.
#[derive(Debug)]
pub struct Proc {
    /// What it is, for messages ("anvil", "indexer", …).
    pub name: String,
    /// Where its output goes.
    pub log: PathBuf,
    child: Option<Child>,
}

impl Proc {
    /// Spawns `command` with stdout and stderr appended to `log`.
    pub fn spawn(name: &str, mut command: Command, log: &Path) -> eyre::Result<Proc> {
        if let Some(dir) = log.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let out = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            .wrap_err_with(|| format!("opening {}", log.display()))?;
        let child = command
            .stdin(Stdio::null())
            .stdout(out.try_clone()?)
            .stderr(out)
            .spawn()
            .wrap_err_with(|| format!("starting {name} ({:?})", command.get_program()))?;
        Ok(Proc {
            name: name.to_owned(),
            log: log.to_path_buf(),
            child: Some(child),
        })
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.as_ref().map_or(0, Child::id)
    }

    /// Its exit status, when it has stopped.
    pub fn exited(&mut self) -> Option<ExitStatus> {
        self.child
            .as_mut()
            .and_then(|c| c.try_wait().ok().flatten())
    }

    /// The last lines of its log, for error messages.
    pub fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(20)..].join("\n")
    }

    /// Stops it the way an operator would: SIGTERM (anvil saves its state, the indexer
    /// finishes its batch), then SIGKILL if it is still running after ten seconds.
    pub fn stop(mut self) {
        self.terminate();
    }

    fn terminate(&mut self) {
        let Some(mut child) = self.child.take() else {
            return;
        };
        if child.try_wait().ok().flatten().is_some() {
            return;
        }
        if let Ok(pid) = i32::try_from(child.id()) {
            // SAFETY: `kill` only sends a signal; `pid` is our own unreaped child, so it
            // cannot name another process.
            unsafe { libc::kill(pid, libc::SIGTERM) };
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if child.try_wait().ok().flatten().is_some() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = child.kill();
        let _ = child.wait();
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        self.terminate();
    }
}

/// Where the project's binaries (`indexer`, `graphql-api`, `demo-data`) are: one
/// cargo target profile directory.
#[derive(Debug, Clone)]
pub struct Binaries {
    /// The directory, e.g. `target/debug` or `target/release`.
    pub dir: PathBuf,
}

impl Binaries {
    /// The binaries in `dir`.
    pub fn in_dir(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// The directory of the running executable (the `stack` binary sits beside the
    /// others).
    pub fn beside_this_binary() -> eyre::Result<Self> {
        let exe = std::env::current_exe()?;
        Ok(Self::in_dir(
            exe.parent().ok_or_else(|| eyre!("no parent of {exe:?}"))?,
        ))
    }

    /// For an integration test: `target/<profile>`, one level above the test's own
    /// `deps` directory.
    pub fn beside_test() -> Self {
        let exe = std::env::current_exe().expect("the test's executable");
        let deps = exe.parent().expect("target/<profile>/deps");
        Self::in_dir(deps.parent().expect("target/<profile>"))
    }

    /// The path of binary `name`, failing with a hint when it is not built.
    pub fn path(&self, name: &str) -> eyre::Result<PathBuf> {
        let path = self.dir.join(name);
        if path.is_file() {
            Ok(path)
        } else {
            Err(eyre!(
                "{} is missing: build it first (cargo build -p indexer -p graphql-api -p testkit --bins)",
                path.display()
            ))
        }
    }
}
