//! Why a message is not valid, or was refused.

use alloy::primitives::Address;

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

/// Why a message was refused by [`Message::verify`](super::Message::verify).
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
