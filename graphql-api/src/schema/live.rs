//! Subscriptions (`/graphql/ws`, graphql-transport-ws or graphql-ws): pushed within a
//! poll interval of the indexer committing a block.

use super::{
    context::caller, notifications::Notification, posts::Post, tasks::Task, types::parse_id,
};
use crate::{
    error::{ApiResult, internal},
    live::{Event, Live},
    notifications as store, repo,
};
use async_graphql::{Context, SimpleObject, Subscription};
use futures_util::{Stream, StreamExt as _, stream::BoxStream};
use sqlx::MySqlPool;
use tokio_stream::wrappers::BroadcastStream;

/// A block the indexer committed.
#[derive(SimpleObject, Clone)]
pub struct BlockIndexed {
    /// Its number.
    pub number: i64,
    /// Its hash.
    pub hash: String,
    /// The read model's digest after it.
    pub state_digest: String,
}

fn events(ctx: &Context<'_>) -> impl Stream<Item = Event> + use<> {
    let live = ctx.data_unchecked::<Live>();
    // A subscriber that falls more than the channel's capacity behind skips ahead.
    BroadcastStream::new(live.subscribe()).filter_map(|e| async move { e.ok() })
}

/// Every subscription.
#[derive(Default)]
pub struct SubscriptionRoot;

#[Subscription]
impl SubscriptionRoot {
    /// A relayed request now and at each change of its status, until it is MINED or
    /// FAILED.
    async fn relay_request_updated(
        &self,
        ctx: &Context<'_>,
        id: async_graphql::ID,
    ) -> BoxStream<'static, ApiResult<super::relay::RelayRequest>> {
        super::relay::follow(ctx, id)
    }

    /// The task, each time a block changes it.
    async fn task_changed(
        &self,
        ctx: &Context<'_>,
        id: String,
    ) -> BoxStream<'static, ApiResult<Task>> {
        let id = match parse_id(&id) {
            Ok(id) => id,
            Err(e) => return futures_util::stream::once(async move { Err(e) }).boxed(),
        };
        let pool = ctx.data_unchecked::<MySqlPool>().clone();
        events(ctx)
            .filter(move |e| std::future::ready(*e == Event::Task(id)))
            .then(move |_| {
                let pool = pool.clone();
                async move {
                    repo::task(&pool, id, None)
                        .await
                        .map_err(internal)?
                        .map(Task)
                        .ok_or_else(|| crate::error::not_found("the task is gone (reorg)"))
                }
            })
            .boxed()
    }

    /// Each new post (of one community if given).
    async fn post_created(
        &self,
        ctx: &Context<'_>,
        community_id: Option<String>,
    ) -> BoxStream<'static, ApiResult<Post>> {
        let community = match community_id.as_deref().map(parse_id).transpose() {
            Ok(c) => c,
            Err(e) => return futures_util::stream::once(async move { Err(e) }).boxed(),
        };
        let pool = ctx.data_unchecked::<MySqlPool>().clone();
        events(ctx)
            .filter_map(move |e| {
                std::future::ready(match e {
                    Event::Post { id, community_id }
                        if community.is_none_or(|c| c == community_id) =>
                    {
                        Some(id)
                    }
                    _ => None,
                })
            })
            .then(move |id| {
                let pool = pool.clone();
                async move {
                    repo::post(&pool, id, None)
                        .await
                        .map_err(internal)?
                        .map(Post)
                        .ok_or_else(|| crate::error::not_found("the post is gone (reorg)"))
                }
            })
            .boxed()
    }

    /// The signed-in socket's own notifications as they are added (and a batched one
    /// again each time it grows). Needs a socket signed in with a token; delivers only
    /// to the notification's recipient, never from a blocked player.
    async fn notification_added(
        &self,
        ctx: &Context<'_>,
    ) -> BoxStream<'static, ApiResult<Notification>> {
        let me = match caller(ctx) {
            Ok(c) => c.address.clone(),
            Err(e) => return futures_util::stream::once(async move { Err(e) }).boxed(),
        };
        let pool = ctx.data_unchecked::<MySqlPool>().clone();
        let mine = me.clone();
        events(ctx)
            .filter_map(move |e| {
                std::future::ready(match e {
                    Event::Notification { recipient, ref_key } if recipient == mine => {
                        Some(ref_key)
                    }
                    _ => None,
                })
            })
            .filter_map(move |id| {
                let (pool, me) = (pool.clone(), me.clone());
                async move {
                    let found = async {
                        let Some(row) = store::one(&pool, &me, &id).await? else {
                            return Ok(None);
                        };
                        let blocked = store::blocked_addresses(&pool, &me).await?;
                        if row.actor.as_ref().is_some_and(|a| blocked.contains(a)) {
                            return Ok(None);
                        }
                        let mark = store::read_mark(&pool, &me).await?;
                        Ok(Some(Notification::new(row, mark)))
                    };
                    // Gone (a reorg) or from a blocked player: nothing to push.
                    found.await.map_err(internal).transpose()
                }
            })
            .boxed()
    }

    /// Each block the indexer commits.
    async fn block_indexed(&self, ctx: &Context<'_>) -> impl Stream<Item = BlockIndexed> + use<> {
        events(ctx).filter_map(|e| {
            std::future::ready(match e {
                Event::Block {
                    number,
                    hash,
                    state_digest,
                } => Some(BlockIndexed {
                    number: number as i64,
                    hash,
                    state_digest,
                }),
                _ => None,
            })
        })
    }
}
