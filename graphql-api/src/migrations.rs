//! The API's own schema: the off-chain tables only it writes (`content`, `account`,
//! `auth_token`, `session`), in `graphql-api/migrations`. The chain-derived tables are
//! the read model's (`read_model::db::migrate`, run by `indexer migrate`). Both
//! migrators share `_sqlx_migrations`, each ignoring the other's versions.

use read_model::db::{Pool, run_migrations};
use sqlx::migrate::{MigrateError, Migrator};
use std::{borrow::Cow, sync::LazyLock};

/// The off-chain tables' migrations.
pub fn migrator() -> Migrator {
    let mut m = sqlx::migrate!("./migrations");
    m.set_ignore_missing(true);
    m
}

/// Applies the off-chain tables' migrations, safe against an earlier run killed midway
/// (see `read_model::db::run_migrations`). `graphql-api serve` runs it at start and
/// `graphql-api migrate` alone.
pub async fn migrate(pool: &Pool) -> Result<(), MigrateError> {
    run_migrations(pool, &migrator()).await
}

/// Both schemas, the read model's then the API's, as one migrator: for tests that
/// need a whole database (`#[sqlx::test(migrator = "graphql_api::migrations::ALL")]`).
pub static ALL: LazyLock<Migrator> = LazyLock::new(|| {
    let mut migrations = read_model::db::SCHEMA.migrations.to_vec();
    migrations.extend(migrator().migrations.iter().cloned());
    migrations.sort_by_key(|m| m.version);
    let mut all = Migrator {
        migrations: Cow::Owned(migrations),
        ..Migrator::DEFAULT
    };
    all.set_ignore_missing(true);
    all
});
