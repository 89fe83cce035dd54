//! `CommunityPoints`, each community's point token: balances, supply and the points
//! ledger, each entry labelled with what the transfer was for.

use super::{Keys, Outcome, Projector, R, addr, amount, parse_amount};
use crate::model::{BALANCE, Key, POINT, Row, TOKEN, Val};
use alloy::primitives::Address;
use bindings::CommunityPoints::{CommunityPointsEvents as P, Transfer};

/// The balance row of `account` in `token`.
fn tok_acct(token: Address, account: Address) -> Key {
    Key(vec![Val::S(addr(token)), Val::S(addr(account))])
}

/// The token row of `token`.
fn token_key(token: Address) -> Key {
    Key(vec![Val::S(addr(token))])
}

/// The rows a point token's event reads.
pub(super) fn prefetch_keys(token: Address, e: &P) -> Keys {
    let P::Transfer(e) = e else {
        return vec![];
    };
    let mut v: Keys = vec![(&TOKEN, token_key(token))];
    for a in [e.from, e.to] {
        if a != Address::ZERO {
            v.push((&BALANCE, tok_acct(token, a)));
        }
    }
    v
}

impl Projector<'_> {
    pub(super) async fn points(&mut self, token: Address, community_id: u64, e: &P) -> R<Outcome> {
        let P::Transfer(e) = e else {
            // Approvals and EIP-712 domain changes change nothing the read model keeps.
            return Ok(Outcome::Applied);
        };
        let Some(value) = amount(e.value) else {
            return Ok(Outcome::Skipped(format!(
                "transfer of {} beyond DECIMAL(65,0)",
                e.value
            )));
        };
        // Balances first: a token that moves more than an account holds misbehaves,
        // and the log is skipped whole.
        let updates = match self.balances(token, e).await? {
            Ok(rows) => rows,
            Err(skip) => return Ok(skip),
        };
        if e.from == Address::ZERO || e.to == Address::ZERO {
            let mut supply = found!(self.must(&TOKEN, token_key(token)));
            let total = parse_amount(supply.get("total_supply"));
            let next = if e.from == Address::ZERO {
                total.checked_add(e.value)
            } else {
                total.checked_sub(e.value)
            };
            let Some(next) = next.and_then(amount) else {
                return Ok(Outcome::Skipped(format!(
                    "token {token} supply out of range"
                )));
            };
            supply.set("total_supply", next);
            self.batch.put(supply);
        }
        for row in updates {
            self.batch.put(row);
        }
        self.ledger(token, community_id, e, &value);
        Ok(Outcome::Applied)
    }

    /// The balance rows after the transfer, not yet written.
    async fn balances(&mut self, token: Address, e: &Transfer) -> R<Result<Vec<Row>, Outcome>> {
        let mut updates = Vec::new();
        for (account, add) in [(e.from, false), (e.to, true)] {
            if account == Address::ZERO {
                continue;
            }
            // A transfer to oneself: the credit applies to the row the debit produced.
            let earlier = updates
                .iter()
                .position(|r: &Row| r.str("account") == addr(account));
            let loaded = match earlier {
                Some(i) => Some(updates.remove(i)),
                None => self.get(&BALANCE, tok_acct(token, account)).await?,
            };
            let mut row = match loaded {
                Some(r) => r,
                None => {
                    let mut r = Row::new(&BALANCE);
                    r.set("token", addr(token))
                        .set("account", addr(account))
                        .set("balance", "0");
                    r
                }
            };
            let balance = parse_amount(row.get("balance"));
            let next = if add {
                balance.checked_add(e.value)
            } else {
                balance.checked_sub(e.value)
            };
            let Some(next) = next.and_then(amount) else {
                return Ok(Err(Outcome::Skipped(format!(
                    "token {token} moved {} it does not hold for {account}",
                    e.value
                ))));
            };
            row.set("balance", next);
            updates.push(row);
        }
        Ok(Ok(updates))
    }

    /// One ledger entry per side of the transfer (`value` as stored).
    fn ledger(&mut self, token: Address, community_id: u64, e: &Transfer, value: &str) {
        let source = self.source_label(e.from, e.to);
        let now = self.now();
        let debit = if e.value.is_zero() { "" } else { "-" };
        for (account, counterparty, sign) in [(e.from, e.to, debit), (e.to, e.from, "")] {
            if account == Address::ZERO {
                continue;
            }
            let point_id = self.dir.next_point;
            self.dir.next_point += 1;
            let mut row = Row::new(&POINT);
            row.set("point_id", point_id)
                .set("user_id", self.dir.user(account))
                .set("point_amount", format!("{sign}{value}"))
                .set("source", source)
                .set("transaction_time", now)
                .set("account", addr(account))
                .set("token", addr(token))
                .set("community_id", community_id)
                .set("counterparty", addr(counterparty))
                .set("created_at", now);
            self.batch.append(row);
        }
    }

    /// What a transfer was for, from who sent it where.
    fn source_label(&self, from: Address, to: Address) -> &'static str {
        let c = self.contracts;
        if from == Address::ZERO {
            "mint"
        } else if to == Address::ZERO {
            if from == c.PointMall {
                "mall redemption"
            } else {
                "burn"
            }
        } else if to == c.TaskMarket {
            "task escrow"
        } else if from == c.TaskMarket {
            "task payout"
        } else if to == c.PointMall {
            "mall payment"
        } else if from == c.PointMall {
            "mall refund"
        } else if to == c.PointExchange {
            "exchange escrow"
        } else if from == c.PointExchange {
            "exchange"
        } else {
            "transfer"
        }
    }
}
