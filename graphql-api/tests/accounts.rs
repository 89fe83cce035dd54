//! Accounts (§3.2) through the router: SIWE, sessions, contacts, passwords over a real
//! SMTP listener, rate limits, and who may read orders.

mod support;

use graphql_api::{AppConfig, auth::mail::Mailer};
use serde_json::json;
use sqlx::MySqlPool;
use support::*;
use tokio::{
    io::{AsyncBufReadExt as _, AsyncWriteExt as _, BufReader},
    net::TcpListener,
    sync::mpsc,
};

const ME: &str = "{ me { username address } }";

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn siwe_sign_in_checks_nonce_domain_chain_and_signature(pool: MySqlPool) {
    indexer_at(&pool, 10, "0x01").await;
    let app = graphql_api::app(pool.clone());
    let alice = signer(1);
    user(&pool, 1, &addr(&alice), "alice").await;

    // Signed out: `me` is null.
    assert_eq!(
        call(&app, ME, json!({}), None).await["data"]["me"],
        json!(null)
    );

    let token = sign_in(&app, &alice).await;
    let me = call(&app, ME, json!({}), Some(&token)).await;
    assert_eq!(me["data"]["me"]["username"], "alice", "{me}");
    assert_eq!(
        me["data"]["me"]["address"],
        alice.address().to_checksum(None)
    );

    let sign_in_q =
        "mutation($m: String!, $s: String!) { signIn(message: $m, signature: $s) { token } }";
    let nonce = || async {
        call(&app, "mutation { siweNonce }", json!({}), None).await["data"]["siweNonce"]
            .as_str()
            .unwrap()
            .to_owned()
    };

    // A nonce works once.
    let n = nonce().await;
    let msg = siwe_message(&alice, "localhost", 31337, &n);
    let ok = call(
        &app,
        sign_in_q,
        json!({"m": msg, "s": sign(&alice, &msg)}),
        None,
    )
    .await;
    assert!(ok["data"]["signIn"]["token"].is_string(), "{ok}");
    let again = call(
        &app,
        sign_in_q,
        json!({"m": msg, "s": sign(&alice, &msg)}),
        None,
    )
    .await;
    assert_eq!(code(&again), "UNAUTHENTICATED", "{again}");
    assert!(
        again["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("nonce")
    );

    // A nonce the server never issued.
    let msg = siwe_message(&alice, "localhost", 31337, "madeup123456");
    let r = call(
        &app,
        sign_in_q,
        json!({"m": msg, "s": sign(&alice, &msg)}),
        None,
    )
    .await;
    assert_eq!(code(&r), "UNAUTHENTICATED", "{r}");

    // Another site's domain, another chain, another signer.
    let msg = siwe_message(&alice, "evil.example", 31337, &nonce().await);
    let r = call(
        &app,
        sign_in_q,
        json!({"m": msg, "s": sign(&alice, &msg)}),
        None,
    )
    .await;
    assert_eq!(code(&r), "UNAUTHENTICATED", "{r}");
    assert!(
        r["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("domain"),
        "{r}"
    );
    let msg = siwe_message(&alice, "localhost", 1, &nonce().await);
    let r = call(
        &app,
        sign_in_q,
        json!({"m": msg, "s": sign(&alice, &msg)}),
        None,
    )
    .await;
    assert_eq!(code(&r), "UNAUTHENTICATED", "{r}");
    let msg = siwe_message(&alice, "localhost", 31337, &nonce().await);
    let r = call(
        &app,
        sign_in_q,
        json!({"m": msg, "s": sign(&signer(2), &msg)}),
        None,
    )
    .await;
    assert_eq!(code(&r), "UNAUTHENTICATED", "{r}");

    // Not a SIWE message at all; a malformed signature.
    let r = call(&app, sign_in_q, json!({"m": "hello", "s": "0x00"}), None).await;
    assert_eq!(code(&r), "BAD_INPUT", "{r}");
    let msg = siwe_message(&alice, "localhost", 31337, &nonce().await);
    let r = call(&app, sign_in_q, json!({"m": msg, "s": "0x1234"}), None).await;
    assert_eq!(code(&r), "BAD_INPUT", "{r}");

    // A forged token, then signing out.
    let r = call(&app, "mutation { signOut }", json!({}), Some("a.b.c")).await;
    assert_eq!(code(&r), "UNAUTHENTICATED", "{r}");
    let r = call(&app, "mutation { signOut }", json!({}), Some(&token)).await;
    assert_eq!(r["data"]["signOut"], true, "{r}");
    let r = call(&app, "mutation { signOut }", json!({}), Some(&token)).await;
    assert_eq!(code(&r), "UNAUTHENTICATED", "{r}");
    assert!(
        r["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("signed out"),
        "{r}"
    );
}

const CONTACT_Q: &str =
    "query($a: String!) { user(address: $a) { username email phone emailVerified } }";

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn contacts_are_readable_by_their_owner_and_the_system_admin_only(pool: MySqlPool) {
    let app = graphql_api::app(pool.clone());
    let (admin, alice, bob) = (signer(0), signer(1), signer(2));
    user(&pool, 1, &addr(&alice), "alice").await;
    user(&pool, 2, &addr(&bob), "bob").await;
    role(&pool, "SYSTEM_ADMIN", &addr(&admin)).await;
    let (ta, tb, tadmin) = (
        sign_in(&app, &alice).await,
        sign_in(&app, &bob).await,
        sign_in(&app, &admin).await,
    );
    let set = "mutation($e: String, $p: String) { updateContact(email: $e, phone: $p) { email phone emailVerified } }";
    let r = call(
        &app,
        set,
        json!({"e": "Alice@Example.com", "p": "+86 138-0013-8000"}),
        Some(&ta),
    )
    .await;
    assert_eq!(
        r["data"]["updateContact"],
        json!({"email": "alice@example.com", "phone": "+8613800138000", "emailVerified": false}),
        "{r}"
    );
    // Bad shapes are refused, and nothing changes.
    for (e, p) in [("not-an-email", None), ("a@b.com", Some("12ab"))] {
        let r = call(&app, set, json!({"e": e, "p": p}), Some(&tb)).await;
        assert_eq!(code(&r), "BAD_INPUT", "{r}");
    }
    // Someone else's email is accepted as an unverified claim like any other (the
    // answer must not tell who owns an address; issue 11)...
    let r = call(&app, set, json!({"e": "alice@example.com"}), Some(&tb)).await;
    assert_eq!(
        r["data"]["updateContact"],
        json!({"email": "alice@example.com", "phone": null, "emailVerified": false}),
        "{r}"
    );
    // ... and the owner's row is untouched.
    let own = call(&app, CONTACT_Q, json!({"a": addr(&alice)}), Some(&ta)).await;
    assert_eq!(own["data"]["user"]["phone"], "+8613800138000", "{own}");
    // Signed out: refused.
    let r = call(&app, set, json!({"e": "x@y.com"}), None).await;
    assert_eq!(code(&r), "UNAUTHENTICATED", "{r}");

    let vars = json!({"a": addr(&alice)});
    let own = call(&app, CONTACT_Q, vars.clone(), Some(&ta)).await;
    assert_eq!(own["data"]["user"]["email"], "alice@example.com", "{own}");
    assert_eq!(own["data"]["user"]["phone"], "+8613800138000");
    let by_admin = call(&app, CONTACT_Q, vars.clone(), Some(&tadmin)).await;
    assert_eq!(
        by_admin["data"]["user"]["email"], "alice@example.com",
        "{by_admin}"
    );
    for token in [Some(tb.as_str()), None] {
        let r = call(&app, CONTACT_Q, vars.clone(), token).await;
        // The public fields still answer; the private ones are refused field by field.
        assert_eq!(r["data"]["user"]["username"], "alice", "{r}");
        assert_eq!(r["data"]["user"]["email"], json!(null));
        let codes: Vec<&str> = r["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["extensions"]["code"].as_str().unwrap())
            .collect();
        assert_eq!(codes, ["FORBIDDEN"; 3], "{r}");
    }
}

/// A loopback SMTP server that accepts every mail and hands its text to the test.
async fn smtp_listener() -> (String, mpsc::UnboundedReceiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("smtp://{}", listener.local_addr().unwrap());
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        loop {
            let Ok((sock, _)) = listener.accept().await else {
                return;
            };
            let tx = tx.clone();
            tokio::spawn(async move {
                let (r, mut w) = sock.into_split();
                let mut lines = BufReader::new(r).lines();
                w.write_all(b"220 test ESMTP\r\n").await.unwrap();
                while let Ok(Some(line)) = lines.next_line().await {
                    let verb = line.split_whitespace().next().unwrap_or("").to_uppercase();
                    let reply: &[u8] = match verb.as_str() {
                        "EHLO" | "HELO" => b"250-test\r\n250 8BITMIME\r\n",
                        "DATA" => {
                            w.write_all(b"354 go on\r\n").await.unwrap();
                            let mut data = String::new();
                            while let Ok(Some(l)) = lines.next_line().await {
                                if l == "." {
                                    break;
                                }
                                data.push_str(&l);
                                data.push('\n');
                            }
                            tx.send(data).unwrap();
                            b"250 queued\r\n"
                        }
                        "QUIT" => {
                            w.write_all(b"221 bye\r\n").await.unwrap();
                            return;
                        }
                        _ => b"250 ok\r\n",
                    };
                    w.write_all(reply).await.unwrap();
                }
            });
        }
    });
    (url, rx)
}

/// The token in a mailed link (`?token=…`), undoing quoted-printable soft breaks.
fn token_in(mail: &str) -> String {
    let flat = mail.replace("=\n", "").replace("=3D", "=");
    let at = flat
        .find("token=")
        .unwrap_or_else(|| panic!("no link in {mail}"))
        + 6;
    flat[at..]
        .chars()
        .take_while(|c| c.is_ascii_hexdigit())
        .collect()
}

const LOGIN: &str = "mutation($l: String!, $p: String!) { signInWithPassword(login: $l, password: $p) { token address user { username } } }";

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn passwords_verification_and_reset_by_mail(pool: MySqlPool) {
    let (smtp, mut inbox) = smtp_listener().await;
    let mut cfg = AppConfig::local();
    cfg.auth.mailer =
        Mailer::new(Some(&smtp), "unused".into(), "Game <no-reply@localhost>").unwrap();
    let app = graphql_api::app_with(pool.clone(), cfg);
    let alice = signer(1);
    user(&pool, 1, &addr(&alice), "alice").await;
    let siwe_token = sign_in(&app, &alice).await;

    // A password needs a contact first, and at least 8 characters.
    let setp =
        "mutation($p: String!, $c: String) { setPassword(password: $p, currentPassword: $c) }";
    let r = call(&app, setp, json!({"p": "long enough"}), Some(&siwe_token)).await;
    assert_eq!(code(&r), "BAD_INPUT", "{r}");
    call(
        &app,
        "mutation { updateContact(email: \"alice@example.com\", phone: \"13800138000\") { email } }",
        json!({}),
        Some(&siwe_token),
    )
    .await;
    let r = call(&app, setp, json!({"p": "short"}), Some(&siwe_token)).await;
    assert_eq!(code(&r), "BAD_INPUT", "{r}");
    let r = call(&app, setp, json!({"p": "correct horse"}), Some(&siwe_token)).await;
    assert_eq!(r["data"]["setPassword"], true, "{r}");
    // Changing it needs the current one.
    let r = call(
        &app,
        setp,
        json!({"p": "another one", "c": "wrong"}),
        Some(&siwe_token),
    )
    .await;
    assert_eq!(code(&r), "UNAUTHENTICATED", "{r}");

    // Sign in by username, email or phone; a wrong password is refused.
    for login in ["alice", "alice@example.com", "13800138000"] {
        let r = call(&app, LOGIN, json!({"l": login, "p": "correct horse"}), None).await;
        assert_eq!(
            r["data"]["signInWithPassword"]["user"]["username"], "alice",
            "{login}: {r}"
        );
    }
    let r = call(&app, LOGIN, json!({"l": "alice", "p": "wrong horse"}), None).await;
    assert_eq!(code(&r), "UNAUTHENTICATED", "{r}");
    let r = call(
        &app,
        LOGIN,
        json!({"l": "nobody", "p": "correct horse"}),
        None,
    )
    .await;
    assert_eq!(code(&r), "UNAUTHENTICATED", "{r}");

    // A reset needs a verified email: unverified, no mail goes out.
    let reset_req = "mutation($e: String!) { requestPasswordReset(email: $e) }";
    let r = call(&app, reset_req, json!({"e": "alice@example.com"}), None).await;
    assert_eq!(r["data"]["requestPasswordReset"], true, "{r}");
    assert!(
        inbox.try_recv().is_err(),
        "no mail for an unverified address"
    );

    // Verify the email through the mailed link (single use).
    let r = call(
        &app,
        "mutation { requestEmailVerification }",
        json!({}),
        Some(&siwe_token),
    )
    .await;
    assert_eq!(r["data"]["requestEmailVerification"], true, "{r}");
    let mail = inbox.recv().await.unwrap();
    assert!(mail.contains("To: alice@example.com"), "{mail}");
    let verify = "mutation($t: String!) { verifyEmail(token: $t) }";
    let t = token_in(&mail);
    let r = call(&app, verify, json!({"t": t}), None).await;
    assert_eq!(r["data"]["verifyEmail"], true, "{r}");
    let r = call(&app, verify, json!({"t": t}), None).await;
    assert_eq!(code(&r), "BAD_INPUT", "a used link: {r}");
    let r = call(
        &app,
        CONTACT_Q,
        json!({"a": addr(&alice)}),
        Some(&siwe_token),
    )
    .await;
    assert_eq!(r["data"]["user"]["emailVerified"], true, "{r}");

    // Reset by mail: the new password works, the old one and every session do not.
    let r = call(&app, reset_req, json!({"e": "alice@example.com"}), None).await;
    assert_eq!(r["data"]["requestPasswordReset"], true);
    let t = token_in(&inbox.recv().await.unwrap());
    let reset = "mutation($t: String!, $p: String!) { resetPassword(token: $t, newPassword: $p) }";
    let r = call(&app, reset, json!({"t": t, "p": "tiny"}), None).await;
    assert_eq!(code(&r), "BAD_INPUT", "{r}");
    let r = call(&app, reset, json!({"t": t, "p": "brand new pass"}), None).await;
    assert_eq!(r["data"]["resetPassword"], true, "{r}");
    let r = call(&app, reset, json!({"t": t, "p": "brand new pass 2"}), None).await;
    assert_eq!(code(&r), "BAD_INPUT", "single use: {r}");
    let r = call(
        &app,
        LOGIN,
        json!({"l": "alice", "p": "brand new pass"}),
        None,
    )
    .await;
    assert!(r["data"]["signInWithPassword"]["token"].is_string(), "{r}");
    let r = call(
        &app,
        LOGIN,
        json!({"l": "alice", "p": "correct horse"}),
        None,
    )
    .await;
    assert_eq!(code(&r), "UNAUTHENTICATED", "{r}");
    let r = call(
        &app,
        "mutation { requestEmailVerification }",
        json!({}),
        Some(&siwe_token),
    )
    .await;
    assert_eq!(code(&r), "UNAUTHENTICATED", "sessions end on reset: {r}");
}

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn password_guessing_is_rate_limited(pool: MySqlPool) {
    let app = graphql_api::app(pool.clone());
    for i in 0..5 {
        let r = call(
            &app,
            LOGIN,
            json!({"l": "victim", "p": format!("guess {i}")}),
            None,
        )
        .await;
        assert_eq!(code(&r), "UNAUTHENTICATED", "{r}");
    }
    let r = call(&app, LOGIN, json!({"l": "victim", "p": "guess 6"}), None).await;
    assert_eq!(code(&r), "RATE_LIMITED", "{r}");
    assert!(
        r["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("try again")
    );
    // Another login from the same IP still gets its own attempts.
    let r = call(&app, LOGIN, json!({"l": "someone", "p": "guess"}), None).await;
    assert_eq!(code(&r), "UNAUTHENTICATED", "{r}");
    let m = reqwest_free_metrics(&app).await;
    assert!(m.contains("api_rate_limited_total"), "{m}");
}

/// `/metrics`, which is served on its own listener (`METRICS_ADDR`), not by `_app`.
async fn reqwest_free_metrics(_app: &axum::Router) -> String {
    use http_body_util::BodyExt as _;
    use tower::ServiceExt as _;
    let resp = graphql_api::metrics_app()
        .oneshot(
            axum::http::Request::get("/metrics")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    String::from_utf8(
        resp.into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .to_vec(),
    )
    .unwrap()
}

const ORDER_Q: &str = "query($id: String!) { order(id: $id) { id buyer status itemName } }";
const ORDERS_Q: &str = "query($f: OrderFilter) { orders(filter: $f) { totalCount nodes { id } } }";

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn orders_are_readable_by_buyer_community_admins_and_system_admin(pool: MySqlPool) {
    let app = graphql_api::app(pool.clone());
    let (sys, buyer, admin, other) = (signer(0), signer(1), signer(2), signer(3));
    role(&pool, "SYSTEM_ADMIN", &addr(&sys)).await;
    member(&pool, 1, &addr(&admin), true).await;
    member(&pool, 2, &addr(&other), true).await;
    order(&pool, 1, &addr(&buyer), 1).await;
    order(&pool, 2, &addr(&other), 2).await;
    let (tsys, tbuyer, tadmin, tother) = (
        sign_in(&app, &sys).await,
        sign_in(&app, &buyer).await,
        sign_in(&app, &admin).await,
        sign_in(&app, &other).await,
    );

    for token in [&tbuyer, &tadmin, &tsys] {
        let r = call(&app, ORDER_Q, json!({"id": "1"}), Some(token)).await;
        assert_eq!(r["data"]["order"]["status"], "PAID", "{r}");
        assert_eq!(r["data"]["order"]["itemName"], "皮肤 Skin");
    }
    let r = call(&app, ORDER_Q, json!({"id": "1"}), Some(&tother)).await;
    assert_eq!(code(&r), "FORBIDDEN", "{r}");
    let r = call(&app, ORDER_Q, json!({"id": "1"}), None).await;
    assert_eq!(code(&r), "UNAUTHENTICATED", "{r}");
    let r = call(&app, ORDER_Q, json!({"id": "99"}), Some(&tbuyer)).await;
    assert_eq!(r["data"]["order"], json!(null), "{r}");

    let ids = |r: &serde_json::Value| -> Vec<String> {
        r["data"]["orders"]["nodes"]
            .as_array()
            .unwrap_or_else(|| panic!("{r}"))
            .iter()
            .map(|n| n["id"].as_str().unwrap().to_owned())
            .collect()
    };
    // Without a filter: your own; the system admin: all.
    assert_eq!(
        ids(&call(&app, ORDERS_Q, json!({}), Some(&tbuyer)).await),
        ["1"]
    );
    assert_eq!(
        ids(&call(&app, ORDERS_Q, json!({}), Some(&tsys)).await),
        ["2", "1"]
    );
    // A community admin lists their community's orders, not another's.
    let r = call(
        &app,
        ORDERS_Q,
        json!({"f": {"communityId": "1"}}),
        Some(&tadmin),
    )
    .await;
    assert_eq!(ids(&r), ["1"]);
    let r = call(
        &app,
        ORDERS_Q,
        json!({"f": {"communityId": "1"}}),
        Some(&tother),
    )
    .await;
    assert_eq!(code(&r), "FORBIDDEN", "{r}");
    // Someone else's orders: only within communities you admin.
    let r = call(
        &app,
        ORDERS_Q,
        json!({"f": {"buyer": addr(&buyer)}}),
        Some(&tother),
    )
    .await;
    assert_eq!(ids(&r), Vec::<String>::new(), "{r}");
    let r = call(
        &app,
        ORDERS_Q,
        json!({"f": {"buyer": addr(&other)}}),
        Some(&tbuyer),
    )
    .await;
    assert_eq!(code(&r), "FORBIDDEN", "{r}");
    let r = call(&app, ORDERS_Q, json!({}), None).await;
    assert_eq!(code(&r), "UNAUTHENTICATED", "{r}");
}
