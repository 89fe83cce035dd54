//! The indexer and the API migrate the same database at the same time (the stack starts
//! them together). sqlx's lock does nothing on MariaDB (`GET_LOCK(…, -1)` answers NULL
//! at once), so `read_model::db::run_migrations` takes its own; without it one migrator
//! saw the other's migration half applied and refused to start.

use sqlx::MySqlPool;

async fn drop_everything(pool: &MySqlPool) {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT CAST(table_name AS CHAR) FROM information_schema.tables WHERE table_schema = DATABASE()",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    for t in tables {
        sqlx::query(&format!("DROP TABLE `{t}`"))
            .execute(pool)
            .await
            .unwrap();
    }
}

#[sqlx::test(migrations = false)]
async fn the_indexer_and_the_api_migrate_one_database_at_once(pool: MySqlPool) {
    for round in 0..4 {
        let (chain, api) = tokio::join!(
            read_model::db::migrate(&pool),
            graphql_api::migrations::migrate(&pool)
        );
        chain.unwrap_or_else(|e| panic!("round {round}: the indexer's migrations: {e}"));
        api.unwrap_or_else(|e| panic!("round {round}: the API's migrations: {e}"));
        let (applied, dirty): (i64, i64) = sqlx::query_as(
            "SELECT CAST(SUM(success = 1) AS SIGNED), CAST(SUM(success = 0) AS SIGNED) FROM _sqlx_migrations",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        let expected = (read_model::db::migrator().migrations.len()
            + graphql_api::migrations::migrator().migrations.len()) as i64;
        assert_eq!((applied, dirty), (expected, 0), "round {round}");
        // Both sets of tables are there.
        for table in ["Orders_history", "media", "banner", "content"] {
            let found: Option<String> = sqlx::query_scalar(
                "SELECT CAST(table_name AS CHAR) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?",
            )
            .bind(table)
            .fetch_optional(&pool)
            .await
            .unwrap();
            assert!(found.is_some(), "round {round}: {table} missing");
        }
        drop_everything(&pool).await;
    }
}
