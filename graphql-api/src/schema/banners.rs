//! Home-page banners: presentation the system admin manages off chain (`banner` table),
//! read by everyone. An image is a `media` hash from the content store.

use super::{
    content::parse_hash,
    context::{caller, caller_is_admin},
};
use crate::error::{ApiResult, bad_input, forbidden, internal, not_found};
use async_graphql::{Context, InputObject, Object, SimpleObject};
use sqlx::MySqlPool;

/// The most banners kept (active or not).
pub const MAX_BANNERS: i64 = 20;
/// The longest title, in characters.
const MAX_TITLE: usize = 60;
/// The longest subtitle, in characters.
const MAX_SUBTITLE: usize = 120;
/// The longest link, in characters.
const MAX_LINK: usize = 200;

/// A home-page banner.
#[derive(SimpleObject, sqlx::FromRow, Debug, Clone)]
pub struct Banner {
    /// Its id.
    pub id: u32,
    /// The headline.
    pub title: String,
    /// The line under it ('' for none).
    pub subtitle: String,
    /// A picture: the hash of an image in the content store (`/media/<hash>`), or none.
    pub image: Option<String>,
    /// Where a tap goes: an in-app path (`/community/1`) or an `https://` URL; '' for
    /// nowhere.
    pub link: String,
    /// Order on the page, smallest first.
    pub position: i32,
    /// Shown on the home page.
    pub active: bool,
    /// Unix seconds of the last change.
    pub updated_at: u64,
}

/// A banner to create (`id` null) or replace.
#[derive(InputObject, Debug)]
pub struct BannerInput {
    /// The banner to replace; null creates one.
    pub id: Option<u32>,
    /// The headline (1–60 characters).
    pub title: String,
    /// The line under it (at most 120 characters).
    #[graphql(default)]
    pub subtitle: String,
    /// An image's hash in the content store (upload it to `POST /media` first).
    pub image: Option<String>,
    /// An in-app path (`/…`) or an `https://` URL, at most 200 characters; '' for none.
    #[graphql(default)]
    pub link: String,
    /// Order on the page, smallest first (0–1000).
    #[graphql(default)]
    pub position: i32,
    /// Shown on the home page.
    #[graphql(default = true)]
    pub active: bool,
}

/// Why `input` cannot be stored, if it cannot (the image's existence aside).
pub fn check(input: &BannerInput) -> Result<(), String> {
    let title = input.title.trim();
    if title.is_empty() || title.chars().count() > MAX_TITLE {
        return Err(format!("a title has 1 to {MAX_TITLE} characters"));
    }
    if input.subtitle.chars().count() > MAX_SUBTITLE {
        return Err(format!("a subtitle has at most {MAX_SUBTITLE} characters"));
    }
    let link = input.link.trim();
    let in_app = link.starts_with('/') && !link.starts_with("//") && !link.contains('\\');
    let web = link.starts_with("https://") && link.len() > "https://".len();
    if !(link.is_empty() || in_app || web) {
        return Err("a link is an in-app path (/…) or an https:// URL".into());
    }
    if link.chars().count() > MAX_LINK || link.chars().any(char::is_control) {
        return Err(format!(
            "a link has at most {MAX_LINK} characters and no control characters"
        ));
    }
    if !(0..=1000).contains(&input.position) {
        return Err("position is between 0 and 1000".into());
    }
    if let Some(image) = &input.image {
        parse_hash(image)?;
    }
    Ok(())
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

/// The banner query.
#[derive(Default)]
pub struct BannerQuery;

#[Object]
impl BannerQuery {
    /// The home page's banners, in order. `includeInactive` (the system admin only) adds
    /// the hidden ones.
    async fn banners(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] include_inactive: bool,
    ) -> ApiResult<Vec<Banner>> {
        if include_inactive && !caller_is_admin(ctx).await? {
            return Err(forbidden("only the system admin sees hidden banners"));
        }
        list(ctx.data_unchecked::<MySqlPool>(), include_inactive)
            .await
            .map_err(internal)
    }
}

/// Banner changes (the system admin only).
#[derive(Default)]
pub struct BannerMutation;

async fn admin_address(ctx: &Context<'_>) -> ApiResult<String> {
    let who = caller(ctx)?.address.clone();
    if !caller_is_admin(ctx).await? {
        return Err(forbidden("only the system admin manages banners"));
    }
    Ok(who)
}

#[Object]
impl BannerMutation {
    /// Creates (`input.id` null) or replaces a home-page banner. Its image must be in
    /// the content store already. At most 20 banners are kept.
    async fn save_banner(&self, ctx: &Context<'_>, input: BannerInput) -> ApiResult<Banner> {
        let who = admin_address(ctx).await?;
        check(&input).map_err(bad_input)?;
        let pool = ctx.data_unchecked::<MySqlPool>();
        let image = input.image.as_deref().map(str::to_ascii_lowercase);
        if let Some(hash) = &image {
            let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM media WHERE hash = ?")
                .bind(hash)
                .fetch_optional(pool)
                .await
                .map_err(internal)?;
            if found.is_none() {
                return Err(bad_input(format!(
                    "no image {hash} in the content store; upload it first"
                )));
            }
        }
        let now = crate::auth::now();
        let (title, link) = (input.title.trim(), input.link.trim());
        let id = match input.id {
            Some(id) => {
                let done = sqlx::query(
                    "UPDATE banner SET title = ?, subtitle = ?, image = ?, link = ?, position = ?, \
                     active = ?, updated_by = ?, updated_at = ? WHERE id = ?",
                )
                .bind(title)
                .bind(&input.subtitle)
                .bind(&image)
                .bind(link)
                .bind(input.position)
                .bind(input.active)
                .bind(&who)
                .bind(now)
                .bind(id)
                .execute(pool)
                .await
                .map_err(internal)?;
                let exists: Option<i64> = sqlx::query_scalar("SELECT 1 FROM banner WHERE id = ?")
                    .bind(id)
                    .fetch_optional(pool)
                    .await
                    .map_err(internal)?;
                if done.rows_affected() == 0 && exists.is_none() {
                    return Err(not_found(format!("no banner {id}")));
                }
                id
            }
            None => {
                // The cap is checked inside the insert, so two admins' sessions racing
                // cannot pass it together.
                let done = sqlx::query(
                    "INSERT INTO banner (title, subtitle, image, link, position, active, updated_by, updated_at) \
                     SELECT ?, ?, ?, ?, ?, ?, ?, ? FROM DUAL \
                     WHERE (SELECT COUNT(*) FROM banner) < ?",
                )
                .bind(title)
                .bind(&input.subtitle)
                .bind(&image)
                .bind(link)
                .bind(input.position)
                .bind(input.active)
                .bind(&who)
                .bind(now)
                .bind(MAX_BANNERS)
                .execute(pool)
                .await
                .map_err(internal)?;
                if done.rows_affected() == 0 {
                    return Err(bad_input(format!(
                        "there are {MAX_BANNERS} banners already; delete one first"
                    )));
                }
                u32::try_from(done.last_insert_id()).map_err(|_| bad_input("banner id overflow"))?
            }
        };
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM banner WHERE id = ?"))
            .bind(id)
            .fetch_one(pool)
            .await
            .map_err(internal)
    }

    /// Deletes a banner (`NOT_FOUND` when there is none).
    async fn delete_banner(&self, ctx: &Context<'_>, id: u32) -> ApiResult<bool> {
        admin_address(ctx).await?;
        let done = sqlx::query("DELETE FROM banner WHERE id = ?")
            .bind(id)
            .execute(ctx.data_unchecked::<MySqlPool>())
            .await
            .map_err(internal)?;
        if done.rows_affected() == 0 {
            return Err(not_found(format!("no banner {id}")));
        }
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::{BannerInput, check};

    fn input(title: &str, link: &str) -> BannerInput {
        BannerInput {
            id: None,
            title: title.into(),
            subtitle: String::new(),
            image: None,
            link: link.into(),
            position: 0,
            active: true,
        }
    }

    #[test]
    fn links_stay_in_the_app_or_on_https() {
        assert!(check(&input("新赛季", "/community/1")).is_ok());
        assert!(check(&input("新赛季", "https://example.org/a")).is_ok());
        assert!(check(&input("新赛季", "")).is_ok());
        for bad in [
            "javascript:alert(1)",
            "//evil.example",
            "http://plain.example",
            "/\\evil",
            "data:text/html,x",
        ] {
            assert!(check(&input("新赛季", bad)).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn titles_and_positions_are_bounded() {
        assert!(check(&input("  ", "")).is_err());
        assert!(check(&input(&"长".repeat(61), "")).is_err());
        assert!(check(&input(&"长".repeat(60), "")).is_ok());
        let mut far = input("新赛季", "");
        far.position = 1001;
        assert!(check(&far).is_err());
        let mut bad_image = input("新赛季", "");
        bad_image.image = Some("/media/x.png".into());
        assert!(check(&bad_image).is_err());
    }
}
