-- Notifications and the moderation log: both derived by the indexer from logs, in the
-- same transaction as the rows they describe, so a reorg rolls them back and
-- `indexer audit` re-derives and compares them like every other chain table.
--
-- `Notification`: one row per recipient. `ref_key` names the fact: `<block>.<log>.<kind>`
-- for a one-off notice, `like.post.<id>` for the post's batched likes (one row that each
-- new like updates; its provenance moves to the newest like). The provenance columns
-- are the notification's `source`; the API orders a recipient's notifications by them
-- (ix_notification_recipient) and keeps read state off chain (`notification_read`).
-- `title` is the object's name when it happened (a task's or post's title, an item's
-- name, a community's name, the reason points were awarded), at most 100 characters.
--
-- `ModerationAction`: what an admin did to someone else's content or standing (a post
-- or comment removed by someone other than its author, a ban or its lifting, an admin
-- appointed or dismissed, a post pinned): the public moderation log of a community.
--
-- `Item.listed_by`: the admin who listed an item (whom a paid order or a review notifies).
-- Idempotent like every migration here; MySQL 8 has no ADD COLUMN IF NOT EXISTS.

CREATE TABLE IF NOT EXISTS `Notification` (
    recipient     CHAR(42)        NOT NULL,
    ref_key       VARCHAR(100)    NOT NULL,
    kind          ENUM('task_claimed','task_abandoned','task_submitted','task_approved',
                       'task_rejected','task_disputed','task_resolved','task_claim_released',
                       'task_expired','task_cancelled','task_commented','post_commented',
                       'post_liked','post_removed','comment_removed','order_paid',
                       'order_completed','order_cancelled','item_reviewed','offer_accepted',
                       'offer_expired','admin_granted','member_banned','verified',
                       'publisher_granted','recovery_approved','recovery_rejected',
                       'points_awarded') NOT NULL,
    actor         CHAR(42)        NULL,
    actor_count   BIGINT UNSIGNED NOT NULL,
    object_type   ENUM('task','post','comment','order','item','offer','community','recovery',
                       'account') NOT NULL,
    object_id     BIGINT UNSIGNED NOT NULL,
    post_id       BIGINT UNSIGNED NULL,
    task_id       BIGINT UNSIGNED NULL,
    title         VARCHAR(100)    NULL,
    community_id  BIGINT UNSIGNED NULL,
    amount        DECIMAL(65,0)   NULL,
    token         CHAR(42)        NULL,
    created_at    BIGINT UNSIGNED NOT NULL,
    updated_at    BIGINT UNSIGNED NOT NULL,
    block_number  BIGINT UNSIGNED NOT NULL,
    block_hash    CHAR(66)        NOT NULL,
    tx_hash       CHAR(66)        NOT NULL,
    log_index     INT UNSIGNED    NOT NULL,
    PRIMARY KEY (recipient, ref_key),
    KEY ix_notification_recipient (recipient, block_number, log_index),
    KEY ix_notification_block (block_number)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `ModerationAction` (
    action_id       BIGINT UNSIGNED NOT NULL,
    community_id    BIGINT UNSIGNED NOT NULL,
    kind            ENUM('post_removed','comment_removed','member_banned','member_unbanned',
                         'admin_granted','admin_revoked','post_pinned','post_unpinned') NOT NULL,
    moderator       CHAR(42)        NOT NULL,
    target_account  CHAR(42)        NULL,
    target_id       BIGINT UNSIGNED NULL,
    title           VARCHAR(100)    NULL,
    created_at      BIGINT UNSIGNED NOT NULL,
    block_number    BIGINT UNSIGNED NOT NULL,
    block_hash      CHAR(66)        NOT NULL,
    tx_hash         CHAR(66)        NOT NULL,
    log_index       INT UNSIGNED    NOT NULL,
    PRIMARY KEY (action_id),
    KEY ix_moderation_community (community_id, action_id),
    KEY ix_moderation_block (block_number)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

SET @item_listed_by := (
    SELECT IF(COUNT(*) = 0,
        'ALTER TABLE `Item` ADD COLUMN listed_by CHAR(42) NULL',
        'DO 0')
    FROM information_schema.columns
    WHERE table_schema = DATABASE() AND table_name = 'Item' AND column_name = 'listed_by'
);
PREPARE item_listed_by FROM @item_listed_by;
EXECUTE item_listed_by;
DEALLOCATE PREPARE item_listed_by;
