//! Outgoing mail: over SMTP (`SMTP_URL`: `smtps://user:pass@host:465` for TLS,
//! `smtp://user:pass@host:587?tls=required` for STARTTLS, `smtp://host:25` in plain
//! text), or, without one, written to a folder as `.eml` files and logged so a
//! developer can open the link.

use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    message::{
        Mailbox, MessageBuilder,
        header::{ContentType, HeaderName, HeaderValue},
    },
};
use std::path::PathBuf;

/// Where mail goes.
#[derive(Clone)]
pub enum Mailer {
    /// A real SMTP server.
    Smtp {
        /// The transport.
        transport: AsyncSmtpTransport<Tokio1Executor>,
        /// The From address.
        from: Mailbox,
    },
    /// A folder of `.eml` files.
    Folder {
        /// The folder.
        dir: PathBuf,
        /// The From address.
        from: Mailbox,
    },
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Mailer::Smtp { from, .. } => write!(f, "Mailer::Smtp(from {from})"),
            Mailer::Folder { dir, .. } => write!(f, "Mailer::Folder({})", dir.display()),
        }
    }
}

impl Mailer {
    /// SMTP when `smtp_url` is given, else the folder.
    pub fn new(smtp_url: Option<&str>, folder: PathBuf, from: &str) -> Result<Self, String> {
        let from: Mailbox = from
            .parse()
            .map_err(|e| format!("MAIL_FROM {from:?}: {e}"))?;
        match smtp_url {
            Some(url) => {
                let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| format!("SMTP_URL: {e}"))?
                    .timeout(Some(std::time::Duration::from_secs(10)))
                    .build();
                Ok(Mailer::Smtp { transport, from })
            }
            None => Ok(Mailer::Folder { dir: folder, from }),
        }
    }

    fn from(&self) -> &Mailbox {
        match self {
            Mailer::Smtp { from, .. } | Mailer::Folder { from, .. } => from,
        }
    }

    /// A plain-text mail to `to` about `subject`, from the From address.
    fn message(&self, to: &str, subject: &str) -> Result<(Mailbox, MessageBuilder), String> {
        let to: Mailbox = to.parse().map_err(|e| format!("recipient {to:?}: {e}"))?;
        let builder = Message::builder()
            .from(self.from().clone())
            .to(to.clone())
            .subject(subject)
            .header(ContentType::TEXT_PLAIN);
        Ok((to, builder))
    }

    /// Hands `msg` to the SMTP server (the folder mailer writes its own files).
    async fn smtp(
        transport: &AsyncSmtpTransport<Tokio1Executor>,
        msg: Message,
    ) -> Result<(), String> {
        transport
            .send(msg)
            .await
            .map(drop)
            .map_err(|e| format!("SMTP: {e}"))
    }

    /// Sends a plain-text mail.
    pub async fn send(&self, to: &str, subject: &str, body: &str) -> Result<(), String> {
        let (to, builder) = self.message(to, subject)?;
        let msg = builder
            .body(body.to_owned())
            .map_err(|e| format!("building mail: {e}"))?;
        match self {
            Mailer::Smtp { transport, .. } => {
                Self::smtp(transport, msg).await?;
                tracing::info!(target: "graphql_api::mail", to = %to.email, subject, "mail sent");
            }
            Mailer::Folder { dir, .. } => {
                tokio::fs::create_dir_all(dir)
                    .await
                    .map_err(|e| format!("mail folder {}: {e}", dir.display()))?;
                let stamp = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap_or_default()
                    .as_nanos();
                let safe: String = to
                    .email
                    .to_string()
                    .chars()
                    .map(|c| {
                        if c.is_ascii_alphanumeric() || c == '.' {
                            c
                        } else {
                            '_'
                        }
                    })
                    .collect();
                let path = dir.join(format!("{stamp}-{safe}.eml"));
                tokio::fs::write(&path, msg.formatted())
                    .await
                    .map_err(|e| format!("writing {}: {e}", path.display()))?;
                tracing::info!(target: "graphql_api::mail", to = %to.email, subject, file = %path.display(), "mail written to folder (no SMTP_URL):\n{body}");
            }
        }
        Ok(())
    }

    /// Delivers outbox mail `id` at most once per id: to the folder as `outbox-<id>.eml`
    /// (written to a temporary file, then renamed, so it is there whole or not at all;
    /// an existing file means it was delivered), over SMTP with the Message-ID
    /// `<outbox-<id>@<From domain>>`. `unsubscribe` adds RFC 8058's one-click headers.
    pub async fn deliver(
        &self,
        id: u64,
        to: &str,
        subject: &str,
        body: &str,
        unsubscribe: Option<&str>,
    ) -> Result<(), String> {
        let message_id = format!("<outbox-{id}@{}>", self.from().email.domain());
        let (to, builder) = self.message(to, subject)?;
        let mut builder = builder.message_id(Some(message_id));
        if let Some(url) = unsubscribe {
            builder = builder
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe"),
                    format!("<{url}>"),
                ))
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                    "List-Unsubscribe=One-Click".to_owned(),
                ));
        }
        let msg = builder
            .body(body.to_owned())
            .map_err(|e| format!("building mail: {e}"))?;
        match self {
            Mailer::Smtp { transport, .. } => Self::smtp(transport, msg).await?,
            Mailer::Folder { dir, .. } => {
                let path = dir.join(format!("outbox-{id}.eml"));
                if tokio::fs::try_exists(&path).await.unwrap_or(false) {
                    return Ok(());
                }
                tokio::fs::create_dir_all(dir)
                    .await
                    .map_err(|e| format!("mail folder {}: {e}", dir.display()))?;
                let tmp = dir.join(format!(".outbox-{id}.eml.tmp"));
                tokio::fs::write(&tmp, msg.formatted())
                    .await
                    .map_err(|e| format!("writing {}: {e}", tmp.display()))?;
                tokio::fs::rename(&tmp, &path)
                    .await
                    .map_err(|e| format!("renaming to {}: {e}", path.display()))?;
            }
        }
        tracing::info!(target: "graphql_api::mail", id, to = %to.email, subject, "notification mail delivered");
        Ok(())
    }
}
