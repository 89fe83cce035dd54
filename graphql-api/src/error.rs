//! Errors as clients see them: a message and a `code` extension. Internals (SQL,
//! connection failures) are logged and reach the client only as `INTERNAL`.

use async_graphql::ErrorExtensions;

/// An API error.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The request's arguments are invalid.
    #[error("{0}")]
    BadInput(String),
    /// The request needs a signed-in caller.
    #[error("{0}")]
    Unauthenticated(String),
    /// The caller may not see or do this.
    #[error("{0}")]
    Forbidden(String),
    /// The named object does not exist.
    #[error("{0}")]
    NotFound(String),
    /// Too many attempts; try again later.
    #[error("{0}")]
    RateLimited(String),
    /// The database failed (details are logged, not returned).
    #[error("internal error")]
    Internal(#[from] sqlx::Error),
    /// Something else failed inside the server (details are logged, not returned).
    #[error("internal error")]
    Other(String),
}

impl ApiError {
    /// The `code` extension.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::BadInput(_) => "BAD_INPUT",
            ApiError::Unauthenticated(_) => "UNAUTHENTICATED",
            ApiError::Forbidden(_) => "FORBIDDEN",
            ApiError::NotFound(_) => "NOT_FOUND",
            ApiError::RateLimited(_) => "RATE_LIMITED",
            ApiError::Internal(_) | ApiError::Other(_) => "INTERNAL",
        }
    }
}

impl ErrorExtensions for ApiError {
    fn extend(&self) -> async_graphql::Error {
        match self {
            ApiError::Internal(sqlx::Error::PoolTimedOut) => {
                crate::metrics::POOL_TIMEOUTS.inc();
                if let Some(suppressed) = crate::pool::POOL_TIMEOUT_LOG.allow() {
                    tracing::warn!(target: "graphql_api::pool", suppressed, "no database connection was free in time (the pool is exhausted); further ones are counted in api_db_pool_timeouts_total and logged once per interval");
                }
            }
            ApiError::Internal(e) => {
                tracing::error!(target: "graphql_api", error = %e, "database error")
            }
            ApiError::Other(e) => {
                tracing::error!(target: "graphql_api", error = %e, "internal error")
            }
            _ => {}
        }
        async_graphql::Error::new(self.to_string())
            .extend_with(|_, ext| ext.set("code", self.code()))
    }
}

impl ApiError {
    /// As a GraphQL error with its `code`.
    pub fn into_gql(self) -> async_graphql::Error {
        self.extend()
    }
}

/// The result of a resolver.
pub type ApiResult<T> = Result<T, async_graphql::Error>;

/// Shorthand for a `BAD_INPUT` error.
pub fn bad_input(msg: impl Into<String>) -> async_graphql::Error {
    ApiError::BadInput(msg.into()).extend()
}

/// Converts database errors at the resolver edge.
pub fn internal(e: sqlx::Error) -> async_graphql::Error {
    ApiError::Internal(e).extend()
}

/// Shorthand for an `UNAUTHENTICATED` error.
pub fn unauthenticated() -> async_graphql::Error {
    ApiError::Unauthenticated("sign in first (Authorization: Bearer <token>)".into()).extend()
}

/// Shorthand for a `FORBIDDEN` error.
pub fn forbidden(msg: impl Into<String>) -> async_graphql::Error {
    ApiError::Forbidden(msg.into()).extend()
}

/// Shorthand for a `NOT_FOUND` error.
pub fn not_found(msg: impl Into<String>) -> async_graphql::Error {
    ApiError::NotFound(msg.into()).extend()
}

/// Shorthand for a `RATE_LIMITED` error.
pub fn rate_limited(msg: impl Into<String>) -> async_graphql::Error {
    ApiError::RateLimited(msg.into()).extend()
}

/// Shorthand for an `INTERNAL` error whose cause is logged, not returned.
pub fn other(msg: impl std::fmt::Display) -> async_graphql::Error {
    ApiError::Other(msg.to_string()).extend()
}
