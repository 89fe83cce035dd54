//! The in-browser wallet's server side: the server keeps a salt, an argon2id hash of the
//! login hash and the encrypted key; it hands the salt to anyone (a made-up one for a
//! login nobody has), the key only to a session of its account, changes password and
//! key together, and drops a key a reset cannot open (so the player recovers).

mod support;

use graphql_api::{AppConfig, auth};
use serde_json::{Value, json};
use sqlx::MySqlPool;
use std::time::Duration;
use support::*;

const SALT_A: &str = "0x1111111111111111111111111111111111111111111111111111111111111111";
const SALT_B: &str = "0x2222222222222222222222222222222222222222222222222222222222222222";
const HASH_A: &str = "0x9f1c0d6e5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a0";
const HASH_B: &str = "0x0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9";
const VAULT_A: &str = r#"{"v":1,"kdf":"PBKDF2-SHA256","iterations":600000,"salt":"0x11","iv":"0xaa","ciphertext":"0xdeadbeef","address":"0x70997970c51812dc3a010c7d01b50e0d17dc79c8"}"#;
const VAULT_B: &str = r#"{"v":1,"kdf":"PBKDF2-SHA256","iterations":600000,"salt":"0x22","iv":"0xbb","ciphertext":"0xfeedface","address":"0x70997970c51812dc3a010c7d01b50e0d17dc79c8"}"#;

const SET: &str = "mutation($p: String!, $c: String, $s: String, $v: String) { setPassword(password: $p, currentPassword: $c, salt: $s, walletVault: $v) }";
const LOGIN: &str = "mutation($l: String!, $p: String!) { signInWithPassword(login: $l, password: $p) { token address walletVault walletLost } }";
const SALT: &str = "query($l: String!) { passwordSalt(login: $l) }";

async fn login(app: &axum::Router, l: &str, p: &str) -> Value {
    call(app, LOGIN, json!({"l": l, "p": p}), None).await
}

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn the_vault_follows_the_password_and_a_reset_marks_it_lost(pool: MySqlPool) {
    let app = graphql_api::app_with(pool.clone(), AppConfig::local());
    let alice = signer(1);
    let token = sign_in(&app, &alice).await;
    call(
        &app,
        "mutation { updateContact(email: \"alice@example.com\") { email } }",
        json!({}),
        Some(&token),
    )
    .await;

    // Bad salts and vaults are refused with a clear error, and nothing is saved.
    for (s, v) in [
        ("0x12", VAULT_A),
        (
            "not hex at all, but long enough to be sixty-six characters long!!",
            VAULT_A,
        ),
        (SALT_A, "not json"),
        (SALT_A, "[1,2,3]"),
    ] {
        let r = call(
            &app,
            SET,
            json!({"p": HASH_A, "s": s, "v": v}),
            Some(&token),
        )
        .await;
        assert_eq!(code(&r), "BAD_INPUT", "{s} {v}: {r}");
    }
    let huge = format!(r#"{{"ciphertext":"{}"}}"#, "a".repeat(5000));
    let r = call(
        &app,
        SET,
        json!({"p": HASH_A, "s": SALT_A, "v": huge}),
        Some(&token),
    )
    .await;
    assert_eq!(code(&r), "BAD_INPUT", "{r}");
    let r = login(&app, "alice@example.com", HASH_A).await;
    assert_eq!(code(&r), "UNAUTHENTICATED", "nothing was saved: {r}");

    // Sign-up: the login hash as the password, with its salt and the encrypted key.
    let r = call(
        &app,
        SET,
        json!({"p": HASH_A, "s": SALT_A, "v": VAULT_A}),
        Some(&token),
    )
    .await;
    assert_eq!(r["data"]["setPassword"], true, "{r}");

    // Another device: the salt, then the login hash; the session carries the vault.
    let r = call(&app, SALT, json!({"l": "Alice@Example.com "}), None).await;
    assert_eq!(r["data"]["passwordSalt"], SALT_A, "{r}");
    let r = login(&app, "alice@example.com", HASH_A).await;
    assert_eq!(
        r["data"]["signInWithPassword"]["walletVault"], VAULT_A,
        "{r}"
    );
    assert_eq!(r["data"]["signInWithPassword"]["walletLost"], false, "{r}");
    let session = r["data"]["signInWithPassword"]["token"]
        .as_str()
        .unwrap()
        .to_owned();

    // A login nobody has gets a salt too: well formed, stable, not anyone's.
    let fake1 = call(&app, SALT, json!({"l": "nobody@example.com"}), None).await;
    let fake2 = call(&app, SALT, json!({"l": "nobody@example.com"}), None).await;
    let fake = fake1["data"]["passwordSalt"].as_str().unwrap();
    assert_eq!(fake2["data"]["passwordSalt"], fake, "stable");
    assert!(
        fake.len() == 66 && fake.starts_with("0x") && fake != SALT_A,
        "{fake}"
    );

    // Changing the password without re-encrypting the key would strand it: refused.
    let r = call(
        &app,
        SET,
        json!({"p": HASH_B, "c": HASH_A, "s": SALT_B}),
        Some(&session),
    )
    .await;
    assert_eq!(code(&r), "BAD_INPUT", "{r}");
    assert!(
        r["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("walletVault"),
        "{r}"
    );
    // With the wrong current password: refused, and the old password still works.
    let r = call(
        &app,
        SET,
        json!({"p": HASH_B, "c": HASH_B, "s": SALT_B, "v": VAULT_B}),
        Some(&session),
    )
    .await;
    assert_eq!(code(&r), "UNAUTHENTICATED", "{r}");
    // Both together.
    let r = call(
        &app,
        SET,
        json!({"p": HASH_B, "c": HASH_A, "s": SALT_B, "v": VAULT_B}),
        Some(&session),
    )
    .await;
    assert_eq!(r["data"]["setPassword"], true, "{r}");
    assert_eq!(
        code(&login(&app, "alice@example.com", HASH_A).await),
        "UNAUTHENTICATED"
    );
    let r = login(&app, "alice@example.com", HASH_B).await;
    assert_eq!(
        r["data"]["signInWithPassword"]["walletVault"], VAULT_B,
        "{r}"
    );
    let r = call(&app, SALT, json!({"l": "alice@example.com"}), None).await;
    assert_eq!(r["data"]["passwordSalt"], SALT_B, "{r}");

    // A reset by mail cannot open the key: it is removed and marked lost.
    let address = addr(&alice);
    let reset_token = auth::new_token(
        &pool,
        "password_reset",
        Some(&address),
        Some("alice@example.com"),
        Duration::from_secs(600),
    )
    .await
    .unwrap();
    let r = call(
        &app,
        "mutation($t: String!, $p: String!, $s: String) { resetPassword(token: $t, newPassword: $p, salt: $s) }",
        json!({"t": reset_token, "p": HASH_A, "s": SALT_A}),
        None,
    )
    .await;
    assert_eq!(r["data"]["resetPassword"], true, "{r}");
    let r = login(&app, "alice@example.com", HASH_A).await;
    assert_eq!(
        r["data"]["signInWithPassword"]["walletVault"],
        Value::Null,
        "{r}"
    );
    assert_eq!(r["data"]["signInWithPassword"]["walletLost"], true, "{r}");
    let session = r["data"]["signInWithPassword"]["token"]
        .as_str()
        .unwrap()
        .to_owned();
    // A new key saved with the same password clears the mark.
    let r = call(
        &app,
        SET,
        json!({"p": HASH_A, "c": HASH_A, "s": SALT_A, "v": VAULT_A}),
        Some(&session),
    )
    .await;
    assert_eq!(r["data"]["setPassword"], true, "{r}");
    let r = login(&app, "alice@example.com", HASH_A).await;
    assert_eq!(r["data"]["signInWithPassword"]["walletLost"], false, "{r}");
    assert_eq!(
        r["data"]["signInWithPassword"]["walletVault"], VAULT_A,
        "{r}"
    );
}

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn salt_lookups_are_rate_limited_per_ip(pool: MySqlPool) {
    let app = graphql_api::app_with(pool, AppConfig::local());
    for i in 0..30 {
        let r = call(
            &app,
            SALT,
            json!({"l": format!("player{i}@example.com")}),
            None,
        )
        .await;
        assert!(r["data"]["passwordSalt"].is_string(), "{i}: {r}");
    }
    let r = call(&app, SALT, json!({"l": "one-more@example.com"}), None).await;
    assert_eq!(code(&r), "RATE_LIMITED", "{r}");
    let r = call(&app, SALT, json!({"l": ""}), None).await;
    assert_eq!(code(&r), "BAD_INPUT", "checked before the limit: {r}");
}
