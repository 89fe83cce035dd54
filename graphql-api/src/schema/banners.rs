//! Home-page banners: presentation the system admin manages off chain (stored by
//! `crate::banners`), read by everyone. An image is a `media` hash from the content store.

use super::{
    content::parse_hash,
    context::{caller, caller_is_admin},
    types::int,
};
use crate::{
    banners::{self as store, MAX_BANNERS, Saved},
    error::{ApiResult, bad_input, forbidden, internal, not_found},
};
use async_graphql::{Context, InputObject, Object};
use sqlx::MySqlPool;
/// The longest title, in characters.
const MAX_TITLE: usize = 60;
/// The longest subtitle, in characters.
const MAX_SUBTITLE: usize = 120;
/// The longest link, in characters.
const MAX_LINK: usize = 200;

/// A home-page banner.
pub struct Banner(pub store::Banner);

/// A home-page banner.
#[Object]
impl Banner {
    /// Its id.
    async fn id(&self) -> u32 {
        self.0.id
    }
    /// The headline.
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// The line under it ('' for none).
    async fn subtitle(&self) -> &str {
        &self.0.subtitle
    }
    /// A picture: the hash of an image in the content store (`/media/<hash>`), or none.
    async fn image(&self) -> Option<&str> {
        self.0.image.as_deref()
    }
    /// Where a tap goes: an in-app path (`/community/1`) or an `https://` URL; '' for
    /// nowhere.
    async fn link(&self) -> &str {
        &self.0.link
    }
    /// Order on the page, smallest first.
    async fn position(&self) -> i32 {
        self.0.position
    }
    /// Shown on the home page.
    async fn active(&self) -> bool {
        self.0.active
    }
    /// Unix seconds of the last change.
    async fn updated_at(&self) -> i64 {
        int(self.0.updated_at)
    }
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
        let all = store::list(ctx.data_unchecked::<MySqlPool>(), include_inactive)
            .await
            .map_err(internal)?;
        Ok(all.into_iter().map(Banner).collect())
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
        if let Some(hash) = &image
            && !store::image_stored(pool, hash).await.map_err(internal)?
        {
            return Err(bad_input(format!(
                "no image {hash} in the content store; upload it first"
            )));
        }
        let fields = store::Fields {
            title: input.title.trim(),
            subtitle: &input.subtitle,
            image: image.as_deref(),
            link: input.link.trim(),
            position: input.position,
            active: input.active,
        };
        match store::save(pool, input.id, &fields, &who)
            .await
            .map_err(internal)?
        {
            Saved::Stored(b) => Ok(Banner(b)),
            Saved::NotFound => Err(not_found(format!(
                "no banner {}",
                input.id.unwrap_or_default()
            ))),
            Saved::Full => Err(bad_input(format!(
                "there are {MAX_BANNERS} banners already; delete one first"
            ))),
        }
    }

    /// Deletes a banner (`NOT_FOUND` when there is none).
    async fn delete_banner(&self, ctx: &Context<'_>, id: u32) -> ApiResult<bool> {
        admin_address(ctx).await?;
        if !store::delete(ctx.data_unchecked::<MySqlPool>(), id)
            .await
            .map_err(internal)?
        {
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
