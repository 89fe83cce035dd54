-- Every version of every row of the mutable tables, with the block range it held for:
-- [valid_from, valid_to), valid_to NULL for the current version. Written by the indexer
-- in the same transaction as the table itself (never by the API); reorgs roll back
-- through it and the API's time-travel reads (`block: {number}`) query it. Off-chain
-- columns (contacts, password hashes, document bodies) are not versioned.
-- Generated from the tables of 20261127000001_read_model.sql; keep the two in step.

CREATE TABLE IF NOT EXISTS `User_history` (
    user_id           INT UNSIGNED   NOT NULL,
    username          VARCHAR(50)    NOT NULL,
    ethereum_address  VARCHAR(255)   NOT NULL,
    is_verified       TINYINT(1)     NOT NULL DEFAULT 0,
    profile_hash      CHAR(66)       NOT NULL,
    registered_at     BIGINT UNSIGNED NOT NULL,
    block_number      BIGINT UNSIGNED NOT NULL,
    block_hash        CHAR(66)       NOT NULL,
    tx_hash           CHAR(66)       NOT NULL,
    log_index         INT UNSIGNED   NOT NULL,
    valid_from BIGINT UNSIGNED NOT NULL,
    valid_to BIGINT UNSIGNED NULL,
    PRIMARY KEY (user_id, valid_from),
    KEY ix_user_history_from (valid_from),
    KEY ix_user_history_to (valid_to)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `Community_history` (
    community_id               BIGINT UNSIGNED NOT NULL,
    community_name             VARCHAR(255)    NOT NULL,
    creator_id                 INT UNSIGNED    NULL,
    community_contract_address VARCHAR(255)    NULL,
    creator_address            CHAR(42)        NOT NULL,
    theme                      VARCHAR(255)    NOT NULL,
    description_hash           CHAR(66)        NOT NULL,
    member_count               BIGINT UNSIGNED NOT NULL,
    points_name                VARCHAR(255)    NULL,
    points_symbol              VARCHAR(64)     NULL,
    created_at                 BIGINT UNSIGNED NOT NULL,
    block_number               BIGINT UNSIGNED NOT NULL,
    block_hash                 CHAR(66)        NOT NULL,
    tx_hash                    CHAR(66)        NOT NULL,
    log_index                  INT UNSIGNED    NOT NULL,
    valid_from BIGINT UNSIGNED NOT NULL,
    valid_to BIGINT UNSIGNED NULL,
    PRIMARY KEY (community_id, valid_from),
    KEY ix_community_history_from (valid_from),
    KEY ix_community_history_to (valid_to)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `Post_history` (
    post_id         BIGINT UNSIGNED NOT NULL,
    post_title      VARCHAR(255)    NOT NULL,
    post_time       TIMESTAMP       NOT NULL,
    publisher_id    INT UNSIGNED    NULL,
    community_id    BIGINT UNSIGNED NOT NULL,
    author          CHAR(42)        NOT NULL,
    content_hash    CHAR(66)        NOT NULL,
    removed         TINYINT(1)      NOT NULL DEFAULT 0,
    pinned          TINYINT(1)      NOT NULL DEFAULT 0,
    like_count      BIGINT UNSIGNED NOT NULL DEFAULT 0,
    comment_count   BIGINT UNSIGNED NOT NULL DEFAULT 0,
    created_at      BIGINT UNSIGNED NOT NULL,
    edited_at       BIGINT UNSIGNED NULL,
    block_number    BIGINT UNSIGNED NOT NULL,
    block_hash      CHAR(66)        NOT NULL,
    tx_hash         CHAR(66)        NOT NULL,
    log_index       INT UNSIGNED    NOT NULL,
    valid_from BIGINT UNSIGNED NOT NULL,
    valid_to BIGINT UNSIGNED NULL,
    PRIMARY KEY (post_id, valid_from),
    KEY ix_post_history_from (valid_from),
    KEY ix_post_history_to (valid_to)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `Task_history` (
    task_id           BIGINT UNSIGNED NOT NULL,
    task_name         VARCHAR(255)    NOT NULL,
    task_price        DECIMAL(65,0)   NOT NULL,
    task_status       ENUM('发布','领取','完成','过期','已提交','已取消','争议中') NOT NULL,
    community_id      BIGINT UNSIGNED NOT NULL,
    publisher         CHAR(42)        NOT NULL,
    claimer           CHAR(42)        NULL,
    reward_token      CHAR(42)        NOT NULL,
    spec_hash         CHAR(66)        NOT NULL,
    deadline          BIGINT UNSIGNED NOT NULL,
    rejected          TINYINT(1)      NOT NULL DEFAULT 0,
    submitted_at      BIGINT UNSIGNED NULL,
    proof_hash        CHAR(66)        NULL,
    created_at        BIGINT UNSIGNED NOT NULL,
    updated_at        BIGINT UNSIGNED NOT NULL,
    block_number      BIGINT UNSIGNED NOT NULL,
    block_hash        CHAR(66)        NOT NULL,
    tx_hash           CHAR(66)        NOT NULL,
    log_index         INT UNSIGNED    NOT NULL,
    valid_from BIGINT UNSIGNED NOT NULL,
    valid_to BIGINT UNSIGNED NULL,
    PRIMARY KEY (task_id, valid_from),
    KEY ix_task_history_from (valid_from),
    KEY ix_task_history_to (valid_to)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `Orders_history` (
    order_id       BIGINT UNSIGNED NOT NULL,
    user_id        INT UNSIGNED    NULL,
    order_item     VARCHAR(255)    NOT NULL,
    order_amount   DECIMAL(65,0)   NOT NULL,
    order_status   ENUM('已下单','已支付','已完成','已取消') NOT NULL,
    item_id        BIGINT UNSIGNED NOT NULL,
    community_id   BIGINT UNSIGNED NOT NULL,
    buyer          CHAR(42)        NOT NULL,
    quantity       INT UNSIGNED    NOT NULL,
    token          CHAR(42)        NOT NULL,
    reviewed       TINYINT(1)      NOT NULL DEFAULT 0,
    created_at     BIGINT UNSIGNED NOT NULL,
    updated_at     BIGINT UNSIGNED NOT NULL,
    block_number   BIGINT UNSIGNED NOT NULL,
    block_hash     CHAR(66)        NOT NULL,
    tx_hash        CHAR(66)        NOT NULL,
    log_index      INT UNSIGNED    NOT NULL,
    valid_from BIGINT UNSIGNED NOT NULL,
    valid_to BIGINT UNSIGNED NULL,
    PRIMARY KEY (order_id, valid_from),
    KEY ix_orders_history_from (valid_from),
    KEY ix_orders_history_to (valid_to)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `Member_history` (
    community_id  BIGINT UNSIGNED NOT NULL,
    account       CHAR(42)        NOT NULL,
    status        ENUM('member','left','banned') NOT NULL,
    is_admin      TINYINT(1)      NOT NULL DEFAULT 0,
    joined_at     BIGINT UNSIGNED NOT NULL,
    block_number  BIGINT UNSIGNED NOT NULL,
    block_hash    CHAR(66)        NOT NULL,
    tx_hash       CHAR(66)        NOT NULL,
    log_index     INT UNSIGNED    NOT NULL,
    valid_from BIGINT UNSIGNED NOT NULL,
    valid_to BIGINT UNSIGNED NULL,
    PRIMARY KEY (community_id, account, valid_from),
    KEY ix_member_history_from (valid_from),
    KEY ix_member_history_to (valid_to)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `PostLike_history` (
    post_id       BIGINT UNSIGNED NOT NULL,
    account       CHAR(42)        NOT NULL,
    liked         TINYINT(1)      NOT NULL,
    block_number  BIGINT UNSIGNED NOT NULL,
    block_hash    CHAR(66)        NOT NULL,
    tx_hash       CHAR(66)        NOT NULL,
    log_index     INT UNSIGNED    NOT NULL,
    valid_from BIGINT UNSIGNED NOT NULL,
    valid_to BIGINT UNSIGNED NULL,
    PRIMARY KEY (post_id, account, valid_from),
    KEY ix_postlike_history_from (valid_from),
    KEY ix_postlike_history_to (valid_to)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `Item_history` (
    item_id        BIGINT UNSIGNED NOT NULL,
    community_id   BIGINT UNSIGNED NOT NULL,
    token          CHAR(42)        NOT NULL,
    name           VARCHAR(255)    NOT NULL,
    metadata_hash  CHAR(66)        NOT NULL,
    price          DECIMAL(65,0)   NOT NULL,
    stock          BIGINT UNSIGNED NOT NULL,
    active         TINYINT(1)      NOT NULL,
    rating_sum     BIGINT UNSIGNED NOT NULL DEFAULT 0,
    rating_count   BIGINT UNSIGNED NOT NULL DEFAULT 0,
    sold           BIGINT UNSIGNED NOT NULL DEFAULT 0,
    created_at     BIGINT UNSIGNED NOT NULL,
    block_number   BIGINT UNSIGNED NOT NULL,
    block_hash     CHAR(66)        NOT NULL,
    tx_hash        CHAR(66)        NOT NULL,
    log_index      INT UNSIGNED    NOT NULL,
    valid_from BIGINT UNSIGNED NOT NULL,
    valid_to BIGINT UNSIGNED NULL,
    PRIMARY KEY (item_id, valid_from),
    KEY ix_item_history_from (valid_from),
    KEY ix_item_history_to (valid_to)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `Offer_history` (
    offer_id      BIGINT UNSIGNED NOT NULL,
    maker         CHAR(42)        NOT NULL,
    give_token    CHAR(42)        NOT NULL,
    give_amount   DECIMAL(65,0)   NOT NULL,
    want_token    CHAR(42)        NOT NULL,
    want_amount   DECIMAL(65,0)   NOT NULL,
    counterparty  CHAR(42)        NOT NULL,
    expiry        BIGINT UNSIGNED NOT NULL,
    status        ENUM('open','filled','cancelled') NOT NULL,
    taker         CHAR(42)        NULL,
    created_at    BIGINT UNSIGNED NOT NULL,
    updated_at    BIGINT UNSIGNED NOT NULL,
    block_number  BIGINT UNSIGNED NOT NULL,
    block_hash    CHAR(66)        NOT NULL,
    tx_hash       CHAR(66)        NOT NULL,
    log_index     INT UNSIGNED    NOT NULL,
    valid_from BIGINT UNSIGNED NOT NULL,
    valid_to BIGINT UNSIGNED NULL,
    PRIMARY KEY (offer_id, valid_from),
    KEY ix_offer_history_from (valid_from),
    KEY ix_offer_history_to (valid_to)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `Token_history` (
    token         CHAR(42)        NOT NULL,
    community_id  BIGINT UNSIGNED NOT NULL,
    name          VARCHAR(255)    NOT NULL,
    symbol        VARCHAR(64)     NOT NULL,
    total_supply  DECIMAL(65,0)   NOT NULL DEFAULT 0,
    created_at    BIGINT UNSIGNED NOT NULL,
    block_number  BIGINT UNSIGNED NOT NULL,
    block_hash    CHAR(66)        NOT NULL,
    tx_hash       CHAR(66)        NOT NULL,
    log_index     INT UNSIGNED    NOT NULL,
    valid_from BIGINT UNSIGNED NOT NULL,
    valid_to BIGINT UNSIGNED NULL,
    PRIMARY KEY (token, valid_from),
    KEY ix_token_history_from (valid_from),
    KEY ix_token_history_to (valid_to)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `Balance_history` (
    token         CHAR(42)        NOT NULL,
    account       CHAR(42)        NOT NULL,
    balance       DECIMAL(65,0)   NOT NULL,
    block_number  BIGINT UNSIGNED NOT NULL,
    block_hash    CHAR(66)        NOT NULL,
    tx_hash       CHAR(66)        NOT NULL,
    log_index     INT UNSIGNED    NOT NULL,
    valid_from BIGINT UNSIGNED NOT NULL,
    valid_to BIGINT UNSIGNED NULL,
    PRIMARY KEY (token, account, valid_from),
    KEY ix_balance_history_from (valid_from),
    KEY ix_balance_history_to (valid_to)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `RoleMember_history` (
    role          VARCHAR(32)     NOT NULL,
    account       CHAR(42)        NOT NULL,
    granted       TINYINT(1)      NOT NULL,
    block_number  BIGINT UNSIGNED NOT NULL,
    block_hash    CHAR(66)        NOT NULL,
    tx_hash       CHAR(66)        NOT NULL,
    log_index     INT UNSIGNED    NOT NULL,
    valid_from BIGINT UNSIGNED NOT NULL,
    valid_to BIGINT UNSIGNED NULL,
    PRIMARY KEY (role, account, valid_from),
    KEY ix_rolemember_history_from (valid_from),
    KEY ix_rolemember_history_to (valid_to)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `RecoveryRequest_history` (
    request_id     BIGINT UNSIGNED NOT NULL,
    username       VARCHAR(50)     NOT NULL,
    old_account    CHAR(42)        NOT NULL,
    new_account    CHAR(42)        NOT NULL,
    evidence_hash  CHAR(66)        NOT NULL,
    status         ENUM('pending','approved','rejected') NOT NULL,
    created_at     BIGINT UNSIGNED NOT NULL,
    updated_at     BIGINT UNSIGNED NOT NULL,
    block_number   BIGINT UNSIGNED NOT NULL,
    block_hash     CHAR(66)        NOT NULL,
    tx_hash        CHAR(66)        NOT NULL,
    log_index      INT UNSIGNED    NOT NULL,
    valid_from BIGINT UNSIGNED NOT NULL,
    valid_to BIGINT UNSIGNED NULL,
    PRIMARY KEY (request_id, valid_from),
    KEY ix_recoveryrequest_history_from (valid_from),
    KEY ix_recoveryrequest_history_to (valid_to)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `EscrowCredit_history` (
    contract      CHAR(42)        NOT NULL,
    account       CHAR(42)        NOT NULL,
    token         CHAR(42)        NOT NULL,
    owed          DECIMAL(65,0)   NOT NULL,
    block_number  BIGINT UNSIGNED NOT NULL,
    block_hash    CHAR(66)        NOT NULL,
    tx_hash       CHAR(66)        NOT NULL,
    log_index     INT UNSIGNED    NOT NULL,
    valid_from BIGINT UNSIGNED NOT NULL,
    valid_to BIGINT UNSIGNED NULL,
    PRIMARY KEY (contract, account, token, valid_from),
    KEY ix_escrowcredit_history_from (valid_from),
    KEY ix_escrowcredit_history_to (valid_to)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `Setting_history` (
    contract      CHAR(42)        NOT NULL,
    name          VARCHAR(64)     NOT NULL,
    value         VARCHAR(255)    NOT NULL,
    block_number  BIGINT UNSIGNED NOT NULL,
    block_hash    CHAR(66)        NOT NULL,
    tx_hash       CHAR(66)        NOT NULL,
    log_index     INT UNSIGNED    NOT NULL,
    valid_from BIGINT UNSIGNED NOT NULL,
    valid_to BIGINT UNSIGNED NULL,
    PRIMARY KEY (contract, name, valid_from),
    KEY ix_setting_history_from (valid_from),
    KEY ix_setting_history_to (valid_to)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
