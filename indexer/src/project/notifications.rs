//! Notifications and the moderation log, derived from the same logs as the rows they
//! describe and written into the same batch (so the same transaction, the same reorg
//! rollback, the same digest and audit).
//!
//! A notification is one row per recipient. One-off notices are keyed by the log that
//! caused them (`<block>.<log>.<kind>`); a post's likes share one row per post
//! (`like.post.<id>`) that each new like updates, so a recipient sees "3 people liked
//! …" once rather than three times. Nobody is told of their own action.
//!
//! The projections of each contract decide who is told what (`tasks.rs`, `posts.rs`,
//! …); this module writes the rows.

use super::{Projector, R};
use crate::model::{Key, MODERATION_ACTION, NOTIFICATION, Row, Val};
use read_model::{ModerationKind, NotificationKind, NotificationObject};

/// A notification's title holds at most this many characters (`VARCHAR(100)`).
const TITLE_CHARS: usize = 100;

/// The stored form of an object's name: its first [`TITLE_CHARS`] characters.
pub(super) fn title(s: &str) -> String {
    s.chars().take(TITLE_CHARS).collect()
}

/// The key of a post's batched likes notification for its author.
pub(super) fn like_key(author: &str, post_id: u64) -> Key {
    Key(vec![
        Val::S(author.to_owned()),
        Val::S(format!("like.post.{post_id}")),
    ])
}

/// What a notification says, before it is addressed.
#[derive(Debug, Clone)]
pub(super) struct Notice {
    kind: NotificationKind,
    actor: Option<String>,
    object: NotificationObject,
    object_id: u64,
    post_id: Option<u64>,
    task_id: Option<u64>,
    title: Option<String>,
    community_id: Option<u64>,
    amount: Option<String>,
    token: Option<String>,
}

impl Notice {
    /// A notice of `kind` about `object` number `object_id`.
    pub(super) fn new(kind: NotificationKind, object: NotificationObject, object_id: u64) -> Self {
        Self {
            kind,
            actor: None,
            object,
            object_id,
            post_id: None,
            task_id: None,
            title: None,
            community_id: None,
            amount: None,
            token: None,
        }
    }

    /// A notice about a task, from its (current) row.
    pub(super) fn task(kind: NotificationKind, task: &Row) -> Self {
        let id = task.u64("task_id");
        let mut n = Self::new(kind, NotificationObject::Task, id);
        n.task_id = Some(id);
        n.title = Some(title(task.str("task_name")));
        n.community_id = Some(task.u64("community_id"));
        n
    }

    /// A notice about a post, from its row.
    pub(super) fn post(kind: NotificationKind, post: &Row) -> Self {
        let id = post.u64("post_id");
        let mut n = Self::new(kind, NotificationObject::Post, id);
        n.post_id = Some(id);
        n.title = Some(title(post.str("post_title")));
        n.community_id = Some(post.u64("community_id"));
        n
    }

    /// A notice about a comment on a post or a task (`parent` is that row).
    pub(super) fn comment(kind: NotificationKind, comment_id: u64, parent: &Row) -> Self {
        let mut n = Self::new(kind, NotificationObject::Comment, comment_id);
        if parent.spec.name == "Task" {
            n.task_id = Some(parent.u64("task_id"));
            n.title = Some(title(parent.str("task_name")));
        } else {
            n.post_id = Some(parent.u64("post_id"));
            n.title = Some(title(parent.str("post_title")));
        }
        n.community_id = Some(parent.u64("community_id"));
        n
    }

    /// Who did it.
    pub(super) fn by(mut self, actor: impl Into<String>) -> Self {
        self.actor = Some(actor.into());
        self
    }

    /// Who did it, if anyone in particular.
    pub(super) fn by_opt(mut self, actor: Option<String>) -> Self {
        self.actor = actor;
        self
    }

    /// What it is called.
    pub(super) fn titled(mut self, t: &str) -> Self {
        self.title = Some(title(t));
        self
    }

    /// The community it happened in.
    pub(super) fn in_community(mut self, id: u64) -> Self {
        self.community_id = Some(id);
        self
    }

    /// An amount of a token (awarded points).
    pub(super) fn amount(mut self, amount: String, token: String) -> Self {
        self.amount = Some(amount);
        self.token = Some(token);
        self
    }

    fn fill(&self, row: &mut Row) {
        let opt_u = |v: Option<u64>| v.map_or(Val::Null, Val::U);
        let opt_s = |v: &Option<String>| v.clone().map_or(Val::Null, Val::S);
        row.set("kind", self.kind.label())
            .set("actor", opt_s(&self.actor))
            .set("object_type", self.object.label())
            .set("object_id", self.object_id)
            .set("post_id", opt_u(self.post_id))
            .set("task_id", opt_u(self.task_id))
            .set("title", opt_s(&self.title))
            .set("community_id", opt_u(self.community_id))
            .set("amount", opt_s(&self.amount))
            .set("token", opt_s(&self.token));
    }
}

impl Projector<'_> {
    /// Tells `recipient` (lowercase 0x hex) of `notice`, unless the recipient did it.
    pub(super) fn notify(&mut self, recipient: &str, notice: &Notice) {
        if notice.actor.as_deref() == Some(recipient) {
            return;
        }
        let ctx = &self.batch.ctx;
        let ref_key = format!(
            "{}.{}.{}",
            ctx.block_number,
            ctx.log_index,
            notice.kind.label()
        );
        let now = self.now();
        let mut row = Row::new(&NOTIFICATION);
        row.set("recipient", recipient)
            .set("ref_key", ref_key)
            .set("actor_count", 1u64)
            .set("created_at", now)
            .set("updated_at", now);
        notice.fill(&mut row);
        self.batch.put_new(row);
    }

    /// A like on `post` (its row after the like) by `liker`: its author's batched
    /// notification names the newest liker and counts everyone who likes the post.
    pub(super) async fn notify_like(&mut self, post: &Row, liker: &str) -> R<()> {
        let author = post.str("author").to_owned();
        if author == liker {
            return Ok(());
        }
        let key = like_key(&author, post.u64("post_id"));
        let now = self.now();
        let mut row = match self.get(&NOTIFICATION, key.clone()).await? {
            Some(r) => r,
            None => {
                let mut r = Row::new(&NOTIFICATION);
                r.set("recipient", author.as_str())
                    .set("ref_key", key.0[1].clone())
                    .set("created_at", now);
                r
            }
        };
        let notice = Notice::post(NotificationKind::PostLiked, post).by(liker);
        notice.fill(&mut row);
        row.set("actor_count", post.u64("like_count").max(1))
            .set("updated_at", now);
        self.batch.put(row);
        Ok(())
    }

    /// Records a moderation action in `community`'s public log.
    pub(super) fn moderation(
        &mut self,
        community: u64,
        kind: ModerationKind,
        moderator: &str,
        target_account: Option<&str>,
        target_id: Option<u64>,
        name: Option<&str>,
    ) {
        let action_id = self.dir.next_action;
        self.dir.next_action += 1;
        let mut row = Row::new(&MODERATION_ACTION);
        row.set("action_id", action_id)
            .set("community_id", community)
            .set("kind", kind.label())
            .set("moderator", moderator)
            .set(
                "target_account",
                target_account.map_or(Val::Null, |a| Val::S(a.to_owned())),
            )
            .set("target_id", target_id.map_or(Val::Null, Val::U))
            .set("title", name.map_or(Val::Null, |t| Val::S(title(t))))
            .set("created_at", self.now());
        self.batch.append(row);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_keep_their_first_hundred_characters() {
        let long = "任务".repeat(80);
        assert_eq!(title(&long).chars().count(), 100);
        assert_eq!(title("短"), "短");
    }

    #[test]
    fn likes_share_one_key_per_post_and_author() {
        assert_eq!(like_key("0xa", 7), like_key("0xa", 7));
        assert_ne!(like_key("0xa", 7), like_key("0xa", 8));
        assert_eq!(like_key("0xa", 7).0[1], Val::S("like.post.7".into()));
    }
}
