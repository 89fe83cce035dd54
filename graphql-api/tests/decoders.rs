//! Every decoder of client input, fuzzed (issue 11, item 8): cursors, ids, addresses,
//! hashes, page sizes, block numbers, contacts, origins, SIWE messages and the query
//! cost walk never panic, and what they refuse is refused as `BAD_INPUT`. The last
//! properties run arguments through the real schema (its database unreachable, so a
//! decoded argument ends as `INTERNAL` and a refused one as `BAD_INPUT`).

use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
use graphql_api::schema::types::{
    MAX_OFFSET, decode_cursor, encode_cursor, page, parse_address, parse_id,
};
use proptest::prelude::*;
use std::sync::OnceLock;

fn code(e: &async_graphql::Error) -> String {
    e.extensions
        .as_ref()
        .and_then(|x| x.get("code"))
        .map(|v| v.to_string().trim_matches('"').to_owned())
        .unwrap_or_default()
}

/// Strings near the shapes the decoders look for, and plain noise.
fn near_cursor() -> impl Strategy<Value = String> {
    prop_oneof![
        // Offsets near the top of u64 (o:u64::MAX once overflowed the handler).
        (0..64u64).prop_map(|d| URL_SAFE_NO_PAD.encode(format!("o:{}", u64::MAX - d))),
        any::<u64>().prop_map(|n| URL_SAFE_NO_PAD.encode(format!("o:{n}"))),
        "[-0-9]{0,30}".prop_map(|n| URL_SAFE_NO_PAD.encode(format!("o:{n}"))),
        ".{0,80}".prop_map(|s| URL_SAFE_NO_PAD.encode(s)),
        ".{0,80}",
        "[A-Za-z0-9_-]{0,200}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn cursors_never_panic(c in near_cursor(), first in any::<Option<i32>>()) {
        match decode_cursor(&c) {
            Ok(n) => prop_assert!(n < MAX_OFFSET),
            Err(e) => prop_assert_eq!(code(&e), "BAD_INPUT"),
        }
        match page(first, Some(c)) {
            Ok((offset, limit)) => prop_assert!(offset <= MAX_OFFSET && limit <= 100),
            Err(e) => prop_assert_eq!(code(&e), "BAD_INPUT"),
        }
    }

    #[test]
    fn issued_cursors_round_trip(n in 0..MAX_OFFSET) {
        prop_assert_eq!(decode_cursor(&encode_cursor(n)).unwrap(), n);
    }

    #[test]
    fn ids_never_panic(s in prop_oneof![".{0,40}", "[-+0-9]{0,30}", any::<u64>().prop_map(|n| n.to_string())]) {
        match parse_id(&s) {
            Ok(n) => prop_assert!(n > 0),
            Err(e) => prop_assert_eq!(code(&e), "BAD_INPUT"),
        }
    }

    #[test]
    fn addresses_and_hashes_never_panic(s in prop_oneof![".{0,80}", "0x[0-9a-fA-F]{0,70}", "[0-9a-fA-FxX]{38,44}"]) {
        match parse_address(&s) {
            Ok(a) => prop_assert!(a.len() == 42 && a.starts_with("0x")),
            Err(e) => prop_assert_eq!(code(&e), "BAD_INPUT"),
        }
        if let Ok(h) = graphql_api::schema::content::parse_hash(&s) {
            prop_assert_eq!(h.len(), 66);
        }
    }

    #[test]
    fn contacts_and_origins_never_panic(s in ".{0,300}") {
        let _ = graphql_api::auth::check_email(&s);
        let _ = graphql_api::auth::normalize_phone(&s);
        if let Some(o) = graphql_api::http::origin(&s) {
            prop_assert!(!o.contains([';', ' ', '\'', ',']), "{}", o);
        }
        let _ = s.parse::<graphql_api::siwe::Message>();
    }

    #[test]
    fn query_cost_never_panics(q in prop_oneof![
        ".{0,200}",
        "\\{ ?(tasks|users|search|me|indexerStatus)(\\(first: ?-?[0-9]{1,12}\\))? ?\\{ ?(nodes|edges|totalCount) ?(\\{ ?(id|publisher|memberships) ?\\})? ?\\} ?\\}",
    ], n in any::<i64>()) {
        // Parsing, the alias and cost walks, validation; the resolvers fail on the
        // unreachable database.
        run(&q, serde_json::json!({ "n": n }))?;
    }
}

/// The schema over a pool whose database cannot be reached.
fn schema() -> &'static graphql_api::schema::ApiSchema {
    static S: OnceLock<graphql_api::schema::ApiSchema> = OnceLock::new();
    S.get_or_init(|| {
        let rt = runtime();
        let _enter = rt.enter();
        let pool = sqlx::mysql::MySqlPoolOptions::new()
            .acquire_timeout(std::time::Duration::from_millis(200))
            .connect_lazy("mysql://nobody@127.0.0.1:1/none")
            .unwrap();
        let auth = std::sync::Arc::new(graphql_api::AppConfig::local().auth);
        let live = graphql_api::live::Live::new(pool.clone(), std::time::Duration::from_secs(1));
        graphql_api::schema::build(pool, auth, live, None)
    })
}

fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap()
    })
}

/// Runs `query` with `vars`; every error must carry a known code.
fn run(query: &str, vars: serde_json::Value) -> Result<(), TestCaseError> {
    let resp = runtime().block_on(schema().execute(
        async_graphql::Request::new(query).variables(async_graphql::Variables::from_json(vars)),
    ));
    for e in &resp.errors {
        let code = e
            .extensions
            .as_ref()
            .and_then(|x| x.get("code"))
            .map(|v| v.to_string().trim_matches('"').to_owned());
        // Errors of GraphQL validation (a variable of the wrong type) carry no code;
        // every resolver error does.
        if let Some(code) = code {
            prop_assert!(
                ["BAD_INPUT", "INTERNAL", "NOT_FOUND", "QUERY_TOO_COMPLEX"]
                    .contains(&code.as_str()),
                "{code}: {}",
                e.message
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn list_arguments_through_the_schema(c in near_cursor(), first in any::<i32>(), block in any::<u64>()) {
        run(
            "query($c: String, $f: Int, $b: BlockInput) { tasks(after: $c, first: $f, block: $b) { totalCount } }",
            serde_json::json!({ "c": c, "f": first, "b": { "number": block } }),
        )?;
        run(
            "query($c: String, $f: Int) { users(after: $c, first: $f) { totalCount } }",
            serde_json::json!({ "c": c, "f": first }),
        )?;
    }

    #[test]
    fn object_arguments_through_the_schema(id in prop_oneof![".{0,40}", any::<u64>().prop_map(|n| n.to_string())], a in prop_oneof![".{0,50}", "0x[0-9a-f]{40}"], block in any::<u64>()) {
        run(
            "query($id: String!, $b: BlockInput) { task(id: $id, block: $b) { id } post(id: $id) { id } community(id: $id) { id } }",
            serde_json::json!({ "id": id, "b": { "number": block } }),
        )?;
        run(
            "query($a: String!) { user(address: $a) { username } document(hash: $a) { verified } }",
            serde_json::json!({ "a": a }),
        )?;
    }
}
