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

/// Why a text or a set of fields is not a valid EIP-4361 message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ParseError {
    /// A line does not have the shape the grammar requires at that point.
    #[error("line {line}: expected {expected}")]
    Expected {
        /// The 1-based line number.
        line: usize,
        /// What the grammar requires there.
        expected: &'static str,
    },
    /// Text follows the last field of the message.
    #[error("line {line}: unexpected text {text:?} after the last field of the message")]
    UnexpectedLine {
        /// The 1-based line number.
        line: usize,
        /// The offending line.
        text: String,
    },
    /// A required field was not given (when building from fields).
    #[error("the required field `{0}` is missing")]
    MissingField(&'static str),
    /// The scheme before the domain is not an RFC 3986 scheme.
    #[error("invalid scheme {0:?}: expected an RFC 3986 scheme such as `https`")]
    InvalidScheme(String),
    /// The domain is not an RFC 3986 authority.
    #[error("invalid domain {0:?}: expected an RFC 3986 authority ([userinfo@]host[:port])")]
    InvalidDomain(String),
    /// The address is not `0x` followed by 40 hexadecimal digits.
    #[error("invalid address {0:?}: expected `0x` followed by 40 hexadecimal digits")]
    InvalidAddress(String),
    /// The address is hexadecimal but not in its EIP-55 mixed-case checksum form.
    #[error("address {found:?} is not EIP-55 checksummed (expected {expected})")]
    AddressChecksum {
        /// The address as written.
        found: String,
        /// The same address in EIP-55 form.
        expected: String,
    },
    /// The statement holds a line break or characters outside RFC 3986 reserved/unreserved
    /// characters and spaces.
    #[error(
        "invalid statement {0:?}: only one line of ASCII letters, digits, spaces and \
         RFC 3986 reserved/unreserved punctuation is allowed"
    )]
    InvalidStatement(String),
    /// The URI or a resource is not an RFC 3986 URI.
    #[error("invalid {field} {value:?}: expected an RFC 3986 URI")]
    InvalidUri {
        /// `URI` or `resource`.
        field: &'static str,
        /// The value as written.
        value: String,
    },
    /// The version is not `1`.
    #[error("unsupported version {0:?}: the only EIP-4361 version is 1")]
    InvalidVersion(String),
    /// The chain ID is not a decimal `u64` without leading zeros.
    #[error("invalid chain ID {0:?}: expected a decimal integer without sign or leading zeros")]
    InvalidChainId(String),
    /// The nonce is shorter than 8 characters or not alphanumeric.
    #[error("invalid nonce {0:?}: expected at least 8 ASCII letters or digits")]
    InvalidNonce(String),
    /// A timestamp is not an RFC 3339 date-time (or is not a real date).
    #[error(
        "invalid {field} {value:?}: expected an RFC 3339 date-time such as 2021-09-30T16:25:24Z"
    )]
    InvalidTimestamp {
        /// `Issued At`, `Expiration Time`, `Not Before` or `timestamp`.
        field: &'static str,
        /// The value as written.
        value: String,
    },
    /// The request ID holds characters outside RFC 3986 `pchar`.
    #[error("invalid request ID {0:?}: expected RFC 3986 path characters only")]
    InvalidRequestId(String),
    /// `Resources:` is not followed by any resource (the message could not be reproduced
    /// byte for byte, so it is refused).
    #[error("the `Resources:` line must be followed by at least one `- <URI>` line")]
    EmptyResources,
}

/// Why a message was refused by [`Message::verify`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    /// The message itself breaks the EIP-4361 rules.
    #[error("the message is not a valid EIP-4361 message: {0}")]
    InvalidMessage(#[from] ParseError),
    /// The signature is not 65 bytes `r || s || v` with `v` in {0, 1, 27, 28}, or not hex.
    #[error("malformed signature: {0}")]
    MalformedSignature(String),
    /// No public key can be recovered from the signature.
    #[error("invalid signature: {0}")]
    InvalidSignature(String),
    /// The signature was made by another key than the message's address.
    #[error(
        "signature does not match the address: the message is for {address}, but it was signed by {recovered}"
    )]
    SignatureMismatch {
        /// The address in the message.
        address: Address,
        /// The address that made the signature.
        recovered: Address,
    },
    /// The verification time is at or after the expiration time.
    #[error("the message has expired (expiration time {0})")]
    Expired(String),
    /// The verification time is before the not-before time.
    #[error("the message is not yet valid (not before {0})")]
    NotYetValid(String),
    /// The message's domain is not the expected one.
    #[error("domain mismatch: expected {expected:?}, the message says {found:?}")]
    DomainMismatch {
        /// The domain the server expects.
        expected: String,
        /// The domain in the message.
        found: String,
    },
    /// The message's nonce is not the expected one.
    #[error("nonce mismatch: the message's nonce {found:?} is not the one issued")]
    NonceMismatch {
        /// The nonce the server issued.
        expected: String,
        /// The nonce in the message.
        found: String,
    },
    /// The message's chain ID is not the expected one.
    #[error("chain ID mismatch: expected {expected}, the message says {found}")]
    ChainIdMismatch {
        /// The chain ID the server expects.
        expected: u64,
        /// The chain ID in the message.
        found: u64,
    },
    /// The message's URI is not the expected one.
    #[error("URI mismatch: expected {expected:?}, the message says {found:?}")]
    UriMismatch {
        /// The URI the server expects.
        expected: String,
        /// The URI in the message.
        found: String,
    },
}

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
mod tests {
    //! Messages built here and signed with alloy's local signer.

    use super::*;
    use alloy::signers::{SignerSync as _, local::PrivateKeySigner};

    /// Anvil's first development account.
    const KEY: &str = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    fn signer(key: &str) -> PrivateKeySigner {
        key.parse().unwrap()
    }

    /// The signer whose private key is the number `n`.
    fn nth_signer(n: u8) -> PrivateKeySigner {
        PrivateKeySigner::from_bytes(&B256::with_last_byte(n)).unwrap()
    }

    fn address_of(key: &str) -> Address {
        signer(key).address()
    }

    /// `personal_sign` (EIP-191) of the message's text: 65 bytes `r || s || v`, `v` in
    /// {27, 28}.
    fn sign(who: &PrivateKeySigner, message: &Message) -> [u8; 65] {
        who.sign_message_sync(message.to_string().as_bytes())
            .unwrap()
            .as_bytes()
    }

    fn is_uri(s: &str) -> bool {
        check_uri("URI", s).is_ok()
    }

    fn ts(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    fn sample() -> Message {
        Message {
            domain: "market.example:8443".into(),
            scheme: Some("https".into()),
            address: address_of(KEY),
            statement: Some(
                "Sign in to the task market (terms: https://market.example/tos)".into(),
            ),
            uri: "https://market.example:8443/login?from=app#top".into(),
            version: "1".into(),
            chain_id: 31337,
            nonce: "Abc123xyz789".into(),
            issued_at: ts("2030-01-01T00:00:00.000Z"),
            expiration_time: Some(ts("2030-01-01T00:10:00Z")),
            not_before: Some(ts("2030-01-01T00:00:00+00:00")),
            request_id: Some("req-42%20x".into()),
            resources: vec![
                "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi".into(),
                "https://market.example/tasks/7".into(),
            ],
        }
    }

    fn at(text: &str) -> Option<OffsetDateTime> {
        Some(ts(text).value())
    }

    fn opts() -> VerifyOpts<'static> {
        VerifyOpts {
            domain: Some("market.example:8443"),
            nonce: Some("Abc123xyz789"),
            time: at("2030-01-01T00:05:00Z"),
            chain_id: Some(31337),
            uri: Some("https://market.example:8443/login?from=app#top"),
        }
    }

    #[test]
    fn test_signer_derives_known_addresses() {
        assert_eq!(
            nth_signer(1).address().to_checksum(None),
            "0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf"
        );
        assert_eq!(
            address_of(KEY).to_checksum(None),
            "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
        );
    }

    #[test]
    fn built_message_round_trips_and_verifies() {
        let message = sample();
        message.validate().unwrap();
        let text = message.to_string();
        let parsed: Message = text.parse().unwrap();
        assert_eq!(parsed, message);
        assert_eq!(parsed.to_string(), text);
        assert!(text.starts_with(
            "https://market.example:8443 wants you to sign in with your Ethereum account:\n\
             0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266\n\n"
        ));
        assert!(text.ends_with("\nResources:\n- ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi\n- https://market.example/tasks/7"));

        let signature = sign(&signer(KEY), &message);
        parsed.verify(&signature, &opts()).unwrap();
        parsed
            .verify_hex(&hex::encode_prefixed(signature), &opts())
            .unwrap();
        parsed.verify_hex(&hex::encode(signature), &opts()).unwrap();
        // Only the signature is checked when no option is given (the time is now, which is
        // before not-before for this message, so give a time).
        let time_only = VerifyOpts {
            time: opts().time,
            ..VerifyOpts::default()
        };
        parsed.verify(&signature, &time_only).unwrap();
        // v as 0/1 instead of 27/28.
        let mut bare = signature;
        bare[64] -= 27;
        parsed.verify(&bare, &opts()).unwrap();
    }

    #[test]
    fn minimal_message_round_trips_and_verifies() {
        let message = Message {
            scheme: None,
            statement: None,
            expiration_time: None,
            not_before: None,
            request_id: None,
            resources: Vec::new(),
            domain: "localhost".into(),
            uri: "http://localhost/".into(),
            ..sample()
        };
        let text = message.to_string();
        assert_eq!(
            text,
            "localhost wants you to sign in with your Ethereum account:\n\
             0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266\n\n\n\
             URI: http://localhost/\nVersion: 1\nChain ID: 31337\nNonce: Abc123xyz789\n\
             Issued At: 2030-01-01T00:00:00.000Z"
        );
        assert_eq!(text.parse::<Message>().unwrap(), message);
        let signature = sign(&signer(KEY), &message);
        message.verify(&signature, &VerifyOpts::default()).unwrap();
    }

    #[test]
    fn empty_statement_round_trips() {
        let message = Message {
            statement: Some(String::new()),
            ..sample()
        };
        let text = message.to_string();
        assert!(text.contains("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266\n\n\n\nURI: "));
        assert_eq!(text.parse::<Message>().unwrap(), message);
    }

    #[test]
    fn each_check_is_refused_with_its_own_error() {
        let message = sample();
        let signature = sign(&signer(KEY), &message);
        let refuse = |opts: VerifyOpts<'_>| message.verify(&signature, &opts).unwrap_err();

        assert!(matches!(
            refuse(VerifyOpts {
                nonce: Some("Other1234"),
                ..opts()
            }),
            VerifyError::NonceMismatch { .. }
        ));
        assert!(matches!(
            refuse(VerifyOpts {
                domain: Some("evil.example"),
                ..opts()
            }),
            VerifyError::DomainMismatch { .. }
        ));
        assert!(matches!(
            refuse(VerifyOpts {
                chain_id: Some(1),
                ..opts()
            }),
            VerifyError::ChainIdMismatch {
                expected: 1,
                found: 31337
            }
        ));
        assert!(matches!(
            refuse(VerifyOpts {
                uri: Some("https://market.example/"),
                ..opts()
            }),
            VerifyError::UriMismatch { .. }
        ));
        // Expiration is exclusive: at the expiration instant the message is expired.
        assert!(matches!(
            refuse(VerifyOpts {
                time: at("2030-01-01T00:10:00Z"),
                ..opts()
            }),
            VerifyError::Expired(_)
        ));
        assert!(matches!(
            refuse(VerifyOpts {
                time: at("2029-12-31T23:59:59.999Z"),
                ..opts()
            }),
            VerifyError::NotYetValid(_)
        ));
        // Not-before is inclusive.
        message
            .verify(
                &signature,
                &VerifyOpts {
                    time: at("2030-01-01T00:00:00Z"),
                    ..opts()
                },
            )
            .unwrap();
        let err = refuse(VerifyOpts {
            time: at("2030-01-01T00:10:00Z"),
            ..opts()
        });
        assert_eq!(
            err.to_string(),
            "the message has expired (expiration time 2030-01-01T00:10:00Z)"
        );
    }

    #[test]
    fn bad_signatures_are_refused() {
        let message = sample();
        let signature = sign(&signer(KEY), &message);

        // Signed by someone else.
        let other = sign(&nth_signer(2), &message);
        assert!(matches!(
            message.verify(&other, &opts()),
            Err(VerifyError::SignatureMismatch { recovered, .. }) if recovered == nth_signer(2).address()
        ));
        // Another message.
        let tampered = Message {
            nonce: "Abc123xyz780".into(),
            ..message.clone()
        };
        assert!(matches!(
            tampered.verify(&signature, &VerifyOpts::default().with_time_of(&opts())),
            Err(VerifyError::SignatureMismatch { .. })
        ));
        // Flipped parity recovers another key.
        let mut flipped = signature;
        flipped[64] = 55 - flipped[64];
        assert!(matches!(
            message.verify(&flipped, &opts()),
            Err(VerifyError::SignatureMismatch { .. } | VerifyError::InvalidSignature(_))
        ));
        for v in [2, 26, 29, 35, 255] {
            let mut bad = signature;
            bad[64] = v;
            assert!(matches!(
                message.verify(&bad, &opts()),
                Err(VerifyError::MalformedSignature(_))
            ));
        }
        for len in [0, 64, 66] {
            let bad = vec![1u8; len];
            assert!(matches!(
                message.verify(&bad, &opts()),
                Err(VerifyError::MalformedSignature(_))
            ));
        }
        for text in ["", "0x", "0xzz", "0x123", &hex::encode(&signature[..64])] {
            assert!(
                matches!(
                    message.verify_hex(text, &opts()),
                    Err(VerifyError::MalformedSignature(_))
                ),
                "{text:?}"
            );
        }
        // r = 0 cannot be recovered.
        let mut zero_r = signature;
        zero_r[..32].fill(0);
        assert!(matches!(
            message.verify(&zero_r, &opts()),
            Err(VerifyError::InvalidSignature(_))
        ));
    }

    #[test]
    fn invalid_hand_built_message_is_refused() {
        let message = Message {
            nonce: "short".into(),
            ..sample()
        };
        let signature = sign(&signer(KEY), &message);
        assert_eq!(
            message.verify(&signature, &opts()),
            Err(VerifyError::InvalidMessage(ParseError::InvalidNonce(
                "short".into()
            )))
        );
    }

    #[test]
    fn grammar_details() {
        let good = sample().to_string();
        let parse = |text: &str| text.parse::<Message>();
        // Trailing newline, CRLF, missing or unknown lines.
        assert!(parse(&format!("{good}\n")).is_err());
        assert!(parse(&good.replace('\n', "\r\n")).is_err());
        assert!(
            parse(&good.replace("\nResources:", "\nResources:\nExtra: 1\nResources:")).is_err()
        );
        assert_eq!(
            parse(&good.replace(
                "\n- ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi\n- https://market.example/tasks/7",
                ""
            )),
            Err(ParseError::EmptyResources)
        );
        // Chain IDs: decimal without sign or leading zeros, fitting in u64.
        for bad in ["01", "+1", "-1", "1 ", "", "18446744073709551616", "0x1"] {
            let text = good.replace("Chain ID: 31337", &format!("Chain ID: {bad}"));
            assert_eq!(
                parse(&text),
                Err(ParseError::InvalidChainId(bad.into())),
                "{bad:?}"
            );
        }
        let text = good.replace("Chain ID: 31337", "Chain ID: 18446744073709551615");
        assert_eq!(parse(&text).unwrap().chain_id, u64::MAX);
        // Timestamps: RFC 3339 only.
        for bad in [
            "2030-01-01 00:00:00Z",
            "2030-01-01T00:00:00",
            "2030-02-30T00:00:00Z",
            "2030-01-01T24:00:00Z",
            "2030-01-01T00:00:00.Z",
            "2030-1-01T00:00:00Z",
        ] {
            let text = good.replace(
                "Issued At: 2030-01-01T00:00:00.000Z",
                &format!("Issued At: {bad}"),
            );
            assert!(
                matches!(parse(&text), Err(ParseError::InvalidTimestamp { .. })),
                "{bad:?}"
            );
        }
        // Statement: no non-ASCII, no characters outside RFC 3986 reserved/unreserved.
        for bad in ["caf\u{e9}", "say \"hi\"", "100%", "a\tb"] {
            let message = Message {
                statement: Some(bad.into()),
                ..sample()
            };
            assert_eq!(
                parse(&message.to_string()),
                Err(ParseError::InvalidStatement(bad.into()))
            );
        }
        // Scheme only from the first line, and it must be a scheme.
        assert!(matches!(
            parse(&good.replacen("https://", "ht tp://", 1)),
            Err(ParseError::Expected { line: 1, .. } | ParseError::InvalidScheme(_))
        ));
        assert!(matches!(
            parse(&good.replacen("https://", "1http://", 1)),
            Err(ParseError::InvalidScheme(_))
        ));
    }

    #[test]
    fn authorities_and_uris() {
        for good in [
            "example.com",
            "a.b-c_d~e",
            "127.0.0.1:8080",
            "user:pw@host:1",
            "[::1]",
            "[::ffff:1.2.3.4]:443",
            "[v1.fe80::a+en1]",
            "ex%41mple.com",
            "host:",
        ] {
            assert!(is_domain(good), "{good:?}");
        }
        for bad in [
            "", "user@", ":80", "#x", "a b", "host:80a", "[::1", "[::1]x", "[zz]", "a@b@c",
            "ex%4mple", "h\u{e9}", "[v.x]",
        ] {
            assert!(!is_domain(bad), "{bad:?}");
        }
        for good in [
            "https://example.com",
            "https://[::cafe]",
            "https://127.0.0.1/?query=one#begin",
            "urn:isbn:0451450523",
            "mailto:a@b.c",
            "file:///etc/hosts",
            "ipfs://Qme7ss3ARVgxv6rXqVPiikMJ8u2NLgmgszg13pYrDKEoiu",
            "did:key:z6Mk",
            "a:",
            "https://x/a%20b?c=d/e?#f/g?",
        ] {
            assert!(is_uri(good), "{good:?}");
        }
        for bad in [
            "",
            ":not_a_rfc3986_valid_uri_",
            "example.com",
            "/relative",
            "https://example.com/a b",
            "https://ex ample.com",
            "https://example.com/#a#b",
            "https://exa[mple.com",
            "https://[::cafe",
            "1http://x",
            "https://x/%zz",
            "https://x/\u{e9}",
            "https://x/\n",
        ] {
            assert!(!is_uri(bad), "{bad:?}");
        }
    }

    #[test]
    fn timestamp_new_writes_rfc3339() {
        let t = Timestamp::new(ts("2030-01-01T00:00:00.5+02:00").value()).unwrap();
        assert_eq!(t.as_str(), "2030-01-01T00:00:00.5+02:00");
        assert_eq!(t.as_str().parse::<Timestamp>().unwrap(), t);
        let now = Timestamp::new(OffsetDateTime::now_utc()).unwrap();
        assert_eq!(now.as_str().parse::<Timestamp>().unwrap(), now);
    }

    impl VerifyOpts<'_> {
        fn with_time_of(self, other: &VerifyOpts<'_>) -> Self {
            VerifyOpts {
                time: other.time,
                ..self
            }
        }
    }
}
