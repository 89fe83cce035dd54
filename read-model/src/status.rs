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
