//! What the markets (`TaskMarket`, `PointMall`, `PointExchange`) owe an account when a
//! payout could not be sent (`PayoutDeferred`) until it is withdrawn (`Withdrawn`,
//! `WithdrawnTo`): one `EscrowCredit` row per contract, account and token.

use super::{Outcome, Projector, R, TableSpec, addr, amount, parse_amount};
use crate::model::{ESCROW_CREDIT, Key, Row, Val};
use alloy::primitives::{Address, U256};

/// The credit row of `account` in `token` at `contract`.
pub(super) fn credit_key(
    contract: Address,
    account: Address,
    token: Address,
) -> (&'static TableSpec, Key) {
    let key = Key(vec![
        Val::S(addr(contract)),
        Val::S(addr(account)),
        Val::S(addr(token)),
    ]);
    (&ESCROW_CREDIT, key)
}

impl Projector<'_> {
    /// Adds `delta` to (or, for a withdrawal, takes it from) what `contract` owes.
    pub(super) async fn credit(
        &mut self,
        contract: Address,
        account: Address,
        token: Address,
        delta: U256,
        add: bool,
    ) -> R<Outcome> {
        let (spec, key) = credit_key(contract, account, token);
        let mut row = match self.get(spec, key).await? {
            Some(r) => r,
            None => {
                let mut r = Row::new(&ESCROW_CREDIT);
                r.set("contract", addr(contract))
                    .set("account", addr(account))
                    .set("token", addr(token))
                    .set("owed", "0");
                r
            }
        };
        let owed = parse_amount(row.get("owed"));
        let next = if add {
            owed.checked_add(delta)
        } else {
            owed.checked_sub(delta)
        };
        let Some(next) = next.and_then(amount) else {
            return Ok(Outcome::Skipped(format!(
                "escrow credit of {account} out of range"
            )));
        };
        row.set("owed", next);
        self.batch.put(row);
        Ok(Outcome::Applied)
    }
}
