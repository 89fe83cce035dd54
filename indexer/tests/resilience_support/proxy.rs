//! A TCP proxy on 127.0.0.1:<port> in front of the database server, that can be
//! stopped (listener closed, every live connection cut, so new connections are
//! refused) and started again on the same port.

use std::sync::{Arc, Mutex};
use tokio::{net::TcpListener, task::JoinHandle};

/// The proxy. Stopped when dropped.
#[derive(Debug)]
pub(crate) struct Proxy {
    /// The port it listens on.
    pub(crate) port: u16,
    upstream: String,
    accept: Option<JoinHandle<()>>,
    conns: Arc<Mutex<Vec<JoinHandle<()>>>>,
}

impl Proxy {
    /// A proxy to `upstream` (`host:port`) on 127.0.0.1:`port`, started.
    pub(crate) async fn start(port: u16, upstream: String) -> Self {
        let mut p = Self {
            port,
            upstream,
            accept: None,
            conns: Arc::default(),
        };
        p.resume().await;
        p
    }

    /// Listens again (on the same port).
    pub(crate) async fn resume(&mut self) {
        assert!(self.accept.is_none(), "the proxy is already running");
        // The port was ours a moment ago; retry briefly in case the kernel lags.
        let mut tries = 0;
        let listener = loop {
            match TcpListener::bind(("127.0.0.1", self.port)).await {
                Ok(l) => break l,
                Err(e) if tries < 100 => {
                    tries += 1;
                    if tries == 1 {
                        crate::progress!("proxy: rebinding 127.0.0.1:{}: {e}", self.port);
                    }
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                }
                Err(e) => panic!("proxy: binding 127.0.0.1:{}: {e}", self.port),
            }
        };
        let (upstream, conns) = (self.upstream.clone(), self.conns.clone());
        self.accept = Some(tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                let upstream = upstream.clone();
                let task = tokio::spawn(async move {
                    if let Ok(mut server) = tokio::net::TcpStream::connect(&upstream).await {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                    }
                });
                let mut live = conns.lock().expect("proxy lock");
                live.retain(|t| !t.is_finished());
                live.push(task);
            }
        }));
    }

    /// Closes the listener (new connections are refused) and cuts every live one.
    pub(crate) async fn stop(&mut self) {
        if let Some(accept) = self.accept.take() {
            accept.abort();
            let _ = accept.await;
        }
        let live: Vec<JoinHandle<()>> =
            std::mem::take(&mut *self.conns.lock().expect("proxy lock"));
        for t in &live {
            t.abort();
        }
        for t in live {
            let _ = t.await;
        }
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        if let Some(a) = self.accept.take() {
            a.abort();
        }
        for t in self.conns.lock().expect("proxy lock").drain(..) {
            t.abort();
        }
    }
}
