//! `/unsubscribe?token=…`: the link at the end of every notification mail. `GET` shows
//! a page with one button (so a mail scanner following links unsubscribes nobody);
//! `POST` turns the account's notification mail off (the button, and RFC 8058's
//! one-click `List-Unsubscribe-Post` from mail clients).

use crate::{notifications, outbox};
use axum::{
    http::StatusCode,
    response::{Html, IntoResponse, Response},
};
use sqlx::MySqlPool;

fn page(status: StatusCode, body: &str) -> Response {
    let html = format!(
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>退订通知邮件</title><style>body{{font-family:system-ui,sans-serif;max-width:30rem;\
         margin:4rem auto;padding:0 1rem;color:#222}}button{{font-size:1rem;padding:.7rem 1.4rem;\
         min-height:44px;border:0;border-radius:8px;background:#4f46e5;color:#fff}}</style></head>\
         <body>{body}<p><a href=\"/settings/\">通知设置</a></p></body></html>"
    );
    (status, Html(html)).into_response()
}

/// A token as it may appear in a link (64 hex characters), or `None`.
fn token(t: Option<&str>) -> Option<&str> {
    t.filter(|t| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// `GET`: asks to confirm.
pub async fn confirm(pool: &MySqlPool, t: Option<&str>) -> Response {
    let Some(t) = token(t) else {
        return page(
            StatusCode::BAD_REQUEST,
            "<h1>链接无效</h1><p>这个退订链接不完整。</p>",
        );
    };
    match outbox::token_account(pool, t).await {
        Ok(Some(_)) => page(
            StatusCode::OK,
            &format!(
                "<h1>退订通知邮件</h1><p>退订后将不再收到任何通知邮件（站内通知不受影响）。</p>\
                 <form method=\"post\" action=\"/unsubscribe?token={t}\"><button type=\"submit\">确认退订</button></form>"
            ),
        ),
        Ok(None) => page(
            StatusCode::NOT_FOUND,
            "<h1>链接无效</h1><p>找不到这个退订链接。</p>",
        ),
        Err(e) => {
            tracing::warn!(target: "graphql_api::outbox", error = %e, "unsubscribe lookup failed");
            page(StatusCode::SERVICE_UNAVAILABLE, "<h1>请稍后再试</h1>")
        }
    }
}

/// `POST`: turns every notification mail of the token's account off.
pub async fn apply(pool: &MySqlPool, t: Option<&str>) -> Response {
    let Some(t) = token(t) else {
        return page(
            StatusCode::BAD_REQUEST,
            "<h1>链接无效</h1><p>这个退订链接不完整。</p>",
        );
    };
    let done = async {
        let Some(account) = outbox::token_account(pool, t).await? else {
            return Ok(false);
        };
        notifications::unsubscribe(pool, &account, None).await?;
        Ok::<_, sqlx::Error>(true)
    };
    match done.await {
        Ok(true) => page(
            StatusCode::OK,
            "<h1>已退订</h1><p>你不会再收到通知邮件。随时可以在通知设置里重新开启。</p>",
        ),
        Ok(false) => page(
            StatusCode::NOT_FOUND,
            "<h1>链接无效</h1><p>找不到这个退订链接。</p>",
        ),
        Err(e) => {
            tracing::warn!(target: "graphql_api::outbox", error = %e, "unsubscribe failed");
            page(StatusCode::SERVICE_UNAVAILABLE, "<h1>请稍后再试</h1>")
        }
    }
}
