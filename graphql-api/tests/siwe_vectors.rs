//! The Sign-In with Ethereum reference vectors (spruceid/siwe `test/`, copied from the
//! team's `shared/vectors/siwe/` into `tests/vectors/siwe/`) run against
//! `graphql_api::siwe`.
//!
//! `SIWE_VECTORS_DIR` points at another copy. A missing folder fails the tests: they never
//! pass by skipping.

use std::{
    panic::{AssertUnwindSafe, catch_unwind},
    path::{Path, PathBuf},
};

use graphql_api::siwe::{Message, MessageFields, ParseError, Timestamp, VerifyError, VerifyOpts};
use serde_json::{Map, Value};

fn vectors_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("SIWE_VECTORS_DIR") {
        let dir = PathBuf::from(dir);
        assert!(
            dir.is_dir(),
            "SIWE_VECTORS_DIR={} is not a directory",
            dir.display()
        );
        return dir;
    }
    // A copy of ../shared/vectors/siwe (spruceid/siwe's suites, MIT / Apache-2.0; see
    // its README), kept with the test so a clone alone runs it.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/siwe");
    assert!(dir.is_dir(), "{} is missing", dir.display());
    dir
}

/// The cases of one vector file, in file order.
fn load(file: &str) -> Vec<(String, Value)> {
    let path = vectors_dir().join(file);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let cases: Map<String, Value> = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not a JSON object: {e}", path.display()));
    assert!(!cases.is_empty(), "{} holds no case", path.display());
    cases.into_iter().collect()
}

/// Fails with every failing case at once.
fn report(file: &str, total: usize, failures: &[String]) {
    assert!(
        failures.is_empty(),
        "{file}: {} of {total} cases failed:\n  {}",
        failures.len(),
        failures.join("\n  ")
    );
    println!("{file}: {total} cases passed");
}

/// A JSON field as text: strings as they are, numbers (the chain ID) in decimal, `null` as
/// absent.
fn text(object: &Value, key: &str) -> Option<String> {
    match object.get(key)? {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

fn fields(object: &Value) -> MessageFields {
    MessageFields {
        scheme: text(object, "scheme"),
        domain: text(object, "domain"),
        address: text(object, "address"),
        statement: text(object, "statement"),
        uri: text(object, "uri"),
        version: text(object, "version"),
        chain_id: text(object, "chainId"),
        nonce: text(object, "nonce"),
        issued_at: text(object, "issuedAt"),
        expiration_time: text(object, "expirationTime"),
        not_before: text(object, "notBefore"),
        request_id: text(object, "requestId"),
        resources: object
            .get("resources")
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .filter_map(|r| r.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default(),
    }
}

/// The differences between a parsed message and the expected fields.
fn differences(message: &Message, expected: &Value) -> Vec<String> {
    let mut found = Vec::new();
    let mut check = |name: &str, got: Option<String>, want: Option<String>| {
        if got != want {
            found.push(format!("{name}: parsed {got:?}, expected {want:?}"));
        }
    };
    check("scheme", message.scheme.clone(), text(expected, "scheme"));
    check(
        "domain",
        Some(message.domain.clone()),
        text(expected, "domain"),
    );
    check(
        "address",
        Some(message.address.to_checksum(None)),
        text(expected, "address"),
    );
    check(
        "statement",
        message.statement.clone(),
        text(expected, "statement"),
    );
    check("uri", Some(message.uri.clone()), text(expected, "uri"));
    check(
        "version",
        Some(message.version.clone()),
        text(expected, "version"),
    );
    check(
        "chainId",
        Some(message.chain_id.to_string()),
        text(expected, "chainId"),
    );
    check(
        "nonce",
        Some(message.nonce.clone()),
        text(expected, "nonce"),
    );
    check(
        "issuedAt",
        Some(message.issued_at.to_string()),
        text(expected, "issuedAt"),
    );
    check(
        "expirationTime",
        message.expiration_time.as_ref().map(ToString::to_string),
        text(expected, "expirationTime"),
    );
    check(
        "notBefore",
        message.not_before.as_ref().map(ToString::to_string),
        text(expected, "notBefore"),
    );
    check(
        "requestId",
        message.request_id.clone(),
        text(expected, "requestId"),
    );
    let want_resources = fields(expected).resources;
    if message.resources != want_resources {
        found.push(format!(
            "resources: parsed {:?}, expected {want_resources:?}",
            message.resources
        ));
    }
    found
}

#[test]
fn parsing_positive() {
    let cases = load("parsing_positive.json");
    let mut failures = Vec::new();
    for (name, case) in &cases {
        let Some(text) = case["message"].as_str() else {
            failures.push(format!("{name}: no `message` string in the vector"));
            continue;
        };
        let message = match text.parse::<Message>() {
            Ok(message) => message,
            Err(e) => {
                failures.push(format!("{name}: does not parse: {e}"));
                continue;
            }
        };
        for difference in differences(&message, &case["fields"]) {
            failures.push(format!("{name}: {difference}"));
        }
        if message.to_string() != text {
            failures.push(format!(
                "{name}: written back as {:?}, not as the original text",
                message.to_string()
            ));
        }
        match Message::from_fields(fields(&case["fields"])) {
            Ok(built) if built == message => {}
            Ok(built) => failures.push(format!(
                "{name}: built from its fields as {built:?}, parsed as {message:?}"
            )),
            Err(e) => failures.push(format!("{name}: its fields are refused: {e}")),
        }
    }
    report("parsing_positive.json", cases.len(), &failures);
}

#[test]
fn parsing_negative() {
    let cases = load("parsing_negative.json");
    let mut failures = Vec::new();
    for (name, case) in &cases {
        match case.as_str().map(str::parse::<Message>) {
            None => failures.push(format!("{name}: the vector is not a string")),
            Some(Ok(message)) => failures.push(format!("{name}: parsed, as {message:?}")),
            Some(Err(_)) => {}
        }
    }
    report("parsing_negative.json", cases.len(), &failures);
}

#[test]
fn parsing_negative_objects() {
    let cases = load("parsing_negative_objects.json");
    let mut failures = Vec::new();
    for (name, case) in &cases {
        if let Ok(message) = Message::try_from(fields(case)) {
            failures.push(format!("{name}: accepted, as {message:?}"));
        }
    }
    report("parsing_negative_objects.json", cases.len(), &failures);
}

/// The message and options of a verification vector, and its signature.
fn verification_case(case: &Value) -> Result<(Message, VerifyOpts<'_>, String), String> {
    let message =
        Message::from_fields(fields(case)).map_err(|e| format!("invalid message: {e}"))?;
    let time = match case.get("time").and_then(Value::as_str) {
        Some(time) => Some(
            time.parse::<Timestamp>()
                .map_err(|e| format!("bad `time` in the vector: {e}"))?
                .value(),
        ),
        None => None,
    };
    let opts = VerifyOpts {
        domain: case.get("domainBinding").and_then(Value::as_str),
        nonce: case.get("matchNonce").and_then(Value::as_str),
        time,
        ..VerifyOpts::default()
    };
    let signature = text(case, "signature").ok_or("no signature in the vector")?;
    Ok((message, opts, signature))
}

#[test]
fn verification_positive() {
    let cases = load("verification_positive.json");
    let mut failures = Vec::new();
    for (name, case) in &cases {
        match verification_case(case) {
            Err(e) => failures.push(format!("{name}: {e}")),
            Ok((message, opts, signature)) => {
                if let Err(e) = message.verify_hex(&signature, &opts) {
                    failures.push(format!("{name}: refused: {e}"));
                }
                // The text round-trips, and verifies once parsed back too.
                match message.to_string().parse::<Message>() {
                    Ok(parsed) if parsed == message => {
                        if let Err(e) = parsed.verify_hex(&signature, &opts) {
                            failures.push(format!("{name}: refused once parsed back: {e}"));
                        }
                    }
                    Ok(parsed) => failures.push(format!("{name}: parsed back as {parsed:?}")),
                    Err(e) => failures.push(format!("{name}: its text does not parse: {e}")),
                }
            }
        }
    }
    report("verification_positive.json", cases.len(), &failures);
}

/// Why each case of `verification_negative.json` must be refused, where the case name says.
fn expected_refusal(name: &str, outcome: &Result<(), String>, error: Option<&VerifyError>) -> bool {
    match name {
        "expired message" | "custom time" => matches!(error, Some(VerifyError::Expired(_))),
        "domain binding" => matches!(error, Some(VerifyError::DomainMismatch { .. })),
        "custom nonce" => matches!(error, Some(VerifyError::NonceMismatch { .. })),
        "malformed signature" => matches!(error, Some(VerifyError::MalformedSignature(_))),
        "wrong signature" => matches!(
            error,
            Some(VerifyError::SignatureMismatch { .. } | VerifyError::InvalidSignature(_))
        ),
        "not yet valid" => matches!(error, Some(VerifyError::NotYetValid(_))),
        // The invalid dates (February 31st) are refused when building the message.
        "invalid issuedAt" | "invalid notBefore" | "invalid expirationTime" => {
            error.is_none()
                && outcome
                    .as_ref()
                    .is_err_and(|e| e.starts_with("invalid message"))
        }
        _ => outcome.is_err(),
    }
}

#[test]
fn verification_negative() {
    let cases = load("verification_negative.json");
    let mut failures = Vec::new();
    for (name, case) in &cases {
        let (outcome, error) = match verification_case(case) {
            Err(e) => (Err(e), None),
            Ok((message, opts, signature)) => match message.verify_hex(&signature, &opts) {
                Ok(()) => (Ok(()), None),
                Err(e) => (Err(e.to_string()), Some(e)),
            },
        };
        match &outcome {
            Ok(()) => failures.push(format!("{name}: verified, but must be refused")),
            Err(why) if !expected_refusal(name, &outcome, error.as_ref()) => {
                failures.push(format!("{name}: refused, but for another reason: {why}"));
            }
            Err(_) => {}
        }
    }
    report("verification_negative.json", cases.len(), &failures);
}

/// Every truncation (at each char boundary) and every one-character deletion of every
/// vector message goes through the parser without a panic.
#[test]
fn parser_never_panics_on_damaged_messages() {
    let mut messages: Vec<String> = load("parsing_negative.json")
        .into_iter()
        .filter_map(|(_, case)| case.as_str().map(str::to_owned))
        .collect();
    messages.extend(
        load("parsing_positive.json")
            .into_iter()
            .filter_map(|(_, case)| case["message"].as_str().map(str::to_owned)),
    );
    messages.push("é\u{0}\n\n\n\u{10FFFF}wants you to sign in with your Ethereum account:".into());

    let mut inputs = 0usize;
    let mut panics = Vec::new();
    let mut parse = |input: &str| {
        inputs += 1;
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            // Whatever parses must also write back to the same text.
            if let Ok(message) = input.parse::<Message>() {
                assert_eq!(message.to_string(), input);
            }
        }));
        if outcome.is_err() {
            panics.push(format!("{input:?}"));
        }
    };
    for message in &messages {
        for (at, _) in message.char_indices().chain([(message.len(), ' ')]) {
            parse(&message[..at]);
            let mut without = message.clone();
            if at < message.len() {
                without.remove(at);
                parse(&without);
            }
        }
    }
    assert!(
        panics.is_empty(),
        "the parser panicked on {} of {inputs} inputs:\n  {}",
        panics.len(),
        panics.join("\n  ")
    );
    println!("{inputs} damaged messages parsed without a panic");
}

/// Error messages are readable sentences.
#[test]
fn error_messages_are_human() {
    assert_eq!(
        "x".parse::<Message>().unwrap_err().to_string(),
        "line 1: expected `<domain> wants you to sign in with your Ethereum account:`"
    );
    let missing = Message::from_fields(MessageFields::default()).unwrap_err();
    assert!(matches!(missing, ParseError::MissingField(_)), "{missing}");
    assert!(missing.to_string().starts_with("the required field `"));
}
