//! One GraphQL request over HTTP (`POST /graphql`, or `GET /graphql?query=…`): the
//! persisted query resolved, the answer served from the cache when its generation
//! holds, otherwise computed, kept when it may be, and sent with the caching headers
//! its scope allows.

use super::{Cached, Documents, ResponseCache, Scope, Tracker, etag, generation, key, matches};
use crate::{
    auth::RequestInfo, content::Quota, http, limits::QueryLimits, metrics, schema::ApiSchema,
};
use axum::{
    body::{Body, Bytes},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::Response,
};
use sqlx::MySqlPool;
use std::sync::Arc;

/// The response cache and the kept documents, shared by every request.
pub struct Reads {
    /// Kept answers.
    pub cache: ResponseCache,
    /// Kept documents (and persisted queries).
    pub docs: Documents,
    /// Answers being computed.
    pub flights: Arc<super::Flights>,
}

/// How long a request waits for another computing the same answer.
const FOLLOW_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// What a request runs against.
pub struct Exec<'a> {
    /// The read model.
    pub pool: &'a MySqlPool,
    /// The schema.
    pub schema: &'a ApiSchema,
    /// Query limits (and the IP budgets).
    pub query: &'a Arc<QueryLimits>,
    /// The content store's quota.
    pub quota: &'a Arc<Quota>,
}

const JSON: HeaderValue = HeaderValue::from_static("application/graphql-response+json");
/// Kept anonymous answers: any cache may keep them, and must ask again (`If-None-Match`)
/// before reusing them; a request with a token gets its own.
const PUBLIC: HeaderValue = HeaderValue::from_static("public, no-cache");
const NO_STORE: HeaderValue = HeaderValue::from_static("no-store");
const PRIVATE: HeaderValue = HeaderValue::from_static("private, no-store");

fn error_body(code: &str, message: &str) -> Bytes {
    Bytes::from(
        serde_json::to_vec(&serde_json::json!({
            "errors": [{ "message": message, "extensions": { "code": code } }]
        }))
        .unwrap_or_default(),
    )
}

fn respond(
    status: StatusCode,
    body: Bytes,
    headers: &[(header::HeaderName, HeaderValue)],
) -> Response {
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, JSON);
    for (k, v) in headers {
        h.insert(k.clone(), v.clone());
    }
    r
}

/// An answer's caching headers: `ETag` and `public, no-cache` for an anonymous answer
/// that is kept (`304` when the client holds it already), `private, no-store` for a
/// signed-in caller's, `no-store` for one not kept.
fn send(
    status: StatusCode,
    body: Bytes,
    kept: Option<(&Scope, &HeaderValue)>,
    if_none_match: Option<&HeaderValue>,
) -> Response {
    match kept {
        Some((Scope::Anonymous, tag)) => {
            let headers = [
                (header::ETAG, tag.clone()),
                (header::CACHE_CONTROL, PUBLIC),
                (header::VARY, HeaderValue::from_static("Authorization")),
            ];
            if matches(if_none_match, tag) {
                let mut r = respond(StatusCode::NOT_MODIFIED, Bytes::new(), &headers);
                r.headers_mut().remove(header::CONTENT_TYPE);
                return r;
            }
            respond(status, body, &headers)
        }
        Some((Scope::Caller(_), _)) => respond(status, body, &[(header::CACHE_CONTROL, PRIVATE)]),
        None => respond(status, body, &[(header::CACHE_CONTROL, NO_STORE)]),
    }
}

/// Answers `req` for `info`.
pub async fn answer(
    reads: &Reads,
    exec: Exec<'_>,
    mut req: async_graphql::Request,
    info: RequestInfo,
    via_get: bool,
    headers: &HeaderMap,
) -> Response {
    let started = std::time::Instant::now();
    metrics::REQUESTS.inc();
    let if_none_match = headers.get(header::IF_NONE_MATCH);
    let doc = match reads.docs.prepare(&mut req) {
        Ok(s) => s,
        Err(refusal) => {
            metrics::REQUEST_ERRORS.inc();
            // Apollo's clients read PersistedQueryNotFound from a 200 answer.
            let status = if refusal.code == "PERSISTED_QUERY_NOT_FOUND" {
                StatusCode::OK
            } else {
                StatusCode::BAD_REQUEST
            };
            return send(
                status,
                error_body(refusal.code, &refusal.message),
                None,
                None,
            );
        }
    };
    // A refused token is answered as it always was, and never from the cache.
    let scope = match (&info.caller, &info.token_error) {
        (Some(c), _) => Some(Scope::Caller(c.address.clone())),
        (None, None) => Some(Scope::Anonymous),
        (None, Some(_)) => None,
    };
    // Mutations are never kept: they read no generation and wait for no one.
    let read = match (&doc, &scope, reads.cache.enabled()) {
        (Some(d), Some(_), true) if !d.writes() => Some(generation::read(exec.pool).await),
        _ => None,
    };
    let slot = match (read.clone().flatten(), scope, &doc) {
        (Some(g), Some(scope), Some(doc)) => {
            let k = key(doc.shape(), req.operation_name.as_deref(), &req.variables);
            Some((g, k, scope))
        }
        _ => None,
    };
    let serve = |hit: Arc<Cached>, scope: &Scope| {
        metrics::CACHE_HITS.inc();
        if let Err(e) = exec.query.charge(info.ip, hit.cost) {
            metrics::REQUEST_ERRORS.inc();
            return send(
                StatusCode::OK,
                error_body("RATE_LIMITED", &e.message),
                None,
                None,
            );
        }
        let r = send(
            StatusCode::OK,
            hit.body.clone(),
            Some((scope, &hit.etag)),
            if_none_match,
        );
        metrics::LATENCY.observe(started.elapsed());
        r
    };
    let mut _lead = None;
    if let Some((g, k, scope)) = &slot {
        if let Some(hit) = reads.cache.get(g, k, scope) {
            return serve(hit, scope);
        }
        match reads.flights.join(g, *k) {
            super::Flight::Lead(guard) => _lead = Some(guard),
            super::Flight::Follow(rx) => {
                super::wait(rx, FOLLOW_WAIT).await;
                if let Some(hit) = reads.cache.get(g, k, scope) {
                    return serve(hit, scope);
                }
                // Not kept for this caller (private, volatile or an error): compute it.
            }
        }
    }
    if let Some(doc) = &doc {
        doc.attach(&mut req);
    }
    let tracker = Arc::new(Tracker::new(via_get));
    let run = exec.schema.execute(
        req.data(info)
            .data(exec.query.clone())
            .data(exec.quota.clone())
            .data(tracker.clone()),
    );
    let mut resp = match read {
        Some(g) => generation::CURRENT.scope(g, run).await,
        None => run.await,
    };
    http::tidy(&mut resp, exec.query.introspection);
    if resp.is_err() {
        metrics::REQUEST_ERRORS.inc();
    }
    let status = if via_get && tracker.wrote() {
        StatusCode::METHOD_NOT_ALLOWED
    } else {
        StatusCode::OK
    };
    let body = Bytes::from(serde_json::to_vec(&resp).unwrap_or_default());
    metrics::LATENCY.observe(started.elapsed());
    let Some((g, k, scope)) = slot.filter(|_| resp.is_ok() && tracker.keepable()) else {
        return send(status, body, None, None);
    };
    let public = !tracker.depends_on_caller();
    let tag = etag(&g, &k, if public { &Scope::Anonymous } else { &scope });
    reads.cache.put(
        &g,
        k,
        public,
        &scope,
        Cached {
            body: body.clone(),
            cost: tracker.cost(),
            etag: tag.clone(),
        },
    );
    metrics::CACHE_STORES.inc();
    send(status, body, Some((&scope, &tag)), if_none_match)
}
