//! The GraphQL schema: one object per domain, merged.
//!
//! One module per contract's domain, named after the contracts: `profiles`
//! (`Profiles`), `communities` (`Communities`), `points` (`CommunityPoints`), `posts`
//! (`Posts`: posts, likes, comments), `tasks` (`TaskMarket`), `mall` (`PointMall`: items,
//! orders, reviews), `exchange` (`PointExchange`: offers), `settings`; beside them the
//! off-chain `account`, `content` and `banners`, `notifications` (the chain's, for
//! their recipient, with off-chain read state, mail settings and blocks) and
//! `moderation` (reports, the queue, the chain's moderation log), and `search`, `live`
//! and `status`. Domain modules
//! import only `types`, `context`, `content`, `loaders` (which declares `User` and
//! `Community`, the objects every domain links to) and, without a circle, each other;
//! the test below checks that no schema module imports another in a circle.

pub mod account;
pub mod banners;
pub mod communities;
pub mod content;
pub mod context;
pub mod exchange;
pub mod live;
pub mod loaders;
pub mod mall;
pub mod moderation;
pub mod notifications;
pub mod points;
pub mod posts;
pub mod profiles;
pub mod relay;
pub mod search;
pub mod settings;
pub mod status;
pub mod tasks;
pub mod types;

use crate::{auth::Auth, limits::AliasLimit};
use async_graphql::{MergedObject, Schema, dataloader::DataLoader};
use sqlx::MySqlPool;
use std::sync::Arc;

/// Every query.
// In the order of `schema.graphql`'s `QueryRoot` (the SDL lists fields as merged).
#[derive(MergedObject, Default)]
pub struct QueryRoot(
    tasks::TaskQuery,
    communities::CommunityQuery,
    posts::PostQuery,
    mall::ItemQuery,
    exchange::OfferQuery,
    mall::OrderQuery,
    posts::CommentQuery,
    communities::MemberQuery,
    points::PointHistoryQuery,
    profiles::AdminQueueQuery,
    points::TokenQuery,
    settings::SettingQuery,
    profiles::UserQuery,
    account::AccountQuery,
    search::SearchQuery,
    content::ContentQuery,
    status::StatusQuery,
    banners::BannerQuery,
    notifications::NotificationQuery,
    moderation::ModerationQuery,
    relay::RelayQuery,
);

/// Every mutation: accounts, the content store, banners, and sponsored requests (chain
/// writes go to the wallet, or signed by it to the relayer).
#[derive(MergedObject, Default)]
pub struct MutationRoot(
    account::AccountMutation,
    content::ContentMutation,
    banners::BannerMutation,
    notifications::NotificationMutation,
    moderation::ModerationMutation,
    relay::RelayMutation,
);

/// The schema type.
pub type ApiSchema = Schema<QueryRoot, MutationRoot, live::SubscriptionRoot>;

/// Query depth and complexity limits (a client cannot make the server do unbounded work).
pub const MAX_DEPTH: usize = 12;
/// See [`MAX_DEPTH`].
pub const MAX_COMPLEXITY: usize = 2_000;

/// Builds the schema over `pool`.
pub fn build(
    pool: MySqlPool,
    auth: Arc<Auth>,
    live: crate::live::Live,
    relayer: relay::RelayerData,
) -> ApiSchema {
    Schema::build(
        QueryRoot::default(),
        MutationRoot::default(),
        live::SubscriptionRoot,
    )
    .data(DataLoader::new(
        loaders::CommunityLoader(pool.clone()),
        tokio::spawn,
    ))
    .data(DataLoader::new(
        loaders::UserLoader(pool.clone()),
        tokio::spawn,
    ))
    .data(DataLoader::new(
        content::ContentLoader(pool.clone()),
        tokio::spawn,
    ))
    .data(DataLoader::new(
        loaders::CommentCountLoader(pool.clone()),
        tokio::spawn,
    ))
    .data(DataLoader::new(
        tasks::ReleasedClaimersLoader(pool.clone()),
        tokio::spawn,
    ))
    .data(pool)
    .data(auth)
    .data(live)
    .data(relayer)
    .limit_depth(MAX_DEPTH)
    .limit_complexity(MAX_COMPLEXITY)
    .extension(AliasLimit(crate::limits::MAX_ALIASES))
    .extension(crate::limits::QueryCost)
    .extension(crate::response_cache::CacheScope)
    .finish()
}

/// The schema in SDL (the repository's `schema.graphql`).
pub fn sdl() -> String {
    Schema::build(
        QueryRoot::default(),
        MutationRoot::default(),
        live::SubscriptionRoot,
    )
    .finish()
    .sdl()
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    /// The schema modules each schema module imports (`super::x`, `crate::schema::x`,
    /// and the modules of a `use super::{x, y::…}` group), test modules left out.
    fn imports() -> BTreeMap<String, BTreeSet<String>> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/schema");
        let mut modules: BTreeMap<String, String> = BTreeMap::new();
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            if name != "mod" && path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                let code = text.split("#[cfg(test)]").next().unwrap_or_default();
                let code: String = code
                    .lines()
                    .map(|l| l.split("//").next().unwrap_or_default())
                    .collect::<Vec<_>>()
                    .join("\n");
                modules.insert(name, code);
            }
        }
        let names: BTreeSet<String> = modules.keys().cloned().collect();
        let mut graph = BTreeMap::new();
        for (name, code) in &modules {
            let mut uses = BTreeSet::new();
            for prefix in ["super::", "crate::schema::"] {
                for (i, _) in code.match_indices(prefix) {
                    let rest = &code[i + prefix.len()..];
                    if let Some(group) = rest.strip_prefix('{') {
                        // Top-level items of the group: `a::…`, `b`, `c::{…}`.
                        let mut depth = 0;
                        let mut item = String::new();
                        for c in group.chars() {
                            match c {
                                '{' => depth += 1,
                                '}' if depth == 0 => break,
                                '}' => depth -= 1,
                                _ => {}
                            }
                            if depth == 0 && c == ',' {
                                uses.insert(head(&item));
                                item.clear();
                            } else {
                                item.push(c);
                            }
                        }
                        uses.insert(head(&item));
                    } else {
                        uses.insert(head(rest));
                    }
                }
            }
            uses.retain(|u| names.contains(u) && u != name);
            graph.insert(name.clone(), uses);
        }
        graph
    }

    /// The first path segment of `item`.
    fn head(item: &str) -> String {
        item.trim()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    }

    #[test]
    fn no_schema_module_imports_another_in_a_circle() {
        let graph = imports();
        assert!(graph["posts"].contains("loaders") && graph["profiles"].contains("communities"));
        // Depth-first search for a back edge; the path names the circle.
        fn visit<'a>(
            m: &'a str,
            graph: &'a BTreeMap<String, BTreeSet<String>>,
            path: &mut Vec<&'a str>,
            done: &mut BTreeSet<&'a str>,
        ) {
            if done.contains(m) {
                return;
            }
            if let Some(i) = path.iter().position(|p| *p == m) {
                panic!("import cycle: {} -> {m}", path[i..].join(" -> "));
            }
            path.push(m);
            for next in &graph[m] {
                visit(next, graph, path, done);
            }
            path.pop();
            done.insert(m);
        }
        let mut done = BTreeSet::new();
        for m in graph.keys() {
            visit(m, &graph, &mut Vec::new(), &mut done);
        }
    }
}
