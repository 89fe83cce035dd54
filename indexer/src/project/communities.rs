//! `Communities`: communities, their members and admins, pinned posts, and the point
//! tokens they create and award.

use super::{
    Keys, Outcome, Projector, R, addr, amount, hash, id, notifications::Notice, pair, setting,
    u64_of,
};
use crate::{
    model::{COMMUNITY, MEMBER, POINT, POST, Row, TOKEN, Val},
    search,
};
use alloy::primitives::{Address, U256};
use bindings::{
    Communities::{
        CommunitiesEvents as C, CommunityAdminSet, MembershipMoved, PointsAwarded, PointsCreated,
    },
    Contracts,
};
use read_model::{MemberStatus, ModerationKind, NotificationKind as N, NotificationObject};

/// The rows a `Communities` event reads.
pub(super) fn prefetch_keys(e: &C, c: &Contracts) -> Keys {
    match e {
        C::CommunityUpdated(e) => vec![(&COMMUNITY, id(e.id))],
        C::MemberJoined(e) => vec![(&COMMUNITY, id(e.id)), (&MEMBER, pair(e.id, e.account))],
        C::MemberLeft(e) => vec![(&COMMUNITY, id(e.id)), (&MEMBER, pair(e.id, e.account))],
        C::MemberBanned(e) => vec![(&COMMUNITY, id(e.id)), (&MEMBER, pair(e.id, e.account))],
        C::MemberUnbanned(e) => vec![(&COMMUNITY, id(e.id)), (&MEMBER, pair(e.id, e.account))],
        C::CommunityAdminSet(e) => vec![(&COMMUNITY, id(e.id)), (&MEMBER, pair(e.id, e.account))],
        C::MembershipMoved(e) => vec![
            (&COMMUNITY, id(e.id)),
            (&MEMBER, pair(e.id, e.from)),
            (&MEMBER, pair(e.id, e.to)),
        ],
        C::PostPinned(e) => vec![(&POST, id(e.postId))],
        C::PointsCreated(e) => vec![(&COMMUNITY, id(e.id))],
        C::Paused(_) | C::Unpaused(_) => setting(c.Communities, "paused"),
        C::PopularityThresholdSet(_) => setting(c.Communities, "popularity_threshold"),
        C::PostsSet(_) => setting(c.Communities, "posts"),
        _ => vec![],
    }
}

/// A community's search terms: its name and its theme.
fn community_terms(name: &str, theme: &str) -> String {
    search::terms(&format!("{name} {theme}"))
}

/// A member who leaves (or is banned) is no admin any more.
fn leave(status: &'static str) -> impl FnOnce(&mut Row) {
    move |m| {
        m.set("status", status)
            .set("is_admin", false)
            .set("admin_since", Val::Null);
    }
}

impl Projector<'_> {
    pub(super) async fn communities(&mut self, e: &C, emitter: Address) -> R<Outcome> {
        let now = self.now();
        match e {
            C::CommunityCreated(e) => {
                let mut row = Row::new(&COMMUNITY);
                row.set("community_id", u64_of(e.id))
                    .set("community_name", e.name.as_str())
                    .set("creator_id", self.dir.user(e.creator))
                    .set("community_contract_address", Val::Null)
                    .set("creator_address", addr(e.creator))
                    .set("theme", e.theme.as_str())
                    .set("description_hash", hash(e.descriptionHash))
                    .set("member_count", 0u64)
                    .set("points_name", Val::Null)
                    .set("points_symbol", Val::Null)
                    .set("created_at", now)
                    .set("search_terms", community_terms(&e.name, &e.theme));
                self.batch.put(row);
            }
            C::CommunityUpdated(e) => {
                let mut row = found!(self.must(&COMMUNITY, id(e.id)));
                row.set("community_name", e.name.as_str())
                    .set("theme", e.theme.as_str())
                    .set("description_hash", hash(e.descriptionHash))
                    .set("search_terms", community_terms(&e.name, &e.theme));
                self.batch.put(row);
            }
            C::MemberJoined(e) => {
                let joined = move |m: &mut Row| {
                    m.set("status", MemberStatus::Member.label())
                        .set("joined_at", now);
                };
                return self
                    .standing(e.id, e.account, Some(e.memberCount), joined)
                    .await;
            }
            C::MemberLeft(e) => {
                return self
                    .standing(
                        e.id,
                        e.account,
                        Some(e.memberCount),
                        leave(MemberStatus::Left.label()),
                    )
                    .await;
            }
            C::MemberBanned(e) => {
                let outcome = self
                    .standing(
                        e.id,
                        e.account,
                        Some(e.memberCount),
                        leave(MemberStatus::Banned.label()),
                    )
                    .await?;
                if outcome == Outcome::Applied {
                    let kind = ModerationKind::MemberBanned;
                    self.member_moderated(e.id, kind, e.by, e.account).await?;
                }
                return Ok(outcome);
            }
            C::MemberUnbanned(e) => {
                let unbanned = |m: &mut Row| {
                    m.set("status", MemberStatus::Left.label());
                };
                let outcome = self.standing(e.id, e.account, None, unbanned).await?;
                if outcome == Outcome::Applied {
                    let kind = ModerationKind::MemberUnbanned;
                    self.member_moderated(e.id, kind, e.by, e.account).await?;
                }
                return Ok(outcome);
            }
            C::CommunityAdminSet(e) => self.admin_set(e).await?,
            C::MembershipMoved(e) => return self.membership_moved(e).await,
            C::PostPinned(e) => {
                let mut row = found!(self.must(&POST, id(e.postId)));
                row.set("pinned", e.pinned);
                self.batch.put(row.clone());
                let kind = if e.pinned {
                    ModerationKind::PostPinned
                } else {
                    ModerationKind::PostUnpinned
                };
                let (author, title) = (row.str("author"), row.str("post_title"));
                let post_id = row.u64("post_id");
                let by = addr(e.by);
                self.moderation(
                    row.u64("community_id"),
                    kind,
                    &by,
                    Some(author),
                    Some(post_id),
                    Some(title),
                );
            }
            C::PointsCreated(e) => return self.points_created(e).await,
            C::PointsAwarded(e) => return Ok(self.points_awarded(e)),
            C::PopularityThresholdSet(e) => {
                self.setting(emitter, "popularity_threshold", e.threshold.to_string())
                    .await?
            }
            C::PostsSet(e) => self.setting(emitter, "posts", addr(e.posts)).await?,
            C::Paused(_) => return self.paused(emitter, true).await,
            C::Unpaused(_) => return self.paused(emitter, false).await,
        }
        Ok(Outcome::Applied)
    }

    async fn member(&mut self, community: U256, account: Address) -> R<Row> {
        Ok(match self.get(&MEMBER, pair(community, account)).await? {
            Some(r) => r,
            None => {
                let mut r = Row::new(&MEMBER);
                r.set("community_id", u64_of(community))
                    .set("account", addr(account))
                    .set("status", MemberStatus::Left.label())
                    .set("is_admin", false)
                    .set("joined_at", self.now())
                    .set("admin_since", Val::Null);
                r
            }
        })
    }

    async fn member_count(&mut self, community: U256, count: U256) -> R<Option<Outcome>> {
        let mut row = match self.must(&COMMUNITY, id(community)).await? {
            Ok(r) => r,
            Err(o) => return Ok(Some(o)),
        };
        row.set("member_count", u64_of(count));
        self.batch.put(row);
        Ok(None)
    }

    /// An account's standing in a community changes (and, when the event states it,
    /// the community's member count, which is written first).
    async fn standing(
        &mut self,
        community: U256,
        account: Address,
        count: Option<U256>,
        change: impl FnOnce(&mut Row),
    ) -> R<Outcome> {
        if let Some(count) = count
            && let Some(o) = self.member_count(community, count).await?
        {
            return Ok(o);
        }
        let mut m = self.member(community, account).await?;
        change(&mut m);
        self.batch.put(m);
        Ok(Outcome::Applied)
    }

    async fn admin_set(&mut self, e: &CommunityAdminSet) -> R<()> {
        let mut m = self.member(e.id, e.account).await?;
        // An admin keeps the time it first became one (arbiters must predate a
        // claim); the contract stores the block's time, as here.
        let since = match (e.isAdmin, m.get("admin_since")) {
            (false, _) => Val::Null,
            (true, Val::U(t)) if m.get("is_admin") == &Val::B(true) => Val::U(*t),
            (true, _) => Val::U(self.now()),
        };
        m.set("is_admin", e.isAdmin).set("admin_since", since);
        self.batch.put(m);
        // A creator making itself admin at creation is no moderation.
        if e.by != e.account {
            let kind = if e.isAdmin {
                ModerationKind::AdminGranted
            } else {
                ModerationKind::AdminRevoked
            };
            self.member_moderated(e.id, kind, e.by, e.account).await?;
        }
        Ok(())
    }

    /// An admin's act on a member, in the community's moderation log, and the notice it
    /// sends the member (a ban, an appointment).
    async fn member_moderated(
        &mut self,
        community: U256,
        kind: ModerationKind,
        by: Address,
        account: Address,
    ) -> R<()> {
        let community_id = u64_of(community).unwrap_or(u64::MAX);
        let name = self
            .get(&COMMUNITY, id(community))
            .await?
            .map(|c| c.str("community_name").to_owned());
        let (by, account) = (addr(by), addr(account));
        self.moderation(community_id, kind, &by, Some(&account), None, None);
        let told = match kind {
            ModerationKind::MemberBanned => Some(N::MemberBanned),
            ModerationKind::AdminGranted => Some(N::AdminGranted),
            _ => None,
        };
        if let Some(told) = told {
            let mut notice = Notice::new(told, NotificationObject::Community, community_id)
                .in_community(community_id)
                .by(by);
            if let Some(name) = &name {
                notice = notice.titled(name);
            }
            self.notify(&account, &notice);
        }
        Ok(())
    }

    /// A recovery moved `from`'s standing in one community to `to`: `from` is left with
    /// nothing there (its row, if any, says `left`), `to`'s row takes the merged
    /// standing the event states, and the community its member count.
    async fn membership_moved(&mut self, e: &MembershipMoved) -> R<Outcome> {
        if let Some(o) = self.member_count(e.id, e.memberCount).await? {
            return Ok(o);
        }
        let from = self.get(&MEMBER, pair(e.id, e.from)).await?;
        let existing_to = self.get(&MEMBER, pair(e.id, e.to)).await?;
        let status = MemberStatus::from_contract(e.standing).unwrap_or(MemberStatus::Left);
        let since = (e.adminSince != 0).then_some(e.adminSince);
        // A membership that moved keeps the time the account joined; any other standing
        // keeps the new address's own row as it was.
        let was_member = |r: &Option<Row>| {
            r.as_ref()
                .filter(|r| r.str("status") == MemberStatus::Member.label())
                .map(|r| r.u64("joined_at"))
        };
        let joined_at = match (status, &existing_to, &from) {
            (MemberStatus::Member, _, _) if was_member(&existing_to).is_some() => {
                was_member(&existing_to)
            }
            (MemberStatus::Member, _, _) => was_member(&from),
            (_, Some(t), _) => Some(t.u64("joined_at")),
            (_, None, Some(f)) => Some(f.u64("joined_at")),
            _ => None,
        }
        .unwrap_or_else(|| self.now());
        if let Some(mut f) = from {
            leave(MemberStatus::Left.label())(&mut f);
            self.batch.put(f);
        }
        // Nothing to record for an address that never took part and gets nothing.
        if existing_to.is_some() || status != MemberStatus::Left || since.is_some() {
            let mut t = self.member(e.id, e.to).await?;
            t.set("status", status.label())
                .set("is_admin", since.is_some())
                .set("admin_since", since)
                .set("joined_at", joined_at);
            self.batch.put(t);
        }
        Ok(Outcome::Applied)
    }

    /// A community gets its point token, which is watched from here on.
    async fn points_created(&mut self, e: &PointsCreated) -> R<Outcome> {
        let mut row = found!(self.must(&COMMUNITY, id(e.id)));
        row.set("community_contract_address", addr(e.token))
            .set("points_name", e.name.as_str())
            .set("points_symbol", e.symbol.as_str());
        self.batch.put(row);
        let community_id = u64_of(e.id).unwrap_or(u64::MAX);
        let mut token = Row::new(&TOKEN);
        token
            .set("token", addr(e.token))
            .set("community_id", community_id)
            .set("name", e.name.as_str())
            .set("symbol", e.symbol.as_str())
            .set("total_supply", "0")
            .set("created_at", self.now());
        self.batch.put(token);
        self.dir.tokens.insert(e.token, community_id);
        Ok(Outcome::NewToken(e.token))
    }

    /// The mint's Transfer came first in the same transaction: its ledger row learns
    /// what the points were for.
    fn points_awarded(&mut self, e: &PointsAwarded) -> Outcome {
        let tx = self.batch.ctx.tx_hash.clone();
        let to = addr(e.to);
        let want = amount(e.amount);
        let community = Val::U(u64_of(e.id).unwrap_or(u64::MAX));
        let rows = self.batch.appended_mut(&POINT);
        let Some(row) = rows.iter_mut().rev().find(|r| {
            r.str("tx_hash") == tx
                && r.str("account") == to
                && r.str("source") == "mint"
                && r.get("community_id") == &community
                && want.as_deref() == Some(r.str("point_amount"))
        }) else {
            return Outcome::Skipped(format!("PointsAwarded without its mint in tx {tx}"));
        };
        // Point.source is VARCHAR(255); a longer source is kept whole in the log, its
        // first 255 characters here.
        let source: String = e.source.chars().take(255).collect();
        row.set("source", source);
        let (token, points) = (
            row.str("token").to_owned(),
            row.str("point_amount").to_owned(),
        );
        let community_id = u64_of(e.id).unwrap_or(u64::MAX);
        let notice = Notice::new(
            N::PointsAwarded,
            NotificationObject::Community,
            community_id,
        )
        .in_community(community_id)
        .titled(&e.source)
        .amount(points, token)
        .by(addr(e.by));
        self.notify(&to, &notice);
        Outcome::Applied
    }
}
