//! Sign-In with Ethereum ([EIP-4361]): parsing, building and verifying the sign-in message.
//!
//! A wallet signs a plain-text [`Message`] with `personal_sign` ([EIP-191]); the server
//! parses the text, checks that it was issued for this site (domain, URI, chain, nonce,
//! validity window) and that the signature recovers to the address in the message.
//!
//! Parsing is strict: the text must follow the EIP-4361 ABNF exactly (one `\n` between
//! lines, no trailing newline, fields in the prescribed order), the address must carry its
//! [EIP-55] checksum, the URI and resources must be RFC 3986 URIs, the domain an RFC 3986
//! authority and the timestamps RFC 3339 date-times. [`Message`]'s `Display` gives back the
//! exact text, byte for byte, which is what the signature covers.
//!
//! Smart-contract wallets ([EIP-1271]) are not supported: only signatures by externally
//! owned accounts are verified.
//!
//! ```
//! use graphql_api::siwe::{Message, Timestamp, VerifyOpts};
//!
//! let text = "login.xyz wants you to sign in with your Ethereum account:\n\
//!     0x9D85ca56217D2bb651b00f15e694EB7E713637D4\n\
//!     \n\
//!     Sign-In With Ethereum Example Statement\n\
//!     \n\
//!     URI: https://login.xyz\n\
//!     Version: 1\n\
//!     Chain ID: 1\n\
//!     Nonce: bTyXgcQxn2htgkjJn\n\
//!     Issued At: 2022-01-27T17:09:38.578Z\n\
//!     Expiration Time: 2100-01-07T14:31:43.952Z";
//! let signature = "0xdc35c7f8ba2720df052e0092556456127f00f7707eaa8e3bbff7e56774e7f2e0\
//!     5a093cfc9e02964c33d86e8e066e221b7d153d27e5a2e97ccd5ca7d3f2ce06cb1b";
//!
//! let message: Message = text.parse()?;
//! assert_eq!(message.to_string(), text);
//! let opts = VerifyOpts {
//!     domain: Some("login.xyz"),
//!     nonce: Some("bTyXgcQxn2htgkjJn"),
//!     time: Some("2022-01-27T17:10:00Z".parse::<Timestamp>()?.value()),
//!     ..VerifyOpts::default()
//! };
//! message.verify_hex(signature, &opts)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Why not the `siwe` crate
//!
//! The `siwe` crate (0.6.1, the latest) was run against the same tests and falls short:
//! - it cannot parse a message whose first line carries a scheme (vector "domain contains
//!   optional scheme" of `parsing_positive.json`), so it cannot verify one either
//!   (`built_message_round_trips_and_verifies`);
//! - it takes the domain as an `http::uri::Authority`, which accepts `host:80a`, `[zz]` and
//!   `a@b@c` and refuses `ex%41mple.com` (`authorities_and_uris`);
//! - it accepts the chain IDs `01` and `+1` (and then writes them back differently), any
//!   characters in the statement, nonce and request ID, a `Resources:` line with no
//!   resource, and a space for the `T` of a timestamp (`grammar_details`);
//! - its validity window counts the expiration instant as valid and the not-before instant
//!   as not yet valid (`each_check_is_refused_with_its_own_error`);
//! - its errors name neither the line nor the field (`error_messages_are_human`).
//!
//! So the EIP-4361 grammar and checks stay here; the RFC 3986 rules are checked by
//! `iri-string` (the URI crate `siwe` itself uses), the EIP-191 hash and the key recovery
//! are alloy's.
//!
//! [EIP-4361]: https://eips.ethereum.org/EIPS/eip-4361
//! [EIP-191]: https://eips.ethereum.org/EIPS/eip-191
//! [EIP-55]: https://eips.ethereum.org/EIPS/eip-55
//! [EIP-1271]: https://eips.ethereum.org/EIPS/eip-1271

use std::{fmt, str::FromStr};

use alloy::primitives::{Address, B256, Signature, eip191_hash_message, hex};
use iri_string::types::UriStr;
use time::{OffsetDateTime, format_description::well_known::Rfc3339};

/// The fixed text that ends the first line, after the (optional scheme and) domain.
const HEADER_SUFFIX: &str = " wants you to sign in with your Ethereum account:";
const URI_TAG: &str = "URI: ";
const VERSION_TAG: &str = "Version: ";
const CHAIN_ID_TAG: &str = "Chain ID: ";
const NONCE_TAG: &str = "Nonce: ";
const ISSUED_AT_TAG: &str = "Issued At: ";
const EXPIRATION_TIME_TAG: &str = "Expiration Time: ";
const NOT_BEFORE_TAG: &str = "Not Before: ";
const REQUEST_ID_TAG: &str = "Request ID: ";
const RESOURCES_TAG: &str = "Resources:";
const RESOURCE_PREFIX: &str = "- ";

/// The only message version EIP-4361 defines.
pub const VERSION: &str = "1";

/// The minimum length of a nonce, in characters.
pub const MIN_NONCE_LEN: usize = 8;

mod error;

pub use error::{ParseError, VerifyError};

/// An RFC 3339 date-time that remembers how it was written, so that a parsed message is
/// reproduced byte for byte (the signature covers the text, e.g. `.000Z` vs `Z`). Two
/// timestamps are equal only if they are written alike; compare [`Timestamp::value`]s to
/// compare instants.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Timestamp {
    text: String,
    value: OffsetDateTime,
}

impl Timestamp {
    /// Makes a timestamp from a date-time, written in RFC 3339 form.
    ///
    /// # Errors
    ///
    /// [`ParseError::InvalidTimestamp`] if the date-time has no RFC 3339 form (a year
    /// outside 0000–9999, or an offset with seconds).
    pub fn new(value: OffsetDateTime) -> Result<Self, ParseError> {
        let text = value
            .format(&Rfc3339)
            .map_err(|_| ParseError::InvalidTimestamp {
                field: "timestamp",
                value: value.to_string(),
            })?;
        Ok(Self { text, value })
    }

    /// The timestamp as written.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The instant (with the offset it was written with).
    #[must_use]
    pub fn value(&self) -> OffsetDateTime {
        self.value
    }

    fn parse_field(field: &'static str, text: &str) -> Result<Self, ParseError> {
        let invalid = || ParseError::InvalidTimestamp {
            field,
            value: text.to_owned(),
        };
        // `time` accepts any byte between the date and the time; RFC 3339's ABNF wants a T.
        if !matches!(text.as_bytes().get(10), Some(b'T' | b't')) {
            return Err(invalid());
        }
        let value = OffsetDateTime::parse(text, &Rfc3339).map_err(|_| invalid())?;
        Ok(Self {
            text: text.to_owned(),
            value,
        })
    }
}

impl FromStr for Timestamp {
    type Err = ParseError;

    /// Parses an RFC 3339 date-time, such as `2021-09-30T16:25:24.000Z`.
    fn from_str(s: &str) -> Result<Self, ParseError> {
        Self::parse_field("timestamp", s)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl From<Timestamp> for OffsetDateTime {
    fn from(t: Timestamp) -> Self {
        t.value
    }
}

/// An EIP-4361 sign-in message.
///
/// Parse one with [`str::parse`], build one with [`Message::from_fields`] (which applies the
/// same rules), and write it with `Display` (the exact text the wallet signs). The fields
/// are public; a message built or changed by hand is checked by [`Message::validate`],
/// which [`Message::verify`] calls first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The RFC 3986 authority asking for the sign-in, e.g. `example.com` or
    /// `localhost:8080` (without the scheme).
    pub domain: String,
    /// The optional URI scheme written before the domain (`https` in `https://example.com`).
    pub scheme: Option<String>,
    /// The account signing in; written in EIP-55 checksum form.
    pub address: Address,
    /// An optional one-line, human-readable assertion the user signs.
    pub statement: Option<String>,
    /// The RFC 3986 URI of the resource that is the subject of the signing.
    pub uri: String,
    /// The message version; always `1`.
    pub version: String,
    /// The EIP-155 chain ID the session is bound to.
    pub chain_id: u64,
    /// A server-issued random string (at least 8 alphanumeric characters) against replay.
    pub nonce: String,
    /// When the message was issued.
    pub issued_at: Timestamp,
    /// When the signed message stops being valid, if ever.
    pub expiration_time: Option<Timestamp>,
    /// When the signed message starts being valid, if later than now.
    pub not_before: Option<Timestamp>,
    /// An optional system-specific identifier (RFC 3986 `pchar`s).
    pub request_id: Option<String>,
    /// RFC 3986 URIs the user wishes to have resolved as part of authentication.
    pub resources: Vec<String>,
}

/// The fields of a message as text, for [`Message::from_fields`] (or `TryFrom`): e.g. what a
/// client sent as JSON. Each one is checked by the same rules as when parsing the message
/// text; the chain ID is its decimal text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MessageFields {
    /// See [`Message::scheme`].
    pub scheme: Option<String>,
    /// See [`Message::domain`]; required.
    pub domain: Option<String>,
    /// See [`Message::address`]; required, EIP-55 checksummed.
    pub address: Option<String>,
    /// See [`Message::statement`].
    pub statement: Option<String>,
    /// See [`Message::uri`]; required.
    pub uri: Option<String>,
    /// See [`Message::version`]; required, `1`.
    pub version: Option<String>,
    /// See [`Message::chain_id`]; required, in decimal.
    pub chain_id: Option<String>,
    /// See [`Message::nonce`]; required.
    pub nonce: Option<String>,
    /// See [`Message::issued_at`]; required, RFC 3339.
    pub issued_at: Option<String>,
    /// See [`Message::expiration_time`]; RFC 3339.
    pub expiration_time: Option<String>,
    /// See [`Message::not_before`]; RFC 3339.
    pub not_before: Option<String>,
    /// See [`Message::request_id`].
    pub request_id: Option<String>,
    /// See [`Message::resources`].
    pub resources: Vec<String>,
}

/// What [`Message::verify`] checks besides the signature. Every `None` is not checked,
/// except `time`, which defaults to now.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct VerifyOpts<'a> {
    /// The domain (RFC 3986 authority) the message must be for, compared exactly.
    pub domain: Option<&'a str>,
    /// The nonce the server issued for this sign-in.
    pub nonce: Option<&'a str>,
    /// The instant to check the validity window at; `None` means now.
    pub time: Option<OffsetDateTime>,
    /// The chain ID the message must be for.
    pub chain_id: Option<u64>,
    /// The URI the message must be for, compared exactly.
    pub uri: Option<&'a str>,
}

impl Message {
    /// Builds a message from its fields as text, applying the same rules as parsing.
    ///
    /// # Errors
    ///
    /// [`ParseError::MissingField`] when a required field is absent, or the error that the
    /// invalid field would give when parsing the message text.
    pub fn from_fields(fields: MessageFields) -> Result<Self, ParseError> {
        let MessageFields {
            scheme,
            domain,
            address,
            statement,
            uri,
            version,
            chain_id,
            nonce,
            issued_at,
            expiration_time,
            not_before,
            request_id,
            resources,
        } = fields;
        let required = |value: Option<String>, name| value.ok_or(ParseError::MissingField(name));
        let address = parse_address(&required(address, "address")?)?;
        let chain_id = parse_chain_id(&required(chain_id, "chainId")?)?;
        let issued_at = Timestamp::parse_field("Issued At", &required(issued_at, "issuedAt")?)?;
        let expiration_time = expiration_time
            .map(|t| Timestamp::parse_field("Expiration Time", &t))
            .transpose()?;
        let not_before = not_before
            .map(|t| Timestamp::parse_field("Not Before", &t))
            .transpose()?;
        let message = Self {
            domain: required(domain, "domain")?,
            scheme,
            address,
            statement,
            uri: required(uri, "uri")?,
            version: required(version, "version")?,
            chain_id,
            nonce: required(nonce, "nonce")?,
            issued_at,
            expiration_time,
            not_before,
            request_id,
            resources,
        };
        message.validate()?;
        Ok(message)
    }

    /// Checks the textual fields against the EIP-4361 rules (the typed ones are valid by
    /// construction). Parsing and [`Message::from_fields`] already did this; call it after
    /// building or changing a message by hand.
    ///
    /// # Errors
    ///
    /// The first rule that a field breaks.
    pub fn validate(&self) -> Result<(), ParseError> {
        if let Some(scheme) = &self.scheme {
            check_scheme(scheme)?;
        }
        check_domain(&self.domain)?;
        if let Some(statement) = &self.statement {
            check_statement(statement)?;
        }
        check_uri("URI", &self.uri)?;
        check_version(&self.version)?;
        check_nonce(&self.nonce)?;
        if let Some(request_id) = &self.request_id {
            check_request_id(request_id)?;
        }
        for resource in &self.resources {
            check_uri("resource", resource)?;
        }
        Ok(())
    }

    /// The EIP-191 (`personal_sign`) hash of the message text: what the wallet signs.
    #[must_use]
    pub fn signing_hash(&self) -> B256 {
        eip191_hash_message(self.to_string())
    }

    /// Verifies a 65-byte `r || s || v` signature (`v` in {27, 28} or {0, 1}) of this
    /// message's text, made with `personal_sign` (EIP-191) by [`Message::address`], and
    /// checks the message against `opts` and its validity window.
    ///
    /// # Errors
    ///
    /// The first check that fails: [`VerifyError::InvalidMessage`], then the domain, nonce,
    /// chain ID and URI mismatches, then [`VerifyError::Expired`] (the time is at or after
    /// the expiration time) and [`VerifyError::NotYetValid`] (before the not-before time),
    /// then the signature errors.
    pub fn verify(&self, signature: &[u8], opts: &VerifyOpts<'_>) -> Result<(), VerifyError> {
        self.validate()?;
        if let Some(expected) = opts.domain
            && expected != self.domain
        {
            return Err(VerifyError::DomainMismatch {
                expected: expected.to_owned(),
                found: self.domain.clone(),
            });
        }
        if let Some(expected) = opts.nonce
            && expected != self.nonce
        {
            return Err(VerifyError::NonceMismatch {
                expected: expected.to_owned(),
                found: self.nonce.clone(),
            });
        }
        if let Some(expected) = opts.chain_id
            && expected != self.chain_id
        {
            return Err(VerifyError::ChainIdMismatch {
                expected,
                found: self.chain_id,
            });
        }
        if let Some(expected) = opts.uri
            && expected != self.uri
        {
            return Err(VerifyError::UriMismatch {
                expected: expected.to_owned(),
                found: self.uri.clone(),
            });
        }
        let now = opts.time.unwrap_or_else(OffsetDateTime::now_utc);
        if let Some(expiration) = &self.expiration_time
            && now >= expiration.value()
        {
            return Err(VerifyError::Expired(expiration.to_string()));
        }
        if let Some(not_before) = &self.not_before
            && now < not_before.value()
        {
            return Err(VerifyError::NotYetValid(not_before.to_string()));
        }

        let signature = parse_signature(signature)?;
        let recovered = signature
            .recover_address_from_prehash(&self.signing_hash())
            .map_err(|e| VerifyError::InvalidSignature(e.to_string()))?;
        if recovered != self.address {
            return Err(VerifyError::SignatureMismatch {
                address: self.address,
                recovered,
            });
        }
        Ok(())
    }

    /// [`Message::verify`] with the signature in hexadecimal (130 digits, `0x` optional), as
    /// wallets return it.
    ///
    /// # Errors
    ///
    /// [`VerifyError::MalformedSignature`] if the text is not hexadecimal, otherwise as
    /// [`Message::verify`].
    pub fn verify_hex(&self, signature: &str, opts: &VerifyOpts<'_>) -> Result<(), VerifyError> {
        let bytes = hex::decode(signature)
            .map_err(|e| VerifyError::MalformedSignature(format!("not hexadecimal: {e}")))?;
        self.verify(&bytes, opts)
    }
}

impl TryFrom<MessageFields> for Message {
    type Error = ParseError;

    fn try_from(fields: MessageFields) -> Result<Self, ParseError> {
        Self::from_fields(fields)
    }
}

impl FromStr for Message {
    type Err = ParseError;

    /// Parses the EIP-4361 text of a message, strictly.
    fn from_str(s: &str) -> Result<Self, ParseError> {
        let mut lines = Lines {
            lines: s.split('\n').collect(),
            next: 0,
        };

        let header = lines.expect(
            "`<domain> wants you to sign in with your Ethereum account:`",
            |line| line.strip_suffix(HEADER_SUFFIX),
        )?;
        let (scheme, domain) = match header.split_once("://") {
            Some((scheme, domain)) => (Some(check_scheme(scheme)?.to_owned()), domain),
            None => (None, header),
        };
        let domain = check_domain(domain)?.to_owned();

        let address = parse_address(lines.expect("the address", Some)?)?;
        lines.expect("an empty line after the address", |l| {
            l.is_empty().then_some(l)
        })?;

        // `[ statement LF ] LF "URI: "`: without a statement the next line is already empty.
        let statement = match (lines.peek(0), lines.peek(1)) {
            (Some(""), Some(next)) if !next.is_empty() => None,
            _ => {
                let statement = lines.expect("the statement", Some)?;
                Some(check_statement(statement)?.to_owned())
            }
        };
        lines.expect("an empty line after the statement", |l| {
            l.is_empty().then_some(l)
        })?;

        let uri = check_uri("URI", lines.tagged(URI_TAG, "`URI: <uri>`")?)?.to_owned();
        let version = check_version(lines.tagged(VERSION_TAG, "`Version: 1`")?)?.to_owned();
        let chain_id = parse_chain_id(lines.tagged(CHAIN_ID_TAG, "`Chain ID: <chain id>`")?)?;
        let nonce = check_nonce(lines.tagged(NONCE_TAG, "`Nonce: <nonce>`")?)?.to_owned();
        let issued_at = Timestamp::parse_field(
            "Issued At",
            lines.tagged(ISSUED_AT_TAG, "`Issued At: <RFC 3339 date-time>`")?,
        )?;
        let expiration_time = lines
            .optional(EXPIRATION_TIME_TAG)
            .map(|t| Timestamp::parse_field("Expiration Time", t))
            .transpose()?;
        let not_before = lines
            .optional(NOT_BEFORE_TAG)
            .map(|t| Timestamp::parse_field("Not Before", t))
            .transpose()?;
        let request_id = lines
            .optional(REQUEST_ID_TAG)
            .map(|id| check_request_id(id).map(str::to_owned))
            .transpose()?;
        let mut resources = Vec::new();
        if lines.peek(0) == Some(RESOURCES_TAG) {
            lines.next += 1;
            while let Some(resource) = lines.optional(RESOURCE_PREFIX) {
                resources.push(check_uri("resource", resource)?.to_owned());
            }
            if resources.is_empty() {
                return Err(ParseError::EmptyResources);
            }
        }
        if let Some(text) = lines.peek(0) {
            return Err(ParseError::UnexpectedLine {
                line: lines.next + 1,
                text: text.to_owned(),
            });
        }

        Ok(Self {
            domain,
            scheme,
            address,
            statement,
            uri,
            version,
            chain_id,
            nonce,
            issued_at,
            expiration_time,
            not_before,
            request_id,
            resources,
        })
    }
}

impl fmt::Display for Message {
    /// Writes the exact EIP-4361 text of the message (what the wallet signs).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(scheme) = &self.scheme {
            write!(f, "{scheme}://")?;
        }
        write!(
            f,
            "{domain}{HEADER_SUFFIX}\n{address}\n\n",
            domain = self.domain,
            address = self.address.to_checksum(None),
        )?;
        if let Some(statement) = &self.statement {
            writeln!(f, "{statement}")?;
        }
        write!(
            f,
            "\n{URI_TAG}{}\n{VERSION_TAG}{}\n{CHAIN_ID_TAG}{}\n{NONCE_TAG}{}\n{ISSUED_AT_TAG}{}",
            self.uri, self.version, self.chain_id, self.nonce, self.issued_at,
        )?;
        if let Some(t) = &self.expiration_time {
            write!(f, "\n{EXPIRATION_TIME_TAG}{t}")?;
        }
        if let Some(t) = &self.not_before {
            write!(f, "\n{NOT_BEFORE_TAG}{t}")?;
        }
        if let Some(id) = &self.request_id {
            write!(f, "\n{REQUEST_ID_TAG}{id}")?;
        }
        if !self.resources.is_empty() {
            write!(f, "\n{RESOURCES_TAG}")?;
            for resource in &self.resources {
                write!(f, "\n{RESOURCE_PREFIX}{resource}")?;
            }
        }
        Ok(())
    }
}

/// A cursor over the lines of a message.
struct Lines<'a> {
    lines: Vec<&'a str>,
    next: usize,
}

impl<'a> Lines<'a> {
    fn peek(&self, ahead: usize) -> Option<&'a str> {
        self.lines.get(self.next + ahead).copied()
    }

    /// Takes the next line if `accept` maps it to `Some`, else fails with `expected`.
    fn expect(
        &mut self,
        expected: &'static str,
        accept: impl FnOnce(&'a str) -> Option<&'a str>,
    ) -> Result<&'a str, ParseError> {
        match self.peek(0).and_then(accept) {
            Some(value) => {
                self.next += 1;
                Ok(value)
            }
            None => Err(ParseError::Expected {
                line: self.next + 1,
                expected,
            }),
        }
    }

    /// Takes the next line, which must start with `tag`; returns the rest.
    fn tagged(&mut self, tag: &str, expected: &'static str) -> Result<&'a str, ParseError> {
        self.expect(expected, |line| line.strip_prefix(tag))
    }

    /// Takes the next line if it starts with `tag`; returns the rest.
    fn optional(&mut self, tag: &str) -> Option<&'a str> {
        let value = self.peek(0)?.strip_prefix(tag)?;
        self.next += 1;
        Some(value)
    }
}

fn parse_signature(bytes: &[u8]) -> Result<Signature, VerifyError> {
    let raw: &[u8; 65] = bytes.try_into().map_err(|_| {
        VerifyError::MalformedSignature(format!(
            "expected 65 bytes (r || s || v), got {}",
            bytes.len()
        ))
    })?;
    let v = raw[64];
    if !matches!(v, 0 | 1 | 27 | 28) {
        return Err(VerifyError::MalformedSignature(format!(
            "the recovery byte v is {v}, expected 27, 28, 0 or 1"
        )));
    }
    Signature::from_raw_array(raw).map_err(|e| VerifyError::MalformedSignature(e.to_string()))
}

fn parse_address(text: &str) -> Result<Address, ParseError> {
    let digits = text
        .strip_prefix("0x")
        .filter(|d| d.len() == 40 && d.bytes().all(|b| b.is_ascii_hexdigit()))
        .ok_or_else(|| ParseError::InvalidAddress(text.to_owned()))?;
    let address = digits
        .parse::<Address>()
        .map_err(|_| ParseError::InvalidAddress(text.to_owned()))?;
    let expected = address.to_checksum(None);
    if expected != text {
        return Err(ParseError::AddressChecksum {
            found: text.to_owned(),
            expected,
        });
    }
    Ok(address)
}

fn parse_chain_id(text: &str) -> Result<u64, ParseError> {
    let invalid = || ParseError::InvalidChainId(text.to_owned());
    let digits_only = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
    if !digits_only || (text.len() > 1 && text.starts_with('0')) {
        return Err(invalid());
    }
    text.parse().map_err(|_| invalid())
}

fn check_scheme(scheme: &str) -> Result<&str, ParseError> {
    if is_scheme(scheme) {
        Ok(scheme)
    } else {
        Err(ParseError::InvalidScheme(scheme.to_owned()))
    }
}

fn check_domain(domain: &str) -> Result<&str, ParseError> {
    if is_domain(domain) {
        Ok(domain)
    } else {
        Err(ParseError::InvalidDomain(domain.to_owned()))
    }
}

fn check_statement(statement: &str) -> Result<&str, ParseError> {
    // RFC 3986 `reserved` and `unreserved` characters, and spaces.
    const PUNCTUATION: &[u8] = b" -._~:/?#[]@!$&'()*+,;=";
    if statement
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || PUNCTUATION.contains(&b))
    {
        Ok(statement)
    } else {
        Err(ParseError::InvalidStatement(statement.to_owned()))
    }
}

fn check_uri<'a>(field: &'static str, uri: &'a str) -> Result<&'a str, ParseError> {
    if UriStr::new(uri).is_ok() {
        Ok(uri)
    } else {
        Err(ParseError::InvalidUri {
            field,
            value: uri.to_owned(),
        })
    }
}

fn check_version(version: &str) -> Result<&str, ParseError> {
    if version == VERSION {
        Ok(version)
    } else {
        Err(ParseError::InvalidVersion(version.to_owned()))
    }
}

fn check_nonce(nonce: &str) -> Result<&str, ParseError> {
    if nonce.len() >= MIN_NONCE_LEN && nonce.bytes().all(|b| b.is_ascii_alphanumeric()) {
        Ok(nonce)
    } else {
        Err(ParseError::InvalidNonce(nonce.to_owned()))
    }
}

fn check_request_id(request_id: &str) -> Result<&str, ParseError> {
    if is_pchars(request_id) {
        Ok(request_id)
    } else {
        Err(ParseError::InvalidRequestId(request_id.to_owned()))
    }
}

// The RFC 3986 rules below are checked by `iri-string` (the URI library the `siwe` crate
// uses too), on a URI built around the part.

/// `scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )`
fn is_scheme(s: &str) -> bool {
    UriStr::new(&format!("{s}:")).is_ok_and(|uri| uri.scheme_str() == s)
}

/// `authority = [ userinfo "@" ] host [ ":" port ]`, with a host that is not empty (an
/// empty host is allowed in URIs such as `file:///x`, but not as the domain of a message).
fn is_domain(s: &str) -> bool {
    let uri = format!("x://{s}");
    UriStr::new(&uri).is_ok_and(|uri| {
        uri.authority_str() == Some(s)
            && uri.path_str().is_empty()
            && uri
                .authority_components()
                .is_some_and(|authority| !authority.host().is_empty())
    })
}

/// `*pchar`: what may stand between two slashes of a path.
fn is_pchars(s: &str) -> bool {
    !s.contains('/') && UriStr::new(&format!("x:{s}")).is_ok_and(|uri| uri.path_str() == s)
}

#[cfg(test)]
mod tests;
