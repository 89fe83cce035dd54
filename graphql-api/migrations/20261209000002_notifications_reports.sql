-- Per-account state around the chain's notifications, and reports, blocks and mail:
-- all off chain, written by the API alone. (The notifications themselves and the
-- moderation log are chain-derived: `Notification`, `ModerationAction`.)

-- How far an account has read its notifications: every notification at or before this
-- log position (block, log index) is read.
CREATE TABLE IF NOT EXISTS `notification_read` (
    account       CHAR(42)        NOT NULL,
    block_number  BIGINT UNSIGNED NOT NULL,
    log_index     INT UNSIGNED    NOT NULL,
    updated_at    BIGINT UNSIGNED NOT NULL,
    PRIMARY KEY (account)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- Email per notification kind: 'off' (the default: no row), 'instant' or 'daily'.
CREATE TABLE IF NOT EXISTS `notification_pref` (
    account       CHAR(42)        NOT NULL,
    kind          VARCHAR(32)     NOT NULL,
    email         ENUM('off','instant','daily') NOT NULL,
    updated_at    BIGINT UNSIGNED NOT NULL,
    PRIMARY KEY (account, kind),
    KEY ix_pref_mode (email, account)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- Reports (举报). `open_key` is `<target>:<target_id>` while the reporter has not had it
-- dismissed, NULL after: the unique key allows one open report per reporter and object
-- (NULLs never collide). Whether the chain acted on it (the post removed, the author
-- banned) is read from the chain tables, not written here.
CREATE TABLE IF NOT EXISTS `report` (
    id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    reporter        CHAR(42)        NOT NULL,
    target          ENUM('post','comment','task','item','user') NOT NULL,
    target_id       VARCHAR(42)     NOT NULL,  -- an on-chain id, or a user's address
    target_num      BIGINT UNSIGNED NULL,      -- the id as a number (NULL for a user)
    community_id    BIGINT UNSIGNED NULL,
    target_author   CHAR(42)        NULL,
    reason          ENUM('spam','abuse','cheating','scam','illegal','other') NOT NULL,
    note            VARCHAR(500)    NULL,
    open_key        VARCHAR(64)     NULL,
    created_at      BIGINT UNSIGNED NOT NULL,
    dismissed_at    BIGINT UNSIGNED NULL,
    dismissed_by    CHAR(42)        NULL,
    dismiss_note    VARCHAR(500)    NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uq_report_open (reporter, open_key),
    KEY ix_report_community (community_id, id),
    KEY ix_report_target (target, target_num)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Blocks: `blocker` no longer sees `blocked`'s posts, comments and notifications.
CREATE TABLE IF NOT EXISTS `user_block` (
    blocker       CHAR(42)        NOT NULL,
    blocked       CHAR(42)        NOT NULL,
    created_at    BIGINT UNSIGNED NOT NULL,
    PRIMARY KEY (blocker, blocked)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- Mail waiting to go out. `dedupe_key` names what the mail is for (a notification's
-- version, a day's digest), so enqueuing twice stores it once. A sender claims a row by
-- setting `claimed_until` (a lease), delivers it, then sets `sent_at`; a sender that dies
-- mid-send leaves the lease to run out and another takes the row again. Delivery to the
-- mail folder is idempotent by the row's id (`outbox-<id>.eml`); over SMTP the
-- Message-ID is the row's, so a resend after a crash is recognisably the same mail.
CREATE TABLE IF NOT EXISTS `mail_outbox` (
    id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    dedupe_key      VARCHAR(191)    NOT NULL,
    account         CHAR(42)        NOT NULL,
    to_address      VARCHAR(255)    NOT NULL,
    subject         VARCHAR(255)    NOT NULL,
    body            TEXT            NOT NULL,
    created_at      BIGINT UNSIGNED NOT NULL,
    attempts        INT UNSIGNED    NOT NULL DEFAULT 0,
    claimed_until   BIGINT UNSIGNED NULL,
    sent_at         BIGINT UNSIGNED NULL,
    last_error      VARCHAR(500)    NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uq_outbox_dedupe (dedupe_key),
    KEY ix_outbox_pending (sent_at, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Where the mail producers are: the last notification position turned into mail
-- ('instant'), the last day digested ('daily', as YYYYMMDD in `block_number`).
CREATE TABLE IF NOT EXISTS `mail_cursor` (
    name          VARCHAR(16)     NOT NULL,
    block_number  BIGINT UNSIGNED NOT NULL,
    log_index     INT UNSIGNED    NOT NULL,
    PRIMARY KEY (name)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- The token in every notification mail's unsubscribe link (one per account, random).
CREATE TABLE IF NOT EXISTS `mail_unsubscribe` (
    account       CHAR(42)        NOT NULL,
    token         CHAR(64)        NOT NULL,
    created_at    BIGINT UNSIGNED NOT NULL,
    PRIMARY KEY (account),
    UNIQUE KEY uq_unsubscribe_token (token)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;
