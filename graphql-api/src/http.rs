//! What `POST /graphql` accepts before anything runs, and the headers every response
//! carries.
//!
//! - Only `application/json` (or `application/graphql-response+json`) bodies: a
//!   cross-site page can send `text/plain` or a form without a preflight, and multipart
//!   (file uploads) is not part of this API. Anything else: 415.
//! - A body longer than the limit is refused with 413 from its `Content-Length` before
//!   a byte is read, or as soon as a chunked body passes the limit; the body must
//!   arrive within its deadline (408).
//! - Malformed bodies get a short, stable message (400), never a parser's internals;
//!   every error message in an answer is capped, so no input is echoed back whole.

use axum::{
    body::Body,
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use http_body_util::BodyExt as _;
use std::time::Duration;

/// The longest error message returned (longer ones are cut, with `…`).
pub const MAX_MESSAGE_CHARS: usize = 300;

/// The longest query document accepted, in bytes.
pub const MAX_QUERY_BYTES: usize = 64 * 1024;

/// A refusal before execution: an HTTP status and a GraphQL-shaped error body.
pub fn refuse(status: StatusCode, code: &str, message: &str) -> Response {
    (
        status,
        axum::Json(serde_json::json!({
            "errors": [{ "message": message, "extensions": { "code": code } }]
        })),
    )
        .into_response()
}

/// Reads a body of at most `max_bytes` that arrives within `deadline`: 413 from its
/// `Content-Length` before a byte is read (or as soon as a chunked body passes the
/// limit), 408 when late.
pub async fn read_body(
    headers: &HeaderMap,
    body: Body,
    max_bytes: usize,
    deadline: Duration,
) -> Result<axum::body::Bytes, Response> {
    let too_large = || {
        refuse(
            StatusCode::PAYLOAD_TOO_LARGE,
            "PAYLOAD_TOO_LARGE",
            &format!("the request body is larger than {max_bytes} bytes"),
        )
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > max_bytes as u64) {
        return Err(too_large());
    }
    let limited = http_body_util::Limited::new(body, max_bytes);
    let bytes = match tokio::time::timeout(deadline, limited.collect()).await {
        Err(_) => {
            return Err(refuse(
                StatusCode::REQUEST_TIMEOUT,
                "REQUEST_TIMEOUT",
                "the request body did not arrive in time",
            ));
        }
        Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => return Err(too_large()),
        Ok(Err(_)) => {
            return Err(refuse(
                StatusCode::BAD_REQUEST,
                "BAD_REQUEST",
                "the request body could not be read",
            ));
        }
        Ok(Ok(c)) => c.to_bytes(),
    };
    Ok(bytes)
}

/// The media type of a request (lowercase, without parameters).
pub fn media_type(headers: &HeaderMap) -> Option<String> {
    let v = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    Some(
        v.split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase(),
    )
}

/// Reads a GraphQL request from a JSON body of at most `max_bytes` that arrives within
/// `deadline`; the refusal response otherwise.
pub async fn read_request(
    headers: &HeaderMap,
    body: Body,
    max_bytes: usize,
    deadline: Duration,
) -> Result<async_graphql::Request, Response> {
    match media_type(headers).as_deref() {
        Some("application/json") | Some("application/graphql-response+json") => {}
        Some(t) if t.starts_with("multipart/") => {
            return Err(refuse(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "UNSUPPORTED_MEDIA_TYPE",
                "multipart requests (uploads) are not accepted; send application/json",
            ));
        }
        _ => {
            return Err(refuse(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "UNSUPPORTED_MEDIA_TYPE",
                "send the request as Content-Type: application/json",
            ));
        }
    }
    let bytes = read_body(headers, body, max_bytes, deadline).await?;
    let req: async_graphql::Request = serde_json::from_slice(&bytes).map_err(|e| {
        let what = match e.classify() {
            serde_json::error::Category::Data => {
                "the body is not a GraphQL request (a JSON object with a `query` string, optional `variables` and `operationName`)"
            }
            _ => "the body is not valid JSON",
        };
        refuse(
            StatusCode::BAD_REQUEST,
            "BAD_REQUEST",
            &format!("{what} (line {}, column {})", e.line(), e.column()),
        )
    })?;
    if req.query.len() > MAX_QUERY_BYTES {
        return Err(refuse(
            StatusCode::BAD_REQUEST,
            "BAD_REQUEST",
            &format!("the query is longer than {MAX_QUERY_BYTES} bytes"),
        ));
    }
    Ok(req)
}

/// Cuts `s` to [`MAX_MESSAGE_CHARS`] characters.
pub fn cap(s: &mut String) {
    if let Some((i, _)) = s.char_indices().nth(MAX_MESSAGE_CHARS) {
        s.truncate(i);
        s.push('…');
    }
}

/// Caps every error message of `resp`; without `suggestions`, drops the "Did you
/// mean …?" hints of validation errors.
pub fn tidy(resp: &mut async_graphql::Response, suggestions: bool) {
    for e in &mut resp.errors {
        if !suggestions && let Some(i) = e.message.find(" Did you mean") {
            e.message.truncate(i);
        }
        cap(&mut e.message);
    }
}

/// The origin (`scheme://host[:port]`) of an http(s) or ws(s) URL, if it has one.
pub fn origin(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if !matches!(scheme.as_str(), "http" | "https" | "ws" | "wss") {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?;
    if host.is_empty()
        || !host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
    {
        return None;
    }
    Some(format!("{scheme}://{}", host.to_ascii_lowercase()))
}

/// The web client's Content-Security-Policy: scripts only from this server, no inline
/// scripts, connections only to this server (HTTP and WebSocket) and the chain's RPC.
pub fn app_csp(rpc_url: Option<&str>) -> String {
    let mut connect = String::from("'self'");
    if let Some(o) = rpc_url.and_then(origin) {
        connect.push(' ');
        connect.push_str(&o);
    }
    format!(
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; font-src 'self' data:; connect-src {connect}; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// GraphiQL's policy: its scripts are files on this server (no inline script).
/// GraphiQL's editor sets styles at run time, so inline styles stay allowed.
pub const GRAPHIQL_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Adds the headers every response carries, and `csp` to HTML pages that set none.
pub fn secure(resp: &mut Response, csp: &HeaderValue) {
    let h = resp.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    let html = h
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if html && !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(header::CONTENT_SECURITY_POLICY, csp.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins() {
        assert_eq!(
            origin("http://127.0.0.1:8545").as_deref(),
            Some("http://127.0.0.1:8545")
        );
        assert_eq!(
            origin("https://user:pw@RPC.example.com/v1/key?x").as_deref(),
            Some("https://rpc.example.com")
        );
        assert_eq!(origin("javascript:alert(1)"), None);
        assert_eq!(origin("http://a b/"), None);
        assert_eq!(origin("http://x;script-src *"), None);
    }

    #[test]
    fn messages_are_capped_on_a_char_boundary() {
        let mut s = "深".repeat(1000);
        cap(&mut s);
        assert_eq!(s.chars().count(), MAX_MESSAGE_CHARS + 1);
        let mut short = String::from("ok");
        cap(&mut short);
        assert_eq!(short, "ok");
    }
}
