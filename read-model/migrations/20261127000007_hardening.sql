-- Contract hardening (issue 10): the deadlines the new events carry, removed comments,
-- order expiry, since when an admin has been one, and released claims.
--
-- * Task.work_deadline: `TaskClaimed.workDeadline`, set while the task is 领取 or 已提交
--   (a rejection keeps it); NULL when nobody holds the claim (发布 again after an abandon
--   or a release) and once the claim ends (争议中, 完成, 过期, 已取消). After a rejection
--   the contract also waits `reviewPeriod()` after the rejection before a release.
-- * Task.dispute_deadline: `DisputeOpened.disputeDeadline`, set only while 争议中.
-- * Comment.removed / removed_by: `Posts.CommentRemoved`. Comment becomes a mutable
--   table with a `Comment_history` twin; the comments indexed before this migration get
--   their one version (valid from their block), as a fresh index would write it.
-- * Orders.expires_at: `OrderPlaced.expiresAt` (an unpaid order may be cancelled by
--   anyone after it).
-- * Member.admin_since: when the account became an admin of the community (the block's
--   time, as the contract stores it; a recovery carries it over), NULL if not an admin.
-- * TaskRelease: one row per claim a publisher released (`TaskClaimReleased`); that
--   claimer may never claim the task again.
--
-- Idempotent like migration 5: each ALTER runs only if its column is still missing, the
-- tables are CREATE … IF NOT EXISTS and the history backfill is INSERT IGNORE.

SET @ddl = (SELECT IF(COUNT(*) = 0, 'ALTER TABLE `Task` ADD COLUMN work_deadline BIGINT UNSIGNED NULL', 'DO 0')
    FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'Task' AND column_name = 'work_deadline');
PREPARE ddl FROM @ddl; EXECUTE ddl; DEALLOCATE PREPARE ddl;

SET @ddl = (SELECT IF(COUNT(*) = 0, 'ALTER TABLE `Task_history` ADD COLUMN work_deadline BIGINT UNSIGNED NULL', 'DO 0')
    FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'Task_history' AND column_name = 'work_deadline');
PREPARE ddl FROM @ddl; EXECUTE ddl; DEALLOCATE PREPARE ddl;

SET @ddl = (SELECT IF(COUNT(*) = 0, 'ALTER TABLE `Task` ADD COLUMN dispute_deadline BIGINT UNSIGNED NULL', 'DO 0')
    FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'Task' AND column_name = 'dispute_deadline');
PREPARE ddl FROM @ddl; EXECUTE ddl; DEALLOCATE PREPARE ddl;

SET @ddl = (SELECT IF(COUNT(*) = 0, 'ALTER TABLE `Task_history` ADD COLUMN dispute_deadline BIGINT UNSIGNED NULL', 'DO 0')
    FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'Task_history' AND column_name = 'dispute_deadline');
PREPARE ddl FROM @ddl; EXECUTE ddl; DEALLOCATE PREPARE ddl;

SET @ddl = (SELECT IF(COUNT(*) = 0, 'ALTER TABLE `Comment` ADD COLUMN removed TINYINT(1) NOT NULL DEFAULT 0', 'DO 0')
    FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'Comment' AND column_name = 'removed');
PREPARE ddl FROM @ddl; EXECUTE ddl; DEALLOCATE PREPARE ddl;

SET @ddl = (SELECT IF(COUNT(*) = 0, 'ALTER TABLE `Comment` ADD COLUMN removed_by CHAR(42) NULL', 'DO 0')
    FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'Comment' AND column_name = 'removed_by');
PREPARE ddl FROM @ddl; EXECUTE ddl; DEALLOCATE PREPARE ddl;

SET @ddl = (SELECT IF(COUNT(*) = 0, 'ALTER TABLE `Orders` ADD COLUMN expires_at BIGINT UNSIGNED NOT NULL DEFAULT 0', 'DO 0')
    FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'Orders' AND column_name = 'expires_at');
PREPARE ddl FROM @ddl; EXECUTE ddl; DEALLOCATE PREPARE ddl;

SET @ddl = (SELECT IF(COUNT(*) = 0, 'ALTER TABLE `Orders_history` ADD COLUMN expires_at BIGINT UNSIGNED NOT NULL DEFAULT 0', 'DO 0')
    FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'Orders_history' AND column_name = 'expires_at');
PREPARE ddl FROM @ddl; EXECUTE ddl; DEALLOCATE PREPARE ddl;

SET @ddl = (SELECT IF(COUNT(*) = 0, 'ALTER TABLE `Member` ADD COLUMN admin_since BIGINT UNSIGNED NULL', 'DO 0')
    FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'Member' AND column_name = 'admin_since');
PREPARE ddl FROM @ddl; EXECUTE ddl; DEALLOCATE PREPARE ddl;

SET @ddl = (SELECT IF(COUNT(*) = 0, 'ALTER TABLE `Member_history` ADD COLUMN admin_since BIGINT UNSIGNED NULL', 'DO 0')
    FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'Member_history' AND column_name = 'admin_since');
PREPARE ddl FROM @ddl; EXECUTE ddl; DEALLOCATE PREPARE ddl;

CREATE TABLE IF NOT EXISTS `Comment_history` (
    comment_id          BIGINT UNSIGNED NOT NULL,
    user_id             INT UNSIGNED    NULL,
    comment_time        TIMESTAMP       NOT NULL DEFAULT CURRENT_TIMESTAMP,
    comment_object_type ENUM('任务','社区','帖子') NOT NULL,
    target_id           BIGINT UNSIGNED NOT NULL,
    author              CHAR(42)        NOT NULL,
    content_hash        CHAR(66)        NOT NULL,
    created_at          BIGINT UNSIGNED NOT NULL,
    removed             TINYINT(1)      NOT NULL DEFAULT 0,
    removed_by          CHAR(42)        NULL,
    block_number        BIGINT UNSIGNED NOT NULL,
    block_hash          CHAR(66)        NOT NULL,
    tx_hash             CHAR(66)        NOT NULL,
    log_index           INT UNSIGNED    NOT NULL,
    valid_from BIGINT UNSIGNED NOT NULL,
    valid_to BIGINT UNSIGNED NULL,
    PRIMARY KEY (comment_id, valid_from),
    KEY ix_comment_history_from (valid_from),
    KEY ix_comment_history_to (valid_to)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

INSERT IGNORE INTO `Comment_history` (comment_id, user_id, comment_time, comment_object_type,
    target_id, author, content_hash, created_at, removed, removed_by, block_number,
    block_hash, tx_hash, log_index, valid_from, valid_to)
SELECT comment_id, user_id, comment_time, comment_object_type, target_id, author,
    content_hash, created_at, removed, removed_by, block_number, block_hash, tx_hash,
    log_index, block_number, NULL
FROM `Comment`;

CREATE TABLE IF NOT EXISTS `TaskRelease` (
    task_id       BIGINT UNSIGNED NOT NULL,
    claimer       CHAR(42)        NOT NULL,
    released_at   BIGINT UNSIGNED NOT NULL,
    block_number  BIGINT UNSIGNED NOT NULL,
    block_hash    CHAR(66)        NOT NULL,
    tx_hash       CHAR(66)        NOT NULL,
    log_index     INT UNSIGNED    NOT NULL,
    PRIMARY KEY (task_id, claimer),
    KEY ix_taskrelease_claimer (claimer)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `TaskRelease_history` (
    task_id       BIGINT UNSIGNED NOT NULL,
    claimer       CHAR(42)        NOT NULL,
    released_at   BIGINT UNSIGNED NOT NULL,
    block_number  BIGINT UNSIGNED NOT NULL,
    block_hash    CHAR(66)        NOT NULL,
    tx_hash       CHAR(66)        NOT NULL,
    log_index     INT UNSIGNED    NOT NULL,
    valid_from BIGINT UNSIGNED NOT NULL,
    valid_to BIGINT UNSIGNED NULL,
    PRIMARY KEY (task_id, claimer, valid_from),
    KEY ix_taskrelease_history_from (valid_from),
    KEY ix_taskrelease_history_to (valid_to)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
