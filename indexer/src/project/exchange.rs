//! `PointExchange`: offers to swap one community's points for another's, and the
//! exchange's escrow credits.

use super::{
    Keys, Outcome, Projector, R, addr, amount, escrow::credit_key, id, notifications::Notice,
    setting, u64_of,
};
use crate::model::{OFFER, Row, Val};
use alloy::primitives::{Address, U256};
use bindings::{
    Contracts,
    PointExchange::{OfferCreated, PointExchangeEvents as X},
};
use read_model::{NotificationKind as N, NotificationObject, OfferStatus};

/// The rows a `PointExchange` event reads.
pub(super) fn prefetch_keys(e: &X, c: &Contracts) -> Keys {
    let credit = |a: Address, t: Address| vec![credit_key(c.PointExchange, a, t)];
    match e {
        X::OfferAccepted(e) => vec![(&OFFER, id(e.offerId))],
        X::OfferCancelled(e) => vec![(&OFFER, id(e.offerId))],
        X::PayoutDeferred(e) => credit(e.account, e.token),
        X::Withdrawn(e) => credit(e.account, e.token),
        X::WithdrawnTo(e) => credit(e.account, e.token),
        X::Paused(_) | X::Unpaused(_) => setting(c.PointExchange, "paused"),
        _ => vec![],
    }
}

/// A notice about an offer.
fn offer_notice(kind: N, offer_id: U256) -> Notice {
    Notice::new(
        kind,
        NotificationObject::Offer,
        u64_of(offer_id).unwrap_or(u64::MAX),
    )
}

impl Projector<'_> {
    pub(super) async fn point_exchange(&mut self, e: &X, emitter: Address) -> R<Outcome> {
        let now = self.now();
        match e {
            X::OfferCreated(e) => return Ok(self.offer_created(e)),
            X::OfferAccepted(e) => {
                let mut row = found!(self.must(&OFFER, id(e.offerId)));
                row.set("status", OfferStatus::Filled.label())
                    .set("taker", addr(e.taker))
                    .set("updated_at", now);
                self.batch.put(row);
                let notice = offer_notice(N::OfferAccepted, e.offerId).by(addr(e.taker));
                self.notify(&addr(e.maker), &notice);
            }
            X::OfferCancelled(e) => {
                let mut row = found!(self.must(&OFFER, id(e.offerId)));
                row.set("status", OfferStatus::Cancelled.label())
                    .set("updated_at", now);
                let maker = row.str("maker").to_owned();
                self.batch.put(row);
                // Anyone but the maker may cancel only an expired offer (refunding it).
                let notice = offer_notice(N::OfferExpired, e.offerId).by(addr(e.by));
                self.notify(&maker, &notice);
            }
            X::PayoutDeferred(e) => {
                return self
                    .credit(emitter, e.account, e.token, e.amount, true)
                    .await;
            }
            X::Withdrawn(e) => {
                return self
                    .credit(emitter, e.account, e.token, e.amount, false)
                    .await;
            }
            X::WithdrawnTo(e) => {
                return self
                    .credit(emitter, e.account, e.token, e.amount, false)
                    .await;
            }
            X::Paused(_) => return self.paused(emitter, true).await,
            X::Unpaused(_) => return self.paused(emitter, false).await,
        }
        Ok(Outcome::Applied)
    }

    fn offer_created(&mut self, e: &OfferCreated) -> Outcome {
        let (Some(give), Some(want)) = (amount(e.giveAmount), amount(e.wantAmount)) else {
            return Outcome::Skipped("offer amount beyond DECIMAL(65,0)".into());
        };
        let now = self.now();
        let mut row = Row::new(&OFFER);
        row.set("offer_id", u64_of(e.offerId))
            .set("maker", addr(e.maker))
            .set("give_token", addr(e.giveToken))
            .set("give_amount", give)
            .set("want_token", addr(e.wantToken))
            .set("want_amount", want)
            .set("counterparty", addr(e.counterparty))
            .set("expiry", e.expiry)
            .set("status", OfferStatus::Open.label())
            .set("taker", Val::Null)
            .set("created_at", now)
            .set("updated_at", now);
        self.batch.put(row);
        Outcome::Applied
    }
}
