//! `Profiles`: users, their verification and recovery, publisher applications, roles.

use super::{
    Directory, Keys, Outcome, Projector, R, addr, hash, id, notifications::Notice, setting, u64_of,
};
use crate::model::{Key, PUBLISHER_APPLICATION, RECOVERY_REQUEST, ROLE_MEMBER, Row, USER, Val};
use alloy::primitives::{Address, B256, keccak256};
use bindings::{
    Contracts,
    Profiles::{ProfilesEvents as Pr, RecoveryApproved},
};
use read_model::{NotificationKind as N, NotificationObject, RecoveryStatus};

/// A notice about the recipient's own account.
fn account_notice(kind: N) -> Notice {
    Notice::new(kind, NotificationObject::Account, 0)
}

/// A notice about a recovery request, from its row.
fn recovery_notice(kind: N, request: &Row) -> Notice {
    Notice::new(
        kind,
        NotificationObject::Recovery,
        request.u64("request_id"),
    )
    .titled(request.str("username"))
}

/// The name a role id is stored under.
pub fn role_name(role: B256) -> String {
    let known = [
        (B256::ZERO, "SYSTEM_ADMIN"),
        (keccak256("VERIFIER_ROLE"), "VERIFIER"),
        (keccak256("TASK_PUBLISHER_ROLE"), "TASK_PUBLISHER"),
        (keccak256("PAUSER_ROLE"), "PAUSER"),
    ];
    known
        .iter()
        .find(|(r, _)| *r == role)
        .map_or_else(|| hash(role), |(_, n)| (*n).to_owned())
}

fn role_key(role: B256, account: Address) -> Key {
    Key(vec![Val::S(role_name(role)), Val::S(addr(account))])
}

/// The rows a `Profiles` event reads.
pub(super) fn prefetch_keys(e: &Pr, c: &Contracts, dir: &Directory) -> Keys {
    let user = |a: Address| dir.user(a).map(|u| (&USER, Key::id(u)));
    match e {
        Pr::ProfileUpdated(e) => user(e.account).into_iter().collect(),
        Pr::VerificationChanged(e) => user(e.account).into_iter().collect(),
        Pr::RecoveryApproved(e) => {
            let mut v: Keys = vec![(&RECOVERY_REQUEST, id(e.requestId))];
            v.extend(user(e.oldAccount));
            v
        }
        Pr::RecoveryRejected(e) => vec![(&RECOVERY_REQUEST, id(e.requestId))],
        Pr::Paused(_) | Pr::Unpaused(_) => setting(c.Profiles, "paused"),
        Pr::CommunitiesSet(_) => setting(c.Profiles, "communities"),
        Pr::RoleGranted(e) => vec![(&ROLE_MEMBER, role_key(e.role, e.account))],
        Pr::RoleRevoked(e) => vec![(&ROLE_MEMBER, role_key(e.role, e.account))],
        _ => vec![],
    }
}

impl Projector<'_> {
    pub(super) async fn profiles(&mut self, e: &Pr, emitter: Address) -> R<Outcome> {
        match e {
            Pr::UserRegistered(e) => {
                let user_id = self.dir.next_user;
                self.dir.next_user += 1;
                self.dir.users.insert(e.account, user_id);
                let mut row = Row::new(&USER);
                row.set("user_id", user_id)
                    .set("username", e.username.as_str())
                    .set("ethereum_address", addr(e.account))
                    .set("is_verified", false)
                    .set("profile_hash", hash(e.profileHash))
                    .set("registered_at", self.now());
                self.batch.put(row);
            }
            Pr::ProfileUpdated(e) => {
                let mut row = found!(self.user_row(e.account));
                row.set("profile_hash", hash(e.profileHash));
                self.batch.put(row);
            }
            Pr::VerificationChanged(e) => {
                let mut row = found!(self.user_row(e.account));
                row.set("is_verified", e.verified);
                self.batch.put(row);
                if e.verified {
                    let notice = account_notice(N::Verified).by(addr(e.verifier));
                    self.notify(&addr(e.account), &notice);
                }
            }
            Pr::PublisherApplied(e) => {
                let application_id = self.dir.next_application;
                self.dir.next_application += 1;
                let mut row = Row::new(&PUBLISHER_APPLICATION);
                row.set("application_id", application_id)
                    .set("account", addr(e.account))
                    .set("application_hash", hash(e.applicationHash))
                    .set("created_at", self.now());
                self.batch.append(row);
            }
            Pr::RecoveryRequested(e) => {
                let mut row = Row::new(&RECOVERY_REQUEST);
                row.set("request_id", u64_of(e.requestId))
                    .set("username", e.username.as_str())
                    .set("old_account", addr(e.oldAccount))
                    .set("new_account", addr(e.newAccount))
                    .set("evidence_hash", hash(e.evidenceHash))
                    .set("status", RecoveryStatus::Pending.label())
                    .set("created_at", self.now())
                    .set("updated_at", self.now());
                self.batch.put(row);
            }
            Pr::RecoveryApproved(e) => return self.recovery_approved(e).await,
            Pr::RecoveryRejected(e) => {
                let mut request = found!(self.must(&RECOVERY_REQUEST, id(e.requestId)));
                request
                    .set("status", RecoveryStatus::Rejected.label())
                    .set("updated_at", self.now());
                let to = request.str("new_account").to_owned();
                let notice = recovery_notice(N::RecoveryRejected, &request).by(addr(e.admin));
                self.batch.put(request);
                self.notify(&to, &notice);
            }
            Pr::RoleGranted(e) => self.role(e.role, e.account, Some(e.sender), true).await?,
            Pr::RoleRevoked(e) => self.role(e.role, e.account, Some(e.sender), false).await?,
            Pr::Paused(_) => return self.paused(emitter, true).await,
            Pr::Unpaused(_) => return self.paused(emitter, false).await,
            Pr::CommunitiesSet(e) => {
                self.setting(emitter, "communities", addr(e.communities))
                    .await?
            }
            Pr::RoleAdminChanged(_) => {}
        }
        Ok(Outcome::Applied)
    }

    async fn user_row(&mut self, account: Address) -> R<Result<Row, Outcome>> {
        match self.dir.user(account) {
            Some(u) => self.must(&USER, Key::id(u)).await,
            None => Ok(Err(Outcome::Skipped(format!(
                "{account} is not a registered user"
            )))),
        }
    }

    /// The user moves to the new wallet: same id, new address.
    async fn recovery_approved(&mut self, e: &RecoveryApproved) -> R<Outcome> {
        let mut request = found!(self.must(&RECOVERY_REQUEST, id(e.requestId)));
        let mut user = found!(self.user_row(e.oldAccount));
        request
            .set("status", RecoveryStatus::Approved.label())
            .set("updated_at", self.now());
        let notice = recovery_notice(N::RecoveryApproved, &request);
        self.notify(&addr(e.newAccount), &notice);
        self.batch.put(request);
        let user_id = user.u64("user_id");
        user.set("ethereum_address", addr(e.newAccount))
            .set("profile_hash", hash(e.profileHash))
            .set("is_verified", e.verified);
        self.batch.put(user);
        self.dir.users.remove(&e.oldAccount);
        self.dir.users.insert(e.newAccount, user_id);
        Ok(Outcome::Applied)
    }

    async fn role(
        &mut self,
        role: B256,
        account: Address,
        sender: Option<Address>,
        granted: bool,
    ) -> R<()> {
        let mut row = self
            .get(&ROLE_MEMBER, role_key(role, account))
            .await?
            .unwrap_or_else(|| Row::new(&ROLE_MEMBER));
        let was_granted = row.get("granted") == &Val::B(true);
        row.set("role", role_name(role))
            .set("account", addr(account))
            .set("granted", granted);
        self.batch.put(row);
        if granted && !was_granted && role == keccak256("TASK_PUBLISHER_ROLE") {
            let notice = account_notice(N::PublisherGranted).by_opt(sender.map(addr));
            self.notify(&addr(account), &notice);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_roles_have_names() {
        assert_eq!(role_name(B256::ZERO), "SYSTEM_ADMIN");
        assert_eq!(
            role_name(keccak256("TASK_PUBLISHER_ROLE")),
            "TASK_PUBLISHER"
        );
        assert!(role_name(keccak256("OTHER")).starts_with("0x"));
    }
}
