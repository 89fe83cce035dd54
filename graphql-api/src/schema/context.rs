//! Request context helpers: the caller, rate limits, role checks.

use crate::{
    auth::{self, Auth, Caller, RequestInfo, limit::Rule},
    error::{ApiResult, internal, rate_limited, unauthenticated},
};
use async_graphql::Context;
use sqlx::MySqlPool;
use std::sync::Arc;

/// The request's origin (a loopback visitor when the router added none, as in
/// `Schema::execute` from tests).
/// Reading it makes the answer the caller's own (see `response_cache::scope`).
pub fn info<'a>(ctx: &'a Context<'_>) -> &'a RequestInfo {
    crate::response_cache::scope::read_caller(ctx);
    static NONE: std::sync::OnceLock<RequestInfo> = std::sync::OnceLock::new();
    ctx.data_opt::<RequestInfo>().unwrap_or_else(|| {
        NONE.get_or_init(|| RequestInfo {
            ip: std::net::IpAddr::from([127, 0, 0, 1]),
            caller: None,
            token_error: None,
        })
    })
}

/// The signed-in caller, or `UNAUTHENTICATED` (saying why a token was refused).
pub fn caller<'a>(ctx: &'a Context<'_>) -> ApiResult<&'a Caller> {
    let i = info(ctx);
    match (&i.caller, &i.token_error) {
        (Some(c), _) => Ok(c),
        (None, Some(why)) => Err(crate::error::ApiError::Unauthenticated(why.clone()).into_gql()),
        (None, None) => Err(unauthenticated()),
    }
}

/// The auth state.
pub fn auth<'a>(ctx: &'a Context<'_>) -> &'a Arc<Auth> {
    ctx.data_unchecked::<Arc<Auth>>()
}

/// Counts an attempt under `key`, `RATE_LIMITED` when over `rule`.
/// An answer that counted an attempt is never kept (each request must count).
pub fn limit(ctx: &Context<'_>, key: &str, rule: Rule) -> ApiResult<()> {
    crate::response_cache::scope::read_volatile(ctx);
    auth(ctx).limiter.hit(key, rule).map_err(|wait| {
        crate::metrics::RATE_LIMITED.inc();
        rate_limited(format!(
            "too many attempts; try again in {} s",
            wait.as_secs().max(1)
        ))
    })
}

/// Whether the caller (if any) is the system admin.
pub async fn caller_is_admin(ctx: &Context<'_>) -> ApiResult<bool> {
    match &info(ctx).caller {
        None => Ok(false),
        Some(c) => auth::is_system_admin(ctx.data_unchecked::<MySqlPool>(), &c.address)
            .await
            .map_err(internal),
    }
}
