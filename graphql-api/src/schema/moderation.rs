//! Reports, the moderation queue and the moderation log.
//!
//! - Anyone signed in reports a post, comment, task, item or player (`createReport`):
//!   one open report per reporter and object, 10 per 10 minutes.
//! - A community's admins see the reports about its content (`moderationQueue`); the
//!   system admin sees all. They act on chain from their wallets (remove, ban), which
//!   resolves the report once indexed, or dismiss it here with a note.
//! - Reporters see their own reports (`myReports`); nobody else's.
//! - The moderation log (`moderationLog`) is public and chain-derived.

use super::{
    content::Document,
    context::{caller, caller_is_admin, limit},
    loaders::{Community, User, community, user},
    types::{Source, Total, connection, int, page, parse_address, parse_id},
};
use crate::{
    auth::{self, limit::Rule},
    error::{ApiResult, bad_input, forbidden, internal, not_found, other},
    reports::{self as store, Created, NewReport, Scope, Target},
};
use async_graphql::{
    Context, Enum, Object,
    connection::{Connection, EmptyFields},
};
use read_model::ModerationActionRow;
use sqlx::MySqlPool;

/// The longest report note or dismissal note, in characters.
const MAX_NOTE: usize = 500;

/// Reports one account may make: 10 per 10 minutes.
const REPORT_RULE: Rule = Rule::per(10, 600);

/// What a report is about.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum ReportTarget {
    /// A post (`targetId`: its id).
    Post,
    /// A comment (its id).
    Comment,
    /// A task (its id).
    Task,
    /// A mall item (its id).
    Item,
    /// A player (their address).
    User,
}

impl From<ReportTarget> for Target {
    fn from(t: ReportTarget) -> Self {
        match t {
            ReportTarget::Post => Target::Post,
            ReportTarget::Comment => Target::Comment,
            ReportTarget::Task => Target::Task,
            ReportTarget::Item => Target::Item,
            ReportTarget::User => Target::User,
        }
    }
}

impl From<Target> for ReportTarget {
    fn from(t: Target) -> Self {
        match t {
            Target::Post => ReportTarget::Post,
            Target::Comment => ReportTarget::Comment,
            Target::Task => ReportTarget::Task,
            Target::Item => ReportTarget::Item,
            Target::User => ReportTarget::User,
        }
    }
}

/// Why.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum ReportReason {
    /// 垃圾广告.
    Spam,
    /// 辱骂骚扰.
    Abuse,
    /// 外挂作弊.
    Cheating,
    /// 诈骗.
    Scam,
    /// 违法违规.
    Illegal,
    /// 其他.
    Other,
}

impl ReportReason {
    const ALL: [ReportReason; 6] = [
        ReportReason::Spam,
        ReportReason::Abuse,
        ReportReason::Cheating,
        ReportReason::Scam,
        ReportReason::Illegal,
        ReportReason::Other,
    ];

    fn label(self) -> &'static str {
        match self {
            ReportReason::Spam => "spam",
            ReportReason::Abuse => "abuse",
            ReportReason::Cheating => "cheating",
            ReportReason::Scam => "scam",
            ReportReason::Illegal => "illegal",
            ReportReason::Other => "other",
        }
    }

    fn from_label(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.label() == s)
    }
}

/// Where a report stands.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
pub enum ReportStatus {
    /// Waiting for a moderator.
    Open,
    /// The chain shows it handled: the object removed or its author banned.
    Actioned,
    /// A moderator dismissed it with a note.
    Dismissed,
}

impl ReportStatus {
    fn label(self) -> &'static str {
        match self {
            ReportStatus::Open => "open",
            ReportStatus::Actioned => "actioned",
            ReportStatus::Dismissed => "dismissed",
        }
    }
}

/// A report.
pub struct Report(store::Report);

/// A report.
#[Object]
impl Report {
    /// Its id.
    async fn id(&self) -> i64 {
        int(self.0.id)
    }
    /// What it is about.
    async fn target(&self) -> ApiResult<ReportTarget> {
        Target::from_label(&self.0.target)
            .map(Into::into)
            .ok_or_else(|| other(format!("unknown report target {:?}", self.0.target)))
    }
    /// The object's id, or the player's address.
    async fn target_id(&self) -> &str {
        &self.0.target_id
    }
    /// The community the object belongs to.
    async fn community_id(&self) -> Option<String> {
        self.0.community_id.map(|c| c.to_string())
    }
    /// That community.
    async fn community(&self, ctx: &Context<'_>) -> ApiResult<Option<Community>> {
        match self.0.community_id {
            Some(c) => community(ctx, c).await,
            None => Ok(None),
        }
    }
    /// Why.
    async fn reason(&self) -> ApiResult<ReportReason> {
        ReportReason::from_label(&self.0.reason)
            .ok_or_else(|| other(format!("unknown report reason {:?}", self.0.reason)))
    }
    /// The reporter's note.
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
    /// Who reported.
    async fn reporter(&self) -> &str {
        &self.0.reporter
    }
    /// The reporter's profile.
    async fn reporter_user(&self, ctx: &Context<'_>) -> ApiResult<Option<User>> {
        user(ctx, &self.0.reporter).await
    }
    /// The object's title or name (a comment's post or task title; a player's username).
    async fn target_title(&self) -> Option<&str> {
        self.0.target_title.as_deref()
    }
    /// What the reported post or comment says (its body document), so a moderator reads
    /// it in the queue.
    async fn target_content(&self, ctx: &Context<'_>) -> ApiResult<Option<Document>> {
        match &self.0.target_content {
            Some(hash) => Document::load(ctx, hash).await.map(Some),
            None => Ok(None),
        }
    }
    /// The object's author, publisher or lister; the player for a player.
    async fn target_author(&self) -> Option<&str> {
        self.0.target_author.as_deref()
    }
    /// Their profile.
    async fn target_author_user(&self, ctx: &Context<'_>) -> ApiResult<Option<User>> {
        match &self.0.target_author {
            Some(a) => user(ctx, a).await,
            None => Ok(None),
        }
    }
    /// The post (for a post, or a comment on one).
    async fn post_id(&self) -> Option<String> {
        match (self.0.target.as_str(), self.0.parent_type.as_deref()) {
            ("post", _) => Some(self.0.target_id.clone()),
            ("comment", Some("帖子")) => self.0.parent_id.map(|p| p.to_string()),
            _ => None,
        }
    }
    /// The task (for a task, or a comment on one).
    async fn task_id(&self) -> Option<String> {
        match (self.0.target.as_str(), self.0.parent_type.as_deref()) {
            ("task", _) => Some(self.0.target_id.clone()),
            ("comment", Some("任务")) => self.0.parent_id.map(|p| p.to_string()),
            _ => None,
        }
    }
    /// Where it stands (`ACTIONED` when the chain shows it handled).
    async fn status(&self) -> ReportStatus {
        match self.0.status.as_str() {
            "dismissed" => ReportStatus::Dismissed,
            "actioned" => ReportStatus::Actioned,
            _ => ReportStatus::Open,
        }
    }
    /// Unix seconds.
    async fn created_at(&self) -> i64 {
        int(self.0.created_at)
    }
    /// When it was dismissed, or when the moderation that handled it happened.
    async fn resolved_at(&self, ctx: &Context<'_>) -> ApiResult<Option<i64>> {
        if let Some(t) = self.0.dismissed_at {
            return Ok(Some(int(t)));
        }
        if self.0.status != "actioned" {
            return Ok(None);
        }
        Ok(self.action_row(ctx).await?.map(|a| int(a.created_at)))
    }
    /// The moderator who dismissed it.
    async fn resolved_by(&self) -> Option<&str> {
        self.0.dismissed_by.as_deref()
    }
    /// The moderator's note on dismissing it.
    async fn resolution_note(&self) -> Option<&str> {
        self.0.dismiss_note.as_deref()
    }
    /// The on-chain moderation that handled it (a removal, a ban), if one did.
    async fn action(&self, ctx: &Context<'_>) -> ApiResult<Option<ModerationAction>> {
        if self.0.status != "actioned" {
            return Ok(None);
        }
        Ok(self.action_row(ctx).await?.map(ModerationAction))
    }
}

impl Report {
    async fn action_row(&self, ctx: &Context<'_>) -> ApiResult<Option<ModerationActionRow>> {
        store::action_on(ctx.data_unchecked::<MySqlPool>(), &self.0)
            .await
            .map_err(internal)
    }
}

/// What a moderator did.
#[derive(Enum, Copy, Clone, Eq, PartialEq, Debug)]
#[graphql(remote = "read_model::ModerationKind")]
pub enum ModerationKind {
    /// Removed someone's post.
    PostRemoved,
    /// Removed someone's comment.
    CommentRemoved,
    /// Banned a member.
    MemberBanned,
    /// Lifted a ban.
    MemberUnbanned,
    /// Made someone an admin.
    AdminGranted,
    /// Took someone's admin rights.
    AdminRevoked,
    /// Pinned a post.
    PostPinned,
    /// Unpinned a post.
    PostUnpinned,
}

/// An entry of a community's moderation log (chain-derived).
pub struct ModerationAction(ModerationActionRow);

/// An entry of a community's moderation log (chain-derived).
#[Object]
impl ModerationAction {
    /// Its id.
    async fn id(&self) -> String {
        self.0.action_id.to_string()
    }
    /// What was done.
    async fn kind(&self) -> ApiResult<ModerationKind> {
        read_model::ModerationKind::from_label(&self.0.kind)
            .map(Into::into)
            .ok_or_else(|| other(format!("unknown moderation kind {:?}", self.0.kind)))
    }
    /// The community.
    async fn community_id(&self) -> String {
        self.0.community_id.to_string()
    }
    /// Who did it.
    async fn moderator(&self) -> &str {
        &self.0.moderator
    }
    /// Their profile.
    async fn moderator_user(&self, ctx: &Context<'_>) -> ApiResult<Option<User>> {
        user(ctx, &self.0.moderator).await
    }
    /// The author or member it concerned.
    async fn target_account(&self) -> Option<&str> {
        self.0.target_account.as_deref()
    }
    /// Their profile.
    async fn target_account_user(&self, ctx: &Context<'_>) -> ApiResult<Option<User>> {
        match &self.0.target_account {
            Some(a) => user(ctx, a).await,
            None => Ok(None),
        }
    }
    /// The post or comment (none for a member).
    async fn target_id(&self) -> Option<String> {
        self.0.target_id.map(|t| t.to_string())
    }
    /// The post's title (or a removed comment's post or task title).
    async fn title(&self) -> Option<&str> {
        self.0.title.as_deref()
    }
    /// Unix seconds (block time).
    async fn created_at(&self) -> i64 {
        int(self.0.created_at)
    }
    /// The transaction (look it up on a block explorer).
    async fn source(&self) -> Source {
        Source::of(&self.0)
    }
}

fn pool<'a>(ctx: &'a Context<'_>) -> &'a MySqlPool {
    ctx.data_unchecked::<MySqlPool>()
}

/// Whether the caller may handle reports about `community` (its admin, or the system
/// admin); `FORBIDDEN` otherwise.
async fn may_moderate(ctx: &Context<'_>, community: Option<u64>) -> ApiResult<()> {
    let me = &caller(ctx)?.address;
    if caller_is_admin(ctx).await? {
        return Ok(());
    }
    if let Some(c) = community
        && auth::is_community_admin(pool(ctx), c, me)
            .await
            .map_err(internal)?
    {
        return Ok(());
    }
    Err(forbidden(
        "only the community's admins and the system admin handle its reports",
    ))
}

/// A `BAD_INPUT` refusal with a `reason` extension a client can branch on.
fn refused(reason: &'static str, msg: &str) -> async_graphql::Error {
    use async_graphql::ErrorExtensions as _;
    bad_input(msg).extend_with(|_, ext| ext.set("reason", reason))
}

/// A note as stored: trimmed, at most [`MAX_NOTE`] characters, no control characters
/// but line breaks.
fn clean_note(note: &str) -> ApiResult<String> {
    let note = note.trim();
    if note.chars().count() > MAX_NOTE {
        return Err(bad_input(format!(
            "a note has at most {MAX_NOTE} characters"
        )));
    }
    if note.chars().any(|c| c.is_control() && c != '\n') {
        return Err(bad_input("a note has no control characters"));
    }
    Ok(note.to_owned())
}

/// The report queries.
#[derive(Default)]
pub struct ModerationQuery;

#[Object]
impl ModerationQuery {
    /// The signed-in account's own reports, newest first.
    async fn my_reports(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> ApiResult<Connection<String, Report, Total, EmptyFields>> {
        let me = caller(ctx)?.address.clone();
        let (offset, limit) = page(first, after)?;
        let p = store::list(pool(ctx), &Scope::Reporter(me), None, (offset, limit))
            .await
            .map_err(internal)?;
        Ok(connection(p, offset, Report))
    }

    /// Reports about one community's content (its admins and the system admin), or,
    /// without `communityId`, about every community the caller administers (all of them
    /// for the system admin); newest first, of one status.
    async fn moderation_queue(
        &self,
        ctx: &Context<'_>,
        community_id: Option<String>,
        #[graphql(default_with = "ReportStatus::Open")] status: ReportStatus,
        first: Option<i32>,
        after: Option<String>,
    ) -> ApiResult<Connection<String, Report, Total, EmptyFields>> {
        let me = caller(ctx)?.address.clone();
        let (offset, limit) = page(first, after)?;
        let scope = match community_id.as_deref().map(parse_id).transpose()? {
            Some(c) => {
                may_moderate(ctx, Some(c)).await?;
                Scope::Community(c)
            }
            None if caller_is_admin(ctx).await? => Scope::All,
            None => Scope::AdminOf(me),
        };
        let p = store::list(pool(ctx), &scope, Some(status.label()), (offset, limit))
            .await
            .map_err(internal)?;
        Ok(connection(p, offset, Report))
    }

    /// A community's moderation log, newest first: removals of others' posts and
    /// comments, bans, admin changes, pins. Public, from the chain.
    async fn moderation_log(
        &self,
        ctx: &Context<'_>,
        community_id: String,
        first: Option<i32>,
        after: Option<String>,
    ) -> ApiResult<Connection<String, ModerationAction, Total, EmptyFields>> {
        let c = parse_id(&community_id)?;
        let (offset, limit) = page(first, after)?;
        let p = store::moderation_log(pool(ctx), c, (offset, limit))
            .await
            .map_err(internal)?;
        Ok(connection(p, offset, ModerationAction))
    }
}

/// The report mutations.
#[derive(Default)]
pub struct ModerationMutation;

#[Object]
impl ModerationMutation {
    /// Reports a post, comment, task, item (`targetId`: its id; `communityId`, if
    /// given, must be its community) or player (their address; `communityId`: where they
    /// misbehaved, so its admins see it; without one only the system admin does). One open report per object; 10 per 10 minutes.
    async fn create_report(
        &self,
        ctx: &Context<'_>,
        target: ReportTarget,
        target_id: String,
        reason: ReportReason,
        note: Option<String>,
        community_id: Option<String>,
    ) -> ApiResult<Report> {
        let me = caller(ctx)?.address.clone();
        let note = note
            .as_deref()
            .map(clean_note)
            .transpose()?
            .filter(|n| !n.is_empty());
        let target_id = match target {
            ReportTarget::User => parse_address(&target_id)?,
            _ => parse_id(&target_id)?.to_string(),
        };
        let pool = pool(ctx);
        let Some(object) = store::object(pool, target.into(), &target_id)
            .await
            .map_err(internal)?
        else {
            return Err(not_found(format!(
                "there is no such {}",
                Target::from(target).label()
            )));
        };
        if object.author.as_deref() == Some(me.as_str()) {
            return Err(refused(
                "OWN_CONTENT",
                "you cannot report yourself or your own content",
            ));
        }
        let community = match (target, community_id) {
            (ReportTarget::User, Some(c)) => {
                let c = parse_id(&c)?;
                if !crate::repo::exists(pool, "Community", c)
                    .await
                    .map_err(internal)?
                {
                    return Err(not_found(format!("there is no community {c}")));
                }
                Some(c)
            }
            // Content names its own community; a client may repeat it, not change it.
            (_, Some(c)) if Some(parse_id(&c)?) != object.community_id => {
                return Err(bad_input(
                    "communityId names another community than the content's own",
                ));
            }
            (_, _) => object.community_id,
        };
        limit(ctx, &format!("report:{me}"), REPORT_RULE)?;
        let new = NewReport {
            reporter: &me,
            target: target.into(),
            target_id: &target_id,
            community_id: community,
            target_author: object.author.as_deref(),
            reason: reason.label(),
            note: note.as_deref(),
        };
        let id = match store::create(pool, &new, auth::now())
            .await
            .map_err(internal)?
        {
            Created::Stored(id) => id,
            Created::Duplicate => {
                return Err(refused(
                    "DUPLICATE",
                    "you have reported this already; a moderator will look at it",
                ));
            }
        };
        let report = store::get(pool, id).await.map_err(internal)?;
        report
            .map(Report)
            .ok_or_else(|| not_found("the report is gone"))
    }

    /// Dismisses an open report with a note (the community's admins, or the system
    /// admin). A report the chain shows handled cannot be dismissed.
    async fn dismiss_report(&self, ctx: &Context<'_>, id: i64, note: String) -> ApiResult<Report> {
        let me = caller(ctx)?.address.clone();
        let note = clean_note(&note)?;
        if note.is_empty() {
            return Err(bad_input("say why the report is dismissed"));
        }
        let pool = pool(ctx);
        let id = u64::try_from(id).map_err(|_| bad_input("a report id is positive"))?;
        let Some(report) = store::get(pool, id).await.map_err(internal)? else {
            return Err(not_found(format!("there is no report {id}")));
        };
        may_moderate(ctx, report.community_id).await?;
        if report.status != "open" {
            return Err(bad_input(format!(
                "the report is {} already",
                report.status
            )));
        }
        if !store::dismiss(pool, id, &me, &note, auth::now())
            .await
            .map_err(internal)?
        {
            return Err(bad_input("the report was dismissed already"));
        }
        let report = store::get(pool, id).await.map_err(internal)?;
        report
            .map(Report)
            .ok_or_else(|| not_found("the report is gone"))
    }
}
