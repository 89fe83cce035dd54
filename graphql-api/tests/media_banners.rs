//! Images in the content store (`POST /media`, `GET /media/<hash>`), home-page banners,
//! search over items and users, and a player's community feed (`posts(memberOf)`).

mod support;

use axum::{body::Body, http::Request};
use http_body_util::BodyExt as _;
use serde_json::{Value, json};
use sqlx::MySqlPool;
use support::*;
use tower::ServiceExt as _;

/// POSTs `bytes` to /media; the status and the JSON answer.
async fn upload(
    app: &axum::Router,
    bytes: Vec<u8>,
    content_type: &str,
    token: Option<&str>,
) -> (u16, Value) {
    let mut req = Request::post("/media").header("content-type", content_type);
    if let Some(t) = token {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    let resp = app
        .clone()
        .oneshot(req.body(Body::from(bytes)).unwrap())
        .await
        .unwrap();
    let status = resp.status().as_u16();
    let body = resp.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

async fn get(app: &axum::Router, path: &str) -> (u16, Vec<u8>, axum::http::HeaderMap) {
    let resp = app
        .clone()
        .oneshot(Request::get(path).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let body = resp
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    (status, body, headers)
}

fn refusal(v: &Value) -> &str {
    v["errors"][0]["extensions"]["code"].as_str().unwrap_or("")
}

async fn stored_images(pool: &MySqlPool) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM media")
        .fetch_one(pool)
        .await
        .unwrap()
}

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn images_are_re_encoded_stored_by_hash_and_served_safely(pool: MySqlPool) {
    let app = graphql_api::app(pool.clone());
    let token = sign_in(&app, &signer(1)).await;
    let avatar = testkit::pictures::avatar("alice");

    // Signed out: refused, nothing stored.
    let (status, r) = upload(&app, avatar.clone(), "image/png", None).await;
    assert_eq!((status, refusal(&r)), (401, "UNAUTHENTICATED"), "{r}");

    // The demo pictures come back byte for byte, under the keccak256 they were drawn with.
    let (status, r) = upload(&app, avatar.clone(), "image/png", Some(&token)).await;
    assert_eq!(status, 200, "{r}");
    let hash = format!("{:#x}", alloy::primitives::keccak256(&avatar));
    assert_eq!(r["hash"], hash);
    assert_eq!(
        (r["width"].as_u64(), r["height"].as_u64()),
        (Some(160), Some(160))
    );
    // Again: the same hash, one row.
    let (_, again) = upload(&app, avatar.clone(), "image/png", Some(&token)).await;
    assert_eq!(again["hash"], hash);
    assert_eq!(stored_images(&pool).await, 1);

    // Served with its type, immutable, never sniffed or run as a page.
    let (status, body, headers) = get(&app, &format!("/media/{hash}")).await;
    assert_eq!(status, 200);
    assert_eq!(body, avatar);
    assert_eq!(headers["content-type"], "image/png");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert!(
        headers["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    assert!(
        headers["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("sandbox")
    );
    let (status, thumb, headers) = get(&app, &format!("/media/{hash}/thumb")).await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "image/jpeg");
    let small = image::load_from_memory(&thumb).unwrap();
    assert!(small.width() <= 320 && small.height() <= 320);
    // Unknown or malformed hashes: 404, not an error page.
    assert_eq!(
        get(&app, &format!("/media/0x{}", "00".repeat(32))).await.0,
        404
    );
    assert_eq!(get(&app, "/media/..%2F..%2Fetc%2Fpasswd").await.0, 404);

    // An attacker's files: an HTML page behind a PNG header, a PNG declared as JPEG,
    // an SVG, garbage, a body over the limit. Each refused with its code; none stored.
    let mut polyglot = testkit::pictures::avatar("mallory");
    polyglot.extend_from_slice(b"<script>fetch('/graphql')</script>");
    let too_big = vec![0x89u8; graphql_api::media::MAX_UPLOAD_BYTES + 1];
    for (bytes, declared, status, code) in [
        (polyglot, "image/png", 422, "BAD_IMAGE"),
        (avatar.clone(), "image/jpeg", 415, "UNSUPPORTED_MEDIA_TYPE"),
        (
            b"<svg onload=alert(1)/>".to_vec(),
            "image/svg+xml",
            415,
            "UNSUPPORTED_MEDIA_TYPE",
        ),
        (
            b"\x89PNG\r\n\x1a\nnot really".to_vec(),
            "image/png",
            422,
            "BAD_IMAGE",
        ),
        (avatar.clone(), "text/html", 415, "UNSUPPORTED_MEDIA_TYPE"),
        (too_big, "image/png", 413, "PAYLOAD_TOO_LARGE"),
    ] {
        let (got, r) = upload(&app, bytes, declared, Some(&token)).await;
        assert_eq!((got, refusal(&r)), (status, code), "{declared}: {r}");
    }
    assert_eq!(stored_images(&pool).await, 1);

    // A metadata-laden upload is stored without it: a JPEG with an EXIF-like comment
    // comes back as pixels only.
    let mut photo = Vec::new();
    image::DynamicImage::ImageRgb8(image::RgbImage::from_pixel(
        64,
        48,
        image::Rgb([30, 140, 200]),
    ))
    .write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(
        &mut photo, 90,
    ))
    .unwrap();
    let comment = b"GPSLatitude=52.37;Owner=alice@example.com";
    let mut marker = vec![0xFF, 0xFE];
    marker.extend_from_slice(&((comment.len() + 2) as u16).to_be_bytes());
    marker.extend_from_slice(comment);
    photo.splice(2..2, marker);
    let (status, r) = upload(&app, photo, "image/jpeg", Some(&token)).await;
    assert_eq!(status, 200, "{r}");
    let (_, stored, headers) = get(&app, &format!("/media/{}", r["hash"].as_str().unwrap())).await;
    assert_eq!(headers["content-type"], "image/jpeg");
    assert!(!stored.windows(11).any(|w| w == b"GPSLatitude"));
}

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn uploads_are_rate_limited_per_account(pool: MySqlPool) {
    let app = graphql_api::app(pool.clone());
    let token = sign_in(&app, &signer(2)).await;
    let mut last = 0;
    for i in 0..31 {
        let (status, r) = upload(
            &app,
            testkit::pictures::avatar(&format!("p{i}")),
            "image/png",
            Some(&token),
        )
        .await;
        last = status;
        if status == 429 {
            assert_eq!(refusal(&r), "RATE_LIMITED", "{r}");
            assert_eq!(i, 30, "refused after {i} uploads");
        }
    }
    assert_eq!(last, 429);
    assert_eq!(stored_images(&pool).await, 30);
}

const BANNERS: &str = "query($all: Boolean!) { banners(includeInactive: $all) { id title subtitle image link position active } }";
const SAVE: &str =
    "mutation($b: BannerInput!) { saveBanner(input: $b) { id title image link position active } }";
const DELETE: &str = "mutation($id: Int!) { deleteBanner(id: $id) }";

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn banners_are_managed_by_the_system_admin_only(pool: MySqlPool) {
    let app = graphql_api::app(pool.clone());
    let admin = signer(0);
    role(&pool, "SYSTEM_ADMIN", &addr(&admin)).await;
    let admin_token = sign_in(&app, &admin).await;
    let player_token = sign_in(&app, &signer(1)).await;
    let banner =
        json!({"title": "新赛季开启", "subtitle": "接任务赢积分", "link": "/tasks", "position": 2});

    // A player (and a visitor) cannot create, edit, delete or list hidden banners.
    let r = call(&app, SAVE, json!({"b": banner}), Some(&player_token)).await;
    assert_eq!(code(&r), "FORBIDDEN", "{r}");
    let r = call(&app, SAVE, json!({"b": banner}), None).await;
    assert_eq!(code(&r), "UNAUTHENTICATED", "{r}");
    let r = call(&app, BANNERS, json!({"all": true}), Some(&player_token)).await;
    assert_eq!(code(&r), "FORBIDDEN", "{r}");

    // The admin creates two; everyone sees the active ones in order.
    let r = call(&app, SAVE, json!({"b": banner}), Some(&admin_token)).await;
    let first = r["data"]["saveBanner"]["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("{r}"));
    let r = call(
        &app,
        SAVE,
        json!({"b": {"title": "Minecraft 建筑大赛", "position": 1, "active": false}}),
        Some(&admin_token),
    )
    .await;
    let second = r["data"]["saveBanner"]["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("{r}"));
    let r = call(&app, BANNERS, json!({"all": false}), None).await;
    assert_eq!(r["data"]["banners"].as_array().unwrap().len(), 1, "{r}");
    let r = call(&app, BANNERS, json!({"all": true}), Some(&admin_token)).await;
    let ids: Vec<i64> = r["data"]["banners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [second, first], "position orders them: {r}");

    // Hostile or broken input is refused with BAD_INPUT and changes nothing.
    for bad in [
        json!({"id": first, "title": "x", "link": "javascript:alert(1)"}),
        json!({"id": first, "title": "x", "link": "//evil.example"}),
        json!({"id": first, "title": ""}),
        json!({"id": first, "title": "x", "position": 5000}),
        json!({"id": first, "title": "x", "image": format!("0x{}", "ab".repeat(32))}),
    ] {
        let r = call(&app, SAVE, json!({"b": bad}), Some(&admin_token)).await;
        assert_eq!(code(&r), "BAD_INPUT", "{bad}: {r}");
    }
    let r = call(
        &app,
        SAVE,
        json!({"b": {"id": 999, "title": "x"}}),
        Some(&admin_token),
    )
    .await;
    assert_eq!(code(&r), "NOT_FOUND", "{r}");

    // With an uploaded image.
    let picture = testkit::pictures::banner("新赛季");
    let (status, up) = upload(&app, picture, "image/png", Some(&admin_token)).await;
    assert_eq!(status, 200, "{up}");
    let r = call(
        &app,
        SAVE,
        json!({"b": {"id": first, "title": "新赛季开启", "image": up["hash"], "link": "/tasks"}}),
        Some(&admin_token),
    )
    .await;
    assert_eq!(r["data"]["saveBanner"]["image"], up["hash"], "{r}");

    // Delete; deleting again is NOT_FOUND.
    let r = call(&app, DELETE, json!({"id": second}), Some(&player_token)).await;
    assert_eq!(code(&r), "FORBIDDEN", "{r}");
    let r = call(&app, DELETE, json!({"id": second}), Some(&admin_token)).await;
    assert_eq!(r["data"]["deleteBanner"], true, "{r}");
    let r = call(&app, DELETE, json!({"id": second}), Some(&admin_token)).await;
    assert_eq!(code(&r), "NOT_FOUND", "{r}");

    // At most 20 are kept.
    for i in 0..19 {
        let r = call(
            &app,
            SAVE,
            json!({"b": {"title": format!("活动 {i}")}}),
            Some(&admin_token),
        )
        .await;
        assert!(r["errors"].is_null(), "{r}");
    }
    let r = call(
        &app,
        SAVE,
        json!({"b": {"title": "第 21 个"}}),
        Some(&admin_token),
    )
    .await;
    assert_eq!(code(&r), "BAD_INPUT", "{r}");
}

async fn item(pool: &MySqlPool, id: u64, name: &str, active: bool, sold: u64) {
    sqlx::query(
        "INSERT INTO Item (item_id, community_id, token, name, metadata_hash, price, stock, active, rating_sum, rating_count, sold, created_at, block_number, block_hash, tx_hash, log_index) \
         VALUES (?, 1, '0x00000000000000000000000000000000000000aa', ?, ?, 50, 10, ?, 0, 0, ?, 1700000000, 1, ?, ?, 0)",
    )
    .bind(id)
    .bind(name)
    .bind(format!("0x{id:064x}"))
    .bind(active)
    .bind(sold)
    .bind(format!("0x{:064x}", 1))
    .bind(format!("0x{:064x}", 1000 + id))
    .execute(pool)
    .await
    .unwrap();
}

const SEARCH: &str =
    "query($q: String!) { search(query: $q) { items { id name } users { username } } }";

fn names(r: &Value, kind: &str, field: &str) -> Vec<String> {
    r["data"]["search"][kind]
        .as_array()
        .unwrap_or_else(|| panic!("{r}"))
        .iter()
        .map(|n| n[field].as_str().unwrap().to_owned())
        .collect()
}

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn search_finds_items_by_name_and_users_by_username(pool: MySqlPool) {
    let app = graphql_api::app(pool.clone());
    item(&pool, 1, "原石礼包 Primogem pack", true, 3).await;
    item(&pool, 2, "空月祝福 Welkin Moon", true, 9).await;
    item(&pool, 3, "原石 旧礼包", false, 50).await;
    item(&pool, 4, "100% 折扣券", true, 0).await;
    user(
        &pool,
        1,
        "0x00000000000000000000000000000000000000c1",
        "Alice",
    )
    .await;
    user(
        &pool,
        2,
        "0x00000000000000000000000000000000000000c2",
        "alice_fan",
    )
    .await;
    user(
        &pool,
        3,
        "0x00000000000000000000000000000000000000c3",
        "bob",
    )
    .await;

    let r = call(&app, SEARCH, json!({"q": "礼包"}), None).await;
    assert_eq!(
        names(&r, "items", "name"),
        ["原石礼包 Primogem pack"],
        "items off sale are left out"
    );
    let r = call(&app, SEARCH, json!({"q": "MOON"}), None).await;
    assert_eq!(names(&r, "items", "name"), ["空月祝福 Welkin Moon"]);
    // LIKE wildcards in the query are plain characters.
    let r = call(&app, SEARCH, json!({"q": "100%"}), None).await;
    assert_eq!(names(&r, "items", "name"), ["100% 折扣券"]);
    let r = call(&app, SEARCH, json!({"q": "_"}), None).await;
    assert!(names(&r, "items", "name").is_empty(), "{r}");
    // Usernames by prefix, either case of the first letter, shortest first.
    let r = call(&app, SEARCH, json!({"q": "ali"}), None).await;
    assert_eq!(names(&r, "users", "username"), ["Alice", "alice_fan"]);
    let r = call(&app, SEARCH, json!({"q": "lice"}), None).await;
    assert!(names(&r, "users", "username").is_empty());
}

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn the_feed_shows_posts_of_my_communities_only(pool: MySqlPool) {
    let app = graphql_api::app(pool.clone());
    for (id, name) in [(1, "原神"), (2, "王者"), (3, "Minecraft")] {
        community(&pool, id, name, name).await;
    }
    let me = "0x00000000000000000000000000000000000000c1";
    member(&pool, 1, me, false).await;
    member(&pool, 3, me, false).await;
    sqlx::query("UPDATE Member SET status = 'left' WHERE community_id = 3")
        .execute(&pool)
        .await
        .unwrap();
    for (id, community) in [(1, 1), (2, 2), (3, 3), (4, 1)] {
        post(
            &pool,
            id,
            community,
            &format!("帖子 {id}"),
            &format!("0x{id:064x}"),
            4,
        )
        .await;
    }
    sqlx::query("UPDATE Post SET created_at = 1800000000 WHERE post_id = 4")
        .execute(&pool)
        .await
        .unwrap();
    let q = "query($f: PostFilter) { posts(filter: $f) { nodes { id } totalCount } }";
    let r = call(&app, q, json!({"f": {"memberOf": me}}), None).await;
    assert_eq!(
        r["data"]["posts"]["nodes"],
        json!([{"id": "4"}, {"id": "1"}]),
        "{r}"
    );
    let r = call(
        &app,
        q,
        json!({"f": {"memberOf": me, "createdFrom": 1_750_000_000}}),
        None,
    )
    .await;
    assert_eq!(r["data"]["posts"]["totalCount"], 1, "{r}");
    let r = call(&app, q, json!({"f": {"memberOf": "not-an-address"}}), None).await;
    assert_eq!(code(&r), "BAD_INPUT", "{r}");
}

#[sqlx::test(migrator = "graphql_api::migrations::ALL")]
async fn old_images_no_document_or_banner_names_are_pruned(pool: MySqlPool) {
    let app = graphql_api::app(pool.clone());
    let admin = signer(0);
    role(&pool, "SYSTEM_ADMIN", &addr(&admin)).await;
    let token = sign_in(&app, &admin).await;
    let mut hashes = vec![];
    for name in ["in-a-post", "on-a-banner", "orphan", "recent-orphan"] {
        let (status, r) = upload(
            &app,
            testkit::pictures::avatar(name),
            "image/png",
            Some(&token),
        )
        .await;
        assert_eq!(status, 200, "{r}");
        hashes.push(r["hash"].as_str().unwrap().to_owned());
    }
    let doc = format!(
        r#"{{"images":["{}"],"text":"组队"}}"#,
        hashes[0].to_uppercase().replace("0X", "0x")
    );
    graphql_api::content::put(&pool, &doc, None).await.unwrap();
    let r = call(
        &app,
        SAVE,
        json!({"b": {"title": "活动", "image": hashes[1]}}),
        Some(&token),
    )
    .await;
    assert!(r["errors"].is_null(), "{r}");
    sqlx::query("UPDATE media SET created_at = 1000 WHERE hash <> ?")
        .bind(&hashes[3])
        .execute(&pool)
        .await
        .unwrap();

    let grace = std::time::Duration::from_secs(3600);
    let dry = graphql_api::media::prune(&pool, grace, true).await.unwrap();
    assert_eq!((dry.examined, dry.removed), (3, 1));
    assert_eq!(stored_images(&pool).await, 4, "a dry run removes nothing");
    let done = graphql_api::media::prune(&pool, grace, false)
        .await
        .unwrap();
    assert_eq!(done.removed, 1);
    assert!(done.bytes > 0);
    let left: Vec<String> =
        sqlx::query_scalar("SELECT CAST(hash AS CHAR) FROM media ORDER BY hash")
            .fetch_all(&pool)
            .await
            .unwrap();
    let mut expected = vec![hashes[0].clone(), hashes[1].clone(), hashes[3].clone()];
    expected.sort();
    assert_eq!(left, expected);
    assert_eq!(get(&app, &format!("/media/{}", hashes[2])).await.0, 404);
}
