//! The status columns' labels, declared once: the seed's Chinese labels and the newer
//! English ones, each tied to the contract's `uint8` enum value where the contract has
//! one. `tests/schema.rs` checks every enum's labels against its MySQL `ENUM`.

/// A status column and the labels it may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnumColumn {
    /// The table.
    pub table: &'static str,
    /// The column (an `ENUM`).
    pub column: &'static str,
    /// Its values.
    pub labels: &'static [&'static str],
}

macro_rules! status_enum {
    (
        $(#[$meta:meta])*
        $name:ident in $table:literal . $column:literal {
            $( $(#[$vmeta:meta])* $variant:ident = $label:literal $(, contract $n:literal)? ; )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// Every label, in declaration order.
            pub const LABELS: &'static [&'static str] = &[$($label),+];
            /// The table and column that store the label.
            pub const COLUMN: EnumColumn = EnumColumn {
                table: $table,
                column: $column,
                labels: Self::LABELS,
            };

            /// The label stored in the column.
            pub const fn label(self) -> &'static str {
                match self {
                    $($name::$variant => $label,)+
                }
            }

            /// The value a stored label names.
            pub fn from_label(label: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|s| s.label() == label)
            }

            /// The value the contract's `uint8` enum names (`None` for values the read
            /// model never stores, such as the contract's `None`).
            pub const fn from_contract(v: u8) -> Option<Self> {
                match v {
                    $($($n => Some($name::$variant),)?)+
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

status_enum! {
    /// A task's status (`Task.task_status`; TaskMarket's `Status`).
    TaskStatus in "Task"."task_status" {
        /// 发布: published, waiting for a claimer.
        Open = "发布", contract 1;
        /// 领取: claimed (or rejected and back with the claimer).
        Claimed = "领取", contract 2;
        /// 已提交: work submitted, waiting for review.
        Submitted = "已提交", contract 3;
        /// 完成: paid out.
        Completed = "完成", contract 4;
        /// 过期: the deadline passed (or an unresolved dispute was split).
        Expired = "过期", contract 5;
        /// 已取消: cancelled by the publisher; refunded.
        Cancelled = "已取消", contract 6;
        /// 争议中: the claimer disputed a rejection.
        Disputed = "争议中", contract 7;
    }
}

status_enum! {
    /// An order's status (`Orders.order_status`; PointMall's `OrderStatus`).
    OrderStatus in "Orders"."order_status" {
        /// 已下单: placed, not yet paid.
        Ordered = "已下单", contract 1;
        /// 已支付: paid.
        Paid = "已支付", contract 2;
        /// 已完成: delivered.
        Completed = "已完成", contract 3;
        /// 已取消: cancelled.
        Cancelled = "已取消", contract 4;
    }
}

status_enum! {
    /// An exchange offer's status (`Offer.status`; PointExchange's `OfferStatus`).
    OfferStatus in "Offer"."status" {
        /// Open: may be filled.
        Open = "open", contract 1;
        /// Filled by a taker.
        Filled = "filled", contract 2;
        /// Cancelled by its maker.
        Cancelled = "cancelled", contract 3;
    }
}

status_enum! {
    /// Where an account stands in a community (`Member.status`; Communities'
    /// `Standing`, whose `None` is a member who left).
    MemberStatus in "Member"."status" {
        /// A member.
        Member = "member", contract 1;
        /// Left (the contract's `None`).
        Left = "left", contract 0;
        /// Banned by an admin.
        Banned = "banned", contract 2;
    }
}

status_enum! {
    /// A recovery request's status (`RecoveryRequest.status`; Profiles'
    /// `RecoveryStatus`).
    RecoveryStatus in "RecoveryRequest"."status" {
        /// Waiting for a verifier.
        Pending = "pending", contract 1;
        /// Approved: the account moved.
        Approved = "approved", contract 2;
        /// Rejected.
        Rejected = "rejected", contract 3;
    }
}

status_enum! {
    /// What a comment is on (`Comment.comment_object_type`; Posts' `targetKind`).
    CommentTarget in "Comment"."comment_object_type" {
        /// 任务: a task.
        Task = "任务", contract 0;
        /// 社区: a community.
        Community = "社区", contract 1;
        /// 帖子: a post.
        Post = "帖子", contract 2;
    }
}

status_enum! {
    /// What a notification tells its recipient (`Notification.kind`). Each is derived by
    /// the indexer from one log (see `indexer::project::notifications`).
    NotificationKind in "Notification"."kind" {
        /// To the publisher: a player claimed the task.
        TaskClaimed = "task_claimed";
        /// To the publisher: the claimer gave the task up.
        TaskAbandoned = "task_abandoned";
        /// To the publisher: the claimer submitted work.
        TaskSubmitted = "task_submitted";
        /// To the claimer: the work was approved (by the publisher, or after the review period).
        TaskApproved = "task_approved";
        /// To the claimer: the work was rejected.
        TaskRejected = "task_rejected";
        /// To the publisher: the claimer disputed a rejection.
        TaskDisputed = "task_disputed";
        /// To publisher and claimer: the dispute was settled (by an arbiter or by time).
        TaskResolved = "task_resolved";
        /// To the former claimer: the publisher took the claim back.
        TaskClaimReleased = "task_claim_released";
        /// To publisher and claimer: the task expired.
        TaskExpired = "task_expired";
        /// To the publisher: the task was cancelled and refunded.
        TaskCancelled = "task_cancelled";
        /// To the publisher: a comment on the task.
        TaskCommented = "task_commented";
        /// To the author: a comment on the post.
        PostCommented = "post_commented";
        /// To the author: likes on the post, one row per post ("3 people liked …").
        PostLiked = "post_liked";
        /// To the author: a moderator removed the post.
        PostRemoved = "post_removed";
        /// To the author: a moderator removed the comment.
        CommentRemoved = "comment_removed";
        /// To the admin who listed the item: an order was paid.
        OrderPaid = "order_paid";
        /// To the buyer: the order was delivered.
        OrderCompleted = "order_completed";
        /// To the buyer (and the item's lister): the order was cancelled by someone else.
        OrderCancelled = "order_cancelled";
        /// To the admin who listed the item: a buyer reviewed it.
        ItemReviewed = "item_reviewed";
        /// To the maker: a taker filled the offer.
        OfferAccepted = "offer_accepted";
        /// To the maker: the expired offer was cancelled and refunded.
        OfferExpired = "offer_expired";
        /// To the account: it became a community admin.
        AdminGranted = "admin_granted";
        /// To the account: it was banned from a community.
        MemberBanned = "member_banned";
        /// To the account: a verifier verified it.
        Verified = "verified";
        /// To the account: it was granted the task publisher role.
        PublisherGranted = "publisher_granted";
        /// To the requesting wallet: its recovery request was approved.
        RecoveryApproved = "recovery_approved";
        /// To the requesting wallet: its recovery request was rejected.
        RecoveryRejected = "recovery_rejected";
        /// To the account: an admin awarded it points.
        PointsAwarded = "points_awarded";
    }
}

status_enum! {
    /// What a notification is about (`Notification.object_type`): where it links to.
    NotificationObject in "Notification"."object_type" {
        /// A task (`object_id` = task id).
        Task = "task";
        /// A post.
        Post = "post";
        /// A comment (its post or task is in `post_id` / `task_id`).
        Comment = "comment";
        /// An order.
        Order = "order";
        /// A mall item.
        Item = "item";
        /// An exchange offer.
        Offer = "offer";
        /// A community.
        Community = "community";
        /// A recovery request.
        Recovery = "recovery";
        /// The recipient's own account (`object_id` 0).
        Account = "account";
    }
}

status_enum! {
    /// A moderation action (`ModerationAction.kind`): what an admin did to someone
    /// else's content or standing, as the chain shows it.
    ModerationKind in "ModerationAction"."kind" {
        /// A post removed by an admin (not its author).
        PostRemoved = "post_removed";
        /// A comment removed by an admin (not its author).
        CommentRemoved = "comment_removed";
        /// A member banned.
        MemberBanned = "member_banned";
        /// A ban lifted.
        MemberUnbanned = "member_unbanned";
        /// An admin appointed.
        AdminGranted = "admin_granted";
        /// An admin's rights taken away.
        AdminRevoked = "admin_revoked";
        /// A post pinned.
        PostPinned = "post_pinned";
        /// A post unpinned.
        PostUnpinned = "post_unpinned";
    }
}

/// The task status labels as constants (`task_status::OPEN` = `"发布"`).
pub mod task_status {
    use super::TaskStatus;
    /// `Open`.
    pub const OPEN: &str = TaskStatus::Open.label();
    /// `Claimed`.
    pub const CLAIMED: &str = TaskStatus::Claimed.label();
    /// `Submitted`.
    pub const SUBMITTED: &str = TaskStatus::Submitted.label();
    /// `Completed`.
    pub const COMPLETED: &str = TaskStatus::Completed.label();
    /// `Expired`.
    pub const EXPIRED: &str = TaskStatus::Expired.label();
    /// `Cancelled`.
    pub const CANCELLED: &str = TaskStatus::Cancelled.label();
    /// `Disputed`.
    pub const DISPUTED: &str = TaskStatus::Disputed.label();
}

/// The order status labels as constants (`order_status::PAID` = `"已支付"`).
pub mod order_status {
    use super::OrderStatus;
    /// `Ordered`.
    pub const ORDERED: &str = OrderStatus::Ordered.label();
    /// `Paid`.
    pub const PAID: &str = OrderStatus::Paid.label();
    /// `Completed`.
    pub const COMPLETED: &str = OrderStatus::Completed.label();
    /// `Cancelled`.
    pub const CANCELLED: &str = OrderStatus::Cancelled.label();
}

/// Every status enum's column and labels (the schema test compares them with the
/// MySQL `ENUM`s).
pub const ALL_ENUMS: &[EnumColumn] = &[
    TaskStatus::COLUMN,
    OrderStatus::COLUMN,
    OfferStatus::COLUMN,
    MemberStatus::COLUMN,
    RecoveryStatus::COLUMN,
    CommentTarget::COLUMN,
    NotificationKind::COLUMN,
    NotificationObject::COLUMN,
    ModerationKind::COLUMN,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_round_trip() {
        for s in TaskStatus::ALL {
            assert_eq!(TaskStatus::from_label(s.label()), Some(*s));
        }
        assert_eq!(TaskStatus::from_label("nope"), None);
        assert_eq!(task_status::OPEN, "发布");
        assert_eq!(order_status::PAID, "已支付");
    }

    #[test]
    fn contract_values_map_to_labels() {
        assert_eq!(TaskStatus::from_contract(0), None);
        assert_eq!(TaskStatus::from_contract(7), Some(TaskStatus::Disputed));
        assert_eq!(MemberStatus::from_contract(0), Some(MemberStatus::Left));
        assert_eq!(
            CommentTarget::from_contract(2).map(CommentTarget::label),
            Some("帖子")
        );
        assert_eq!(OfferStatus::from_contract(4), None);
    }
}
