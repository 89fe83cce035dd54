//! Errors as clients see them: a message and a `code` extension. Internals (SQL,
//! connection failures) are logged and reach the client only as `INTERNAL`.

use async_graphql::ErrorExtensions;

/// An API error.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The request's arguments are invalid.
    #[error("{0}")]
    BadInput(String),
    /// The database failed (details are logged, not returned).
    #[error("internal error")]
    Internal(#[from] sqlx::Error),
}

impl ApiError {
    /// The `code` extension.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::BadInput(_) => "BAD_INPUT",
            ApiError::Internal(_) => "INTERNAL",
        }
    }
}

impl ErrorExtensions for ApiError {
    fn extend(&self) -> async_graphql::Error {
        if let ApiError::Internal(e) = self {
            tracing::error!(target: "graphql_api", error = %e, "database error");
        }
        async_graphql::Error::new(self.to_string())
            .extend_with(|_, ext| ext.set("code", self.code()))
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
