//! Home-page banners (`banner` table): presentation the system admin manages off chain.
//! Storage only; who may change them and what is valid is `schema::banners`.

use sqlx::MySqlPool;

/// The most banners kept (active or not).
pub const MAX_BANNERS: i64 = 20;

/// A stored banner.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Banner {
    /// Its id.
    pub id: u32,
    /// The headline.
    pub title: String,
    /// The line under it.
    pub subtitle: String,
    /// A `media` hash.
    pub image: Option<String>,
    /// An in-app path or an https URL ('' for none).
    pub link: String,
    /// Order on the page, smallest first.
    pub position: i32,
    /// Shown on the home page.
    pub active: bool,
    /// Unix seconds of the last change.
    pub updated_at: u64,
}

/// What a save writes (checked by the caller).
#[derive(Debug)]
pub struct Fields<'a> {
    /// The headline.
    pub title: &'a str,
    /// The line under it.
    pub subtitle: &'a str,
    /// A `media` hash (lowercase).
    pub image: Option<&'a str>,
    /// Where a tap goes.
    pub link: &'a str,
    /// Order on the page.
    pub position: i32,
    /// Shown on the home page.
    pub active: bool,
}

/// What [`save`] did.
#[derive(Debug)]
pub enum Saved {
    /// Stored; the banner as it is now.
    Stored(Banner),
    /// There is no banner with that id.
    NotFound,
    /// [`MAX_BANNERS`] exist already.
    Full,
}

const COLUMNS: &str = "id, title, subtitle, image, link, position, active, updated_at";

/// The banners, smallest position first (only active ones unless `all`).
pub async fn list(pool: &MySqlPool, all: bool) -> Result<Vec<Banner>, sqlx::Error> {
    let filter = if all { "" } else { "WHERE active = 1" };
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM banner {filter} ORDER BY position, id LIMIT {MAX_BANNERS}"
    ))
    .fetch_all(pool)
    .await
}

/// Whether the content store holds image `hash`.
pub async fn image_stored(pool: &MySqlPool, hash: &str) -> Result<bool, sqlx::Error> {
    let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM media WHERE hash = ?")
        .bind(hash)
        .fetch_optional(pool)
        .await?;
    Ok(found.is_some())
}

/// Replaces banner `id`, or creates one (`id` None) while fewer than [`MAX_BANNERS`]
/// exist; `by` is the admin's address.
pub async fn save(
    pool: &MySqlPool,
    id: Option<u32>,
    f: &Fields<'_>,
    by: &str,
) -> Result<Saved, sqlx::Error> {
    let now = crate::auth::now();
    // One statement each way, the same values in the same order.
    let sql = match id {
        Some(_) => {
            "UPDATE banner SET title = ?, subtitle = ?, image = ?, link = ?, position = ?, \
             active = ?, updated_by = ?, updated_at = ? WHERE id = ?"
        }
        // The cap is counted inside the insert itself, not read beforehand.
        None => {
            "INSERT INTO banner (title, subtitle, image, link, position, active, updated_by, updated_at) \
             SELECT ?, ?, ?, ?, ?, ?, ?, ? FROM DUAL WHERE (SELECT COUNT(*) FROM banner) < ?"
        }
    };
    let q = sqlx::query(sql)
        .bind(f.title)
        .bind(f.subtitle)
        .bind(f.image)
        .bind(f.link)
        .bind(f.position)
        .bind(f.active)
        .bind(by)
        .bind(now);
    let q = match id {
        Some(id) => q.bind(id),
        None => q.bind(MAX_BANNERS),
    };
    let done = q.execute(pool).await?;
    let id = match id {
        Some(id) => id,
        None if done.rows_affected() == 0 => return Ok(Saved::Full),
        None => u32::try_from(done.last_insert_id()).map_err(|e| sqlx::Error::Decode(e.into()))?,
    };
    let banner: Option<Banner> =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM banner WHERE id = ?"))
            .bind(id)
            .fetch_optional(pool)
            .await?;
    Ok(banner.map_or(Saved::NotFound, Saved::Stored))
}

/// Deletes banner `id`; whether there was one.
pub async fn delete(pool: &MySqlPool, id: u32) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM banner WHERE id = ?")
        .bind(id)
        .execute(pool)
        .await?;
    Ok(done.rows_affected() > 0)
}
