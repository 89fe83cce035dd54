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
        statement: Some("Sign in to the task market (terms: https://market.example/tos)".into()),
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
    assert!(parse(&good.replace("\nResources:", "\nResources:\nExtra: 1\nResources:")).is_err());
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
        "", "user@", ":80", "#x", "a b", "host:80a", "[::1", "[::1]x", "[zz]", "a@b@c", "ex%4mple",
        "h\u{e9}", "[v.x]",
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
