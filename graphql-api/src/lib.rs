//! The GraphQL API over the MySQL read model. It reads MySQL, never the chain: the
//! indexer keeps the read model faithful to the contracts.

pub mod config;
pub mod error;
pub mod repo;
pub mod schema;

use async_graphql_axum::GraphQL;
use axum::{
    Json, Router,
    extract::State,
    http::StatusCode,
    response::IntoResponse,
    routing::{get, post_service},
};
use sqlx::MySqlPool;

async fn healthz(State(pool): State<MySqlPool>) -> impl IntoResponse {
    match sqlx::query("SELECT 1").execute(&pool).await {
        Ok(_) => (StatusCode::OK, Json(serde_json::json!({"status": "ok"}))),
        Err(e) => {
            tracing::warn!(target: "graphql_api", error = %e, "database unreachable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(serde_json::json!({"status": "degraded", "error": "database unreachable"})),
            )
        }
    }
}

/// The HTTP application: `POST /graphql` and `GET /healthz`.
pub fn app(pool: MySqlPool) -> Router {
    let schema = schema::build(pool.clone());
    Router::new()
        .route("/graphql", post_service(GraphQL::new(schema)))
        .route("/healthz", get(healthz))
        .with_state(pool)
}
