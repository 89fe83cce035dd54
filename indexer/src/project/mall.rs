//! `PointMall`: items listed for points, their orders and reviews, and the mall's
//! escrow credits.

use super::{
    Keys, Outcome, Projector, R, addr, amount, escrow::credit_key, hash, id, notifications::Notice,
    setting, u64_of,
};
use crate::{
    model::{ITEM, Key, ORDERS, REVIEW, Row, Val},
    store::Batch,
};
use alloy::primitives::{Address, U256};
use bindings::{
    Contracts,
    PointMall::{ItemListed, OrderPlaced, OrderReviewed, PointMallEvents as M},
};
use read_model::{NotificationKind as N, NotificationObject};

/// The seed's order status labels, declared once in the read model.
pub use read_model::order_status;

/// The rows a `PointMall` event reads.
pub(super) fn prefetch_keys(e: &M, c: &Contracts) -> Keys {
    let credit = |a: Address, t: Address| vec![credit_key(c.PointMall, a, t)];
    match e {
        M::ItemUpdated(e) => vec![(&ITEM, id(e.itemId))],
        M::OrderPlaced(e) => vec![(&ITEM, id(e.itemId))],
        M::OrderPaid(e) => vec![(&ORDERS, id(e.orderId))],
        M::OrderCompleted(e) => vec![(&ORDERS, id(e.orderId))],
        M::OrderCancelled(e) => vec![(&ORDERS, id(e.orderId))],
        M::OrderReviewed(e) => vec![(&ORDERS, id(e.orderId)), (&ITEM, id(e.itemId))],
        M::PayoutDeferred(e) => credit(e.account, e.token),
        M::Withdrawn(e) => credit(e.account, e.token),
        M::WithdrawnTo(e) => credit(e.account, e.token),
        M::Paused(_) | M::Unpaused(_) => setting(c.PointMall, "paused"),
        _ => vec![],
    }
}

/// The rows a `PointMall` event reads that the first round named: an order's item,
/// for the order events that carry only the order's id (its lister is notified).
pub(super) fn second_round_keys(e: &M, batch: &Batch) -> Keys {
    let order = match e {
        M::OrderPaid(e) => e.orderId,
        M::OrderCompleted(e) => e.orderId,
        M::OrderCancelled(e) => e.orderId,
        _ => return vec![],
    };
    batch
        .peek(&ORDERS, &id(order))
        .map(|row| vec![(&ITEM, Key::id(row.u64("item_id")))])
        .unwrap_or_default()
}

/// The admin who listed an item (unknown for items indexed before `listed_by` existed).
fn lister(item: &Row) -> Option<String> {
    match item.get("listed_by") {
        Val::S(a) => Some(a.clone()),
        _ => None,
    }
}

/// A notice about an order, from its row.
fn order_notice(kind: N, order: &Row) -> Notice {
    Notice::new(kind, NotificationObject::Order, order.u64("order_id"))
        .titled(order.str("order_item"))
        .in_community(order.u64("community_id"))
}

impl Projector<'_> {
    pub(super) async fn point_mall(&mut self, e: &M, emitter: Address) -> R<Outcome> {
        use order_status::*;
        match e {
            M::ItemListed(e) => return Ok(self.item_listed(e)),
            M::ItemUpdated(e) => {
                let mut row = found!(self.must(&ITEM, id(e.itemId)));
                let Some(price) = amount(e.price) else {
                    return Ok(Outcome::Skipped("price beyond DECIMAL(65,0)".into()));
                };
                row.set("price", price)
                    .set("stock", u64::from(e.stock))
                    .set("active", e.active);
                self.batch.put(row);
            }
            M::OrderPlaced(e) => return self.order_placed(e).await,
            M::OrderPaid(e) => {
                let row = found!(self.order(e.orderId, PAID));
                self.batch.put(row.clone());
                let item = self.get(&ITEM, Key::id(row.u64("item_id"))).await?;
                if let Some(lister) = item.as_ref().and_then(lister) {
                    let notice = order_notice(N::OrderPaid, &row).by(addr(e.buyer));
                    self.notify(&lister, &notice);
                }
            }
            M::OrderCompleted(e) => {
                let row = found!(self.order(e.orderId, COMPLETED));
                let quantity = row.u64("quantity");
                let notice = order_notice(N::OrderCompleted, &row).by(addr(e.by));
                let outcome = self
                    .order_item(row.clone(), |item| {
                        let sold = item.u64("sold") + quantity;
                        item.set("sold", sold);
                    })
                    .await?;
                if outcome == Outcome::Applied {
                    self.notify(row.str("buyer"), &notice);
                }
                return Ok(outcome);
            }
            M::OrderCancelled(e) => {
                let was_paid = self
                    .batch
                    .peek(&ORDERS, &id(e.orderId))
                    .is_some_and(|o| o.str("order_status") == PAID);
                let row = found!(self.order(e.orderId, CANCELLED));
                let stock_left = u64::from(e.stockLeft);
                let item_id = Key::id(row.u64("item_id"));
                let notice = order_notice(N::OrderCancelled, &row).by(addr(e.by));
                let outcome = self
                    .order_item(row.clone(), |item| {
                        item.set("stock", stock_left);
                    })
                    .await?;
                if outcome == Outcome::Applied {
                    self.notify(row.str("buyer"), &notice);
                    // The lister hears of a paid order called off (it had one to deliver).
                    let item = self.batch.peek(&ITEM, &item_id).cloned();
                    if let Some(lister) = item.as_ref().and_then(lister).filter(|_| was_paid) {
                        self.notify(&lister, &notice);
                    }
                }
                return Ok(outcome);
            }
            M::OrderReviewed(e) => return self.order_reviewed(e).await,
            M::PayoutDeferred(e) => {
                return self
                    .credit(emitter, e.account, e.token, e.amount, true)
                    .await;
            }
            M::Withdrawn(e) => {
                return self
                    .credit(emitter, e.account, e.token, e.amount, false)
                    .await;
            }
            M::WithdrawnTo(e) => {
                return self
                    .credit(emitter, e.account, e.token, e.amount, false)
                    .await;
            }
            M::Paused(_) => return self.paused(emitter, true).await,
            M::Unpaused(_) => return self.paused(emitter, false).await,
        }
        Ok(Outcome::Applied)
    }

    fn item_listed(&mut self, e: &ItemListed) -> Outcome {
        let Some(price) = amount(e.price) else {
            return Outcome::Skipped("price beyond DECIMAL(65,0)".into());
        };
        let mut row = Row::new(&ITEM);
        row.set("item_id", u64_of(e.itemId))
            .set("community_id", u64_of(e.communityId))
            .set("token", addr(e.token))
            .set("name", e.name.as_str())
            .set("metadata_hash", hash(e.metadataHash))
            .set("price", price)
            .set("stock", u64::from(e.stock))
            .set("active", true)
            .set("rating_sum", 0u64)
            .set("rating_count", 0u64)
            .set("sold", 0u64)
            .set("created_at", self.now())
            .set("listed_by", addr(e.by));
        self.batch.put(row);
        Outcome::Applied
    }

    async fn order_placed(&mut self, e: &OrderPlaced) -> R<Outcome> {
        let now = self.now();
        let mut item = found!(self.must(&ITEM, id(e.itemId)));
        let Some(total) = amount(e.amount) else {
            return Ok(Outcome::Skipped("order amount beyond DECIMAL(65,0)".into()));
        };
        let mut row = Row::new(&ORDERS);
        row.set("order_id", u64_of(e.orderId))
            .set("user_id", self.dir.user(e.buyer))
            .set("order_item", item.str("name").to_owned())
            .set("order_amount", total)
            .set("order_status", order_status::ORDERED)
            .set("item_id", u64_of(e.itemId))
            .set("community_id", item.get("community_id").clone())
            .set("buyer", addr(e.buyer))
            .set("quantity", u64::from(e.quantity))
            .set("token", item.str("token").to_owned())
            .set("reviewed", false)
            .set("created_at", now)
            .set("updated_at", now)
            .set("expires_at", e.expiresAt);
        self.batch.put(row);
        item.set("stock", u64::from(e.stockLeft));
        self.batch.put(item);
        Ok(Outcome::Applied)
    }

    /// An order moves to `status`, not yet written.
    async fn order(&mut self, order_id: U256, status: &str) -> R<Result<Row, Outcome>> {
        let mut row = match self.must(&ORDERS, id(order_id)).await? {
            Ok(r) => r,
            Err(o) => return Ok(Err(o)),
        };
        let now = self.now();
        row.set("order_status", status).set("updated_at", now);
        let when = match status {
            order_status::PAID => Some("paid_at"),
            order_status::COMPLETED => Some("completed_at"),
            order_status::CANCELLED => Some("cancelled_at"),
            _ => None,
        };
        if let Some(col) = when {
            row.set(col, now);
        }
        Ok(Ok(row))
    }

    /// Writes a settled `order` together with its item, which `f` changes; an order
    /// whose item the read model lacks writes neither.
    async fn order_item(&mut self, order: Row, f: impl FnOnce(&mut Row)) -> R<Outcome> {
        let item_id = order.u64("item_id");
        let mut item = found!(self.must(&ITEM, Key::id(item_id)));
        self.batch.put(order);
        f(&mut item);
        self.batch.put(item);
        Ok(Outcome::Applied)
    }

    async fn order_reviewed(&mut self, e: &OrderReviewed) -> R<Outcome> {
        let now = self.now();
        let mut order = found!(self.must(&ORDERS, id(e.orderId)));
        let mut item = found!(self.must(&ITEM, id(e.itemId)));
        order.set("reviewed", true).set("updated_at", now);
        self.batch.put(order);
        let sum = item.u64("rating_sum") + u64::from(e.stars);
        let count = item.u64("rating_count") + 1;
        item.set("rating_sum", sum).set("rating_count", count);
        self.batch.put(item.clone());
        let mut review = Row::new(&REVIEW);
        review
            .set("order_id", u64_of(e.orderId))
            .set("item_id", u64_of(e.itemId))
            .set("buyer", addr(e.buyer))
            .set("stars", u64::from(e.stars))
            .set("content_hash", hash(e.contentHash))
            .set("created_at", now);
        self.batch.append(review);
        if let Some(lister) = lister(&item) {
            let notice = Notice::new(
                N::ItemReviewed,
                NotificationObject::Item,
                item.u64("item_id"),
            )
            .titled(item.str("name"))
            .in_community(item.u64("community_id"))
            .by(addr(e.buyer));
            self.notify(&lister, &notice);
        }
        Ok(Outcome::Applied)
    }
}
