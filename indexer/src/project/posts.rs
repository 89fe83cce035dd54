//! `Posts`: posts, likes and comments.

use super::{
    Keys, Outcome, Projector, R, addr, hash, id,
    notifications::{Notice, like_key},
    pair, setting, u64_of,
};
use crate::{
    model::{COMMENT, Key, NOTIFICATION, POST, POST_LIKE, Row, TASK, Val},
    search,
    store::Batch,
};
use alloy::primitives::{Address, U256};
use bindings::{
    Contracts,
    Posts::{CommentCreated, CommentRemoved, PostsEvents as Po},
};
use read_model::{ModerationKind, NotificationKind as N};

/// The rows a `Posts` event reads.
pub(super) fn prefetch_keys(e: &Po, c: &Contracts) -> Keys {
    match e {
        Po::PostEdited(e) => vec![(&POST, id(e.postId))],
        Po::PostRemoved(e) => vec![(&POST, id(e.postId))],
        Po::PostLiked(e) => vec![
            (&POST, id(e.postId)),
            (&POST_LIKE, pair(e.postId, e.account)),
        ],
        Po::PostUnliked(e) => vec![
            (&POST, id(e.postId)),
            (&POST_LIKE, pair(e.postId, e.account)),
        ],
        Po::CommentCreated(e) if e.targetKind == 2 => vec![(&POST, id(e.targetId))],
        Po::CommentCreated(e) if e.targetKind == 0 => vec![(&TASK, id(e.targetId))],
        Po::CommentRemoved(e) => vec![(&COMMENT, id(e.commentId))],
        Po::Paused(_) | Po::Unpaused(_) => setting(c.Posts, "paused"),
        _ => vec![],
    }
}

/// The rows a `Posts` event reads that the first round named: a removed comment's post
/// or task, a liked post's batched notification.
pub(super) fn second_round_keys(e: &Po, batch: &Batch) -> Keys {
    match e {
        Po::CommentRemoved(e) => batch
            .peek(&COMMENT, &id(e.commentId))
            .and_then(|row| {
                let target = Key::id(row.u64("target_id"));
                match row.str("comment_object_type") {
                    "帖子" => Some(vec![(&POST, target)]),
                    "任务" => Some(vec![(&TASK, target)]),
                    _ => None,
                }
            })
            .unwrap_or_default(),
        Po::PostLiked(e) => batch
            .peek(&POST, &id(e.postId))
            .map(|post| {
                let key = like_key(post.str("author"), post.u64("post_id"));
                vec![(&NOTIFICATION, key)]
            })
            .unwrap_or_default(),
        _ => vec![],
    }
}

impl Projector<'_> {
    pub(super) async fn posts(&mut self, e: &Po, emitter: Address) -> R<Outcome> {
        match e {
            Po::PostCreated(e) => {
                let mut row = Row::new(&POST);
                row.set("post_id", u64_of(e.postId))
                    .set("post_title", e.title.as_str())
                    .set("search_terms", search::terms(&e.title))
                    .set("post_time", self.now())
                    .set("publisher_id", self.dir.user(e.author))
                    .set("community_id", u64_of(e.communityId))
                    .set("author", addr(e.author))
                    .set("content_hash", hash(e.contentHash))
                    .set("removed", false)
                    .set("pinned", false)
                    .set("like_count", 0u64)
                    .set("comment_count", 0u64)
                    .set("created_at", self.now())
                    .set("edited_at", Val::Null);
                self.batch.put(row);
            }
            Po::PostEdited(e) => {
                let mut row = found!(self.must(&POST, id(e.postId)));
                row.set("content_hash", hash(e.contentHash))
                    .set("edited_at", self.now());
                self.batch.put(row);
            }
            Po::PostRemoved(e) => {
                let mut row = found!(self.must(&POST, id(e.postId)));
                row.set("removed", true);
                self.batch.put(row.clone());
                let (by, author) = (addr(e.by), row.str("author").to_owned());
                if by != author {
                    let (community, title) = (row.u64("community_id"), row.str("post_title"));
                    let kind = ModerationKind::PostRemoved;
                    self.moderation(
                        community,
                        kind,
                        &by,
                        Some(&author),
                        Some(row.u64("post_id")),
                        Some(title),
                    );
                    self.notify(&author, &Notice::post(N::PostRemoved, &row).by(by));
                }
            }
            Po::PostLiked(e) => return self.like(e.postId, e.account, true).await,
            Po::PostUnliked(e) => return self.like(e.postId, e.account, false).await,
            Po::CommentCreated(e) => return self.comment_created(e).await,
            Po::CommentRemoved(e) => return self.comment_removed(e).await,
            Po::Paused(_) => return self.paused(emitter, true).await,
            Po::Unpaused(_) => return self.paused(emitter, false).await,
        }
        Ok(Outcome::Applied)
    }

    async fn like(&mut self, post_id: U256, account: Address, liked: bool) -> R<Outcome> {
        let mut post = found!(self.must(&POST, id(post_id)));
        let n = post.u64("like_count");
        post.set(
            "like_count",
            if liked { n + 1 } else { n.saturating_sub(1) },
        );
        self.batch.put(post.clone());
        let mut row = self
            .get(&POST_LIKE, pair(post_id, account))
            .await?
            .unwrap_or_else(|| Row::new(&POST_LIKE));
        row.set("post_id", u64_of(post_id))
            .set("account", addr(account))
            .set("liked", liked);
        self.batch.put(row);
        if liked {
            self.notify_like(&post, &addr(account)).await?;
        }
        Ok(Outcome::Applied)
    }

    async fn comment_created(&mut self, e: &CommentCreated) -> R<Outcome> {
        let kind = match e.targetKind {
            0 => "任务",
            1 => "社区",
            2 => "帖子",
            k => return Ok(Outcome::Skipped(format!("comment target kind {k}"))),
        };
        // The post first: a comment on a post the read model lacks writes nothing.
        let post = if e.targetKind == 2 {
            Some(found!(self.must(&POST, id(e.targetId))))
        } else {
            None
        };
        let task = if e.targetKind == 0 {
            self.get(&TASK, id(e.targetId)).await?
        } else {
            None
        };
        let (author, comment_id) = (addr(e.author), u64_of(e.commentId).unwrap_or(u64::MAX));
        if let Some(p) = &post {
            let notice = Notice::comment(N::PostCommented, comment_id, p).by(author.as_str());
            self.notify(p.str("author"), &notice);
        }
        if let Some(t) = &task {
            let notice = Notice::comment(N::TaskCommented, comment_id, t).by(author.as_str());
            self.notify(t.str("publisher"), &notice);
        }
        let mut row = Row::new(&COMMENT);
        row.set("comment_id", u64_of(e.commentId))
            .set("user_id", self.dir.user(e.author))
            .set("comment_time", self.now())
            .set("comment_object_type", kind)
            .set("target_id", u64_of(e.targetId))
            .set("author", addr(e.author))
            .set("content_hash", hash(e.contentHash))
            .set("created_at", self.now())
            .set("removed", false)
            .set("removed_by", Val::Null);
        self.batch.put(row);
        if let Some(mut post) = post {
            let n = post.u64("comment_count") + 1;
            post.set("comment_count", n);
            self.batch.put(post);
        }
        Ok(Outcome::Applied)
    }

    async fn comment_removed(&mut self, e: &CommentRemoved) -> R<Outcome> {
        let mut row = found!(self.must(&COMMENT, id(e.commentId)));
        let target = Key::id(row.u64("target_id"));
        let parent = match row.str("comment_object_type") {
            "帖子" => Some(found!(self.must(&POST, target))),
            "任务" => self.get(&TASK, target).await?,
            _ => None,
        };
        let was_visible = row.get("removed") != &Val::B(true);
        let (by, author) = (addr(e.by), row.str("author").to_owned());
        row.set("removed", true).set("removed_by", by.as_str());
        self.batch.put(row.clone());
        // A post counts its visible comments.
        if let Some(post) = parent.as_ref().filter(|p| p.spec.name == "Post")
            && was_visible
        {
            let mut post = post.clone();
            let n = post.u64("comment_count").saturating_sub(1);
            post.set("comment_count", n);
            self.batch.put(post);
        }
        if by != author && was_visible {
            let comment_id = row.u64("comment_id");
            let community = match &parent {
                Some(p) => p.u64("community_id"),
                None => row.u64("target_id"),
            };
            let title = parent.as_ref().map(|p| match p.spec.name {
                "Post" => p.str("post_title").to_owned(),
                _ => p.str("task_name").to_owned(),
            });
            let kind = ModerationKind::CommentRemoved;
            self.moderation(
                community,
                kind,
                &by,
                Some(&author),
                Some(comment_id),
                title.as_deref(),
            );
            let notice = match &parent {
                Some(p) => Notice::comment(N::CommentRemoved, comment_id, p),
                None => Notice::new(
                    N::CommentRemoved,
                    read_model::NotificationObject::Comment,
                    comment_id,
                )
                .in_community(community),
            };
            self.notify(&author, &notice.by(by));
        }
        Ok(Outcome::Applied)
    }
}
