-- The chain-derived read model in its current shape, in one file: the tables the
-- indexer writes (each declared once in `read-model/src/tables.rs`; `tests/schema.rs`
-- checks every declaration, its nullability, its `_history` twin and its status
-- labels against the migrated schema) and the indexer's bookkeeping.
-- The off-chain tables the API alone writes (content, account, auth_token, session)
-- are the API's: `graphql-api/migrations`.
--
-- This baseline replaces migrations 20261127000001–20261206000001 (pre-release). Every
-- statement is CREATE TABLE IF NOT EXISTS, so a database those built (same final shape)
-- passes through it unchanged; the two migrators share `_sqlx_migrations` and each
-- ignores versions it does not know.
--
-- The seed's eight tables keep their names, columns and enum values; amount columns
-- are DECIMAL(65,0), the token's smallest unit. Every chain-derived row records where
-- its latest state came from: block_number, block_hash, tx_hash, log_index. Addresses
-- are lowercase 0x hex, hashes 0x-prefixed 32-byte hex. Times are unix seconds
-- (BIGINT) next to the seed's TIMESTAMP columns, which hold the same instant in UTC.
-- `search_terms` columns hold the tokens of `read_model::search::terms` (ASCII tokens
-- for English words and CJK characters and bigrams, so the default InnoDB FULLTEXT
-- parser finds Chinese too).
--
-- Mutable tables have a `<name>_history` twin holding every version of every row with
-- the block range it was valid for ([valid_from, valid_to), valid_to NULL = current),
-- written by the indexer in the same transaction as the table itself. Reorgs roll back
-- through it; the API's time-travel reads (`block: {number}`) query it. Off-chain
-- columns (contacts, password hashes, document bodies) are not versioned. The twins
-- are not written here: `read_model::twins` derives them from the specs and the base
-- tables' column types after every migration (`db::migrate`; `db::SCHEMA` for tests),
-- and adds a declared column a twin lacks, so a later migration that adds a column
-- alters only the base table.
--
-- MySQL 8 is the production target; everything here also runs on MariaDB 10.11.

CREATE TABLE IF NOT EXISTS `User` (
    user_id           INT UNSIGNED   NOT NULL,
    username          VARCHAR(50)    NOT NULL,
    password          VARCHAR(255)   NULL,     -- off chain, written by the API only
    ethereum_address  VARCHAR(255)   NOT NULL,
    email             VARCHAR(255)   NULL,     -- off chain, written by the API only
    phone             VARCHAR(20)    NULL,     -- off chain, written by the API only
    is_verified       TINYINT(1)     NOT NULL DEFAULT 0,
    profile_hash      CHAR(66)       NOT NULL,
    registered_at     BIGINT UNSIGNED NOT NULL,
    block_number      BIGINT UNSIGNED NOT NULL,
    block_hash        CHAR(66)       NOT NULL,
    tx_hash           CHAR(66)       NOT NULL,
    log_index         INT UNSIGNED   NOT NULL,
    PRIMARY KEY (user_id),
    UNIQUE KEY uq_user_username (username),
    UNIQUE KEY uq_user_address (ethereum_address)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `Community` (
    community_id               BIGINT UNSIGNED NOT NULL,
    community_name             VARCHAR(255)    NOT NULL,
    community_description      TEXT            NULL,  -- the document lives in the content store
    creator_id                 INT UNSIGNED    NULL,  -- NULL when the creator never registered (system admin)
    community_contract_address VARCHAR(255)    NULL,  -- the community's point token, once created
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
    search_terms      VARCHAR(4000) CHARACTER SET ascii COLLATE ascii_general_ci NULL,
    PRIMARY KEY (community_id),
    KEY ix_community_members (member_count),
    FULLTEXT INDEX ft_community_search (search_terms)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `Post` (
    post_id         BIGINT UNSIGNED NOT NULL,
    post_title      VARCHAR(255)    NOT NULL,
    post_content    TEXT            NULL,          -- the document lives in the content store
    post_time       TIMESTAMP       NOT NULL DEFAULT CURRENT_TIMESTAMP,
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
    search_terms      VARCHAR(4000) CHARACTER SET ascii COLLATE ascii_general_ci NULL,
    PRIMARY KEY (post_id),
    KEY ix_post_community (community_id, created_at),
    KEY ix_post_author (author),
    FULLTEXT INDEX ft_post_search (search_terms),
    KEY ix_post_content (content_hash)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `Task` (
    task_id           BIGINT UNSIGNED NOT NULL,
    task_name         VARCHAR(255)    NOT NULL,
    task_description  TEXT            NULL,        -- the document lives in the content store
    task_price        DECIMAL(65,0)   NOT NULL,
    task_status       ENUM('发布','领取','完成','过期','已提交','已取消','争议中') NOT NULL,
    community_id      BIGINT UNSIGNED NOT NULL,
    publisher         CHAR(42)        NOT NULL,
    claimer           CHAR(42)        NULL,
    reward_token      CHAR(42)        NOT NULL,    -- 0x000…0 for ETH
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
    search_terms      VARCHAR(4000) CHARACTER SET ascii COLLATE ascii_general_ci NULL,
    rejection_hash    CHAR(66) NULL,
    dispute_hash      CHAR(66) NULL,
    work_deadline     BIGINT UNSIGNED NULL,
    dispute_deadline  BIGINT UNSIGNED NULL,
    claimed_at        BIGINT UNSIGNED NULL,
    PRIMARY KEY (task_id),
    KEY ix_task_status (task_status, created_at),
    KEY ix_task_community (community_id, task_status),
    KEY ix_task_publisher (publisher),
    KEY ix_task_claimer (claimer),
    FULLTEXT INDEX ft_task_search (search_terms),
    KEY ix_task_block (block_number)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `Transaction` (
    transaction_id     BIGINT UNSIGNED NOT NULL,
    task_id            BIGINT UNSIGNED NOT NULL,
    sender_id          INT UNSIGNED    NULL,
    receiver_id        INT UNSIGNED    NULL,
    transaction_amount DECIMAL(65,0)   NOT NULL,
    token              CHAR(42)        NOT NULL,
    sender             CHAR(42)        NOT NULL,
    receiver           CHAR(42)        NOT NULL,
    created_at         BIGINT UNSIGNED NOT NULL,
    block_number       BIGINT UNSIGNED NOT NULL,
    block_hash         CHAR(66)        NOT NULL,
    tx_hash            CHAR(66)        NOT NULL,
    log_index          INT UNSIGNED    NOT NULL,
    PRIMARY KEY (transaction_id),
    KEY ix_transaction_task (task_id),
    KEY ix_transaction_block (block_number)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `Point` (
    point_id          BIGINT UNSIGNED NOT NULL,
    user_id           INT UNSIGNED    NULL,
    point_amount      DECIMAL(65,0)   NOT NULL,
    source            VARCHAR(255)    NULL,
    transaction_time  TIMESTAMP       NOT NULL DEFAULT CURRENT_TIMESTAMP,
    account           CHAR(42)        NOT NULL,
    token             CHAR(42)        NOT NULL,
    community_id      BIGINT UNSIGNED NOT NULL,
    counterparty      CHAR(42)        NOT NULL,
    created_at        BIGINT UNSIGNED NOT NULL,
    block_number      BIGINT UNSIGNED NOT NULL,
    block_hash        CHAR(66)        NOT NULL,
    tx_hash           CHAR(66)        NOT NULL,
    log_index         INT UNSIGNED    NOT NULL,
    PRIMARY KEY (point_id),
    KEY ix_point_account (account, token),
    KEY ix_point_block (block_number)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `Comment` (
    comment_id          BIGINT UNSIGNED NOT NULL,
    user_id             INT UNSIGNED    NULL,
    comment_content     TEXT            NULL,      -- the document lives in the content store
    comment_time        TIMESTAMP       NOT NULL DEFAULT CURRENT_TIMESTAMP,
    comment_object_type ENUM('任务','社区','帖子') NOT NULL,
    target_id           BIGINT UNSIGNED NOT NULL,
    author              CHAR(42)        NOT NULL,
    content_hash        CHAR(66)        NOT NULL,
    created_at          BIGINT UNSIGNED NOT NULL,
    block_number        BIGINT UNSIGNED NOT NULL,
    block_hash          CHAR(66)        NOT NULL,
    tx_hash             CHAR(66)        NOT NULL,
    log_index           INT UNSIGNED    NOT NULL,
    removed           TINYINT(1) NOT NULL DEFAULT 0,
    removed_by        CHAR(42) NULL,
    PRIMARY KEY (comment_id),
    KEY ix_comment_target (comment_object_type, target_id),
    KEY ix_comment_block (block_number)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `Orders` (
    order_id       BIGINT UNSIGNED NOT NULL,
    user_id        INT UNSIGNED    NULL,
    order_item     VARCHAR(255)    NOT NULL,       -- the item's name at ordering
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
    expires_at        BIGINT UNSIGNED NOT NULL DEFAULT 0,
    PRIMARY KEY (order_id),
    KEY ix_orders_buyer (buyer),
    KEY ix_orders_item (item_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `Member` (
    community_id  BIGINT UNSIGNED NOT NULL,
    account       CHAR(42)        NOT NULL,
    status        ENUM('member','left','banned') NOT NULL,
    is_admin      TINYINT(1)      NOT NULL DEFAULT 0,
    joined_at     BIGINT UNSIGNED NOT NULL,
    block_number  BIGINT UNSIGNED NOT NULL,
    block_hash    CHAR(66)        NOT NULL,
    tx_hash       CHAR(66)        NOT NULL,
    log_index     INT UNSIGNED    NOT NULL,
    admin_since       BIGINT UNSIGNED NULL,
    PRIMARY KEY (community_id, account),
    KEY ix_member_account (account)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `PostLike` (
    post_id       BIGINT UNSIGNED NOT NULL,
    account       CHAR(42)        NOT NULL,
    liked         TINYINT(1)      NOT NULL,
    block_number  BIGINT UNSIGNED NOT NULL,
    block_hash    CHAR(66)        NOT NULL,
    tx_hash       CHAR(66)        NOT NULL,
    log_index     INT UNSIGNED    NOT NULL,
    PRIMARY KEY (post_id, account)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `Item` (
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
    PRIMARY KEY (item_id),
    KEY ix_item_community (community_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `Review` (
    order_id       BIGINT UNSIGNED NOT NULL,
    item_id        BIGINT UNSIGNED NOT NULL,
    buyer          CHAR(42)        NOT NULL,
    stars          TINYINT UNSIGNED NOT NULL,
    content_hash   CHAR(66)        NOT NULL,
    created_at     BIGINT UNSIGNED NOT NULL,
    block_number   BIGINT UNSIGNED NOT NULL,
    block_hash     CHAR(66)        NOT NULL,
    tx_hash        CHAR(66)        NOT NULL,
    log_index      INT UNSIGNED    NOT NULL,
    PRIMARY KEY (order_id),
    KEY ix_review_item (item_id),
    KEY ix_review_block (block_number)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `Offer` (
    offer_id      BIGINT UNSIGNED NOT NULL,
    maker         CHAR(42)        NOT NULL,
    give_token    CHAR(42)        NOT NULL,
    give_amount   DECIMAL(65,0)   NOT NULL,
    want_token    CHAR(42)        NOT NULL,
    want_amount   DECIMAL(65,0)   NOT NULL,
    counterparty  CHAR(42)        NOT NULL,       -- 0x000…0: anyone
    expiry        BIGINT UNSIGNED NOT NULL,
    status        ENUM('open','filled','cancelled') NOT NULL,
    taker         CHAR(42)        NULL,
    created_at    BIGINT UNSIGNED NOT NULL,
    updated_at    BIGINT UNSIGNED NOT NULL,
    block_number  BIGINT UNSIGNED NOT NULL,
    block_hash    CHAR(66)        NOT NULL,
    tx_hash       CHAR(66)        NOT NULL,
    log_index     INT UNSIGNED    NOT NULL,
    PRIMARY KEY (offer_id),
    KEY ix_offer_status (status, expiry),
    KEY ix_offer_maker (maker)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `Token` (
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
    PRIMARY KEY (token),
    UNIQUE KEY uq_token_community (community_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `Balance` (
    token         CHAR(42)        NOT NULL,
    account       CHAR(42)        NOT NULL,
    balance       DECIMAL(65,0)   NOT NULL,
    block_number  BIGINT UNSIGNED NOT NULL,
    block_hash    CHAR(66)        NOT NULL,
    tx_hash       CHAR(66)        NOT NULL,
    log_index     INT UNSIGNED    NOT NULL,
    PRIMARY KEY (token, account),
    KEY ix_balance_account (account)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `RoleMember` (
    role          VARCHAR(66)     NOT NULL,       -- SYSTEM_ADMIN, VERIFIER, TASK_PUBLISHER, PAUSER, or the 0x id
    account       CHAR(42)        NOT NULL,
    granted       TINYINT(1)      NOT NULL,
    block_number  BIGINT UNSIGNED NOT NULL,
    block_hash    CHAR(66)        NOT NULL,
    tx_hash       CHAR(66)        NOT NULL,
    log_index     INT UNSIGNED    NOT NULL,
    PRIMARY KEY (role, account),
    KEY ix_role_account (account)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `RecoveryRequest` (
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
    PRIMARY KEY (request_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `PublisherApplication` (
    application_id    BIGINT UNSIGNED NOT NULL,
    account           CHAR(42)        NOT NULL,
    application_hash  CHAR(66)        NOT NULL,
    created_at        BIGINT UNSIGNED NOT NULL,
    block_number      BIGINT UNSIGNED NOT NULL,
    block_hash        CHAR(66)        NOT NULL,
    tx_hash           CHAR(66)        NOT NULL,
    log_index         INT UNSIGNED    NOT NULL,
    PRIMARY KEY (application_id),
    KEY ix_application_block (block_number)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `EscrowCredit` (
    contract      CHAR(42)        NOT NULL,
    account       CHAR(42)        NOT NULL,
    token         CHAR(42)        NOT NULL,
    owed          DECIMAL(65,0)   NOT NULL,
    block_number  BIGINT UNSIGNED NOT NULL,
    block_hash    CHAR(66)        NOT NULL,
    tx_hash       CHAR(66)        NOT NULL,
    log_index     INT UNSIGNED    NOT NULL,
    PRIMARY KEY (contract, account, token)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `Setting` (
    contract      CHAR(42)        NOT NULL,
    name          VARCHAR(64)     NOT NULL,
    value         VARCHAR(255)    NOT NULL,
    block_number  BIGINT UNSIGNED NOT NULL,
    block_hash    CHAR(66)        NOT NULL,
    tx_hash       CHAR(66)        NOT NULL,
    log_index     INT UNSIGNED    NOT NULL,
    PRIMARY KEY (contract, name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

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

CREATE TABLE IF NOT EXISTS `indexer_state` (
    id              TINYINT UNSIGNED NOT NULL,
    chain_id        BIGINT UNSIGNED  NOT NULL,
    indexed_block   BIGINT UNSIGNED  NOT NULL,
    indexed_hash    CHAR(66)         NOT NULL,
    state_digest    CHAR(66)         NOT NULL,
    head_block      BIGINT UNSIGNED  NOT NULL,
    updated_at      BIGINT UNSIGNED  NOT NULL,
    PRIMARY KEY (id)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

CREATE TABLE IF NOT EXISTS `indexed_block` (
    block_number    BIGINT UNSIGNED  NOT NULL,
    block_hash      CHAR(66)         NOT NULL,
    parent_hash     CHAR(66)         NOT NULL,
    block_time      BIGINT UNSIGNED  NOT NULL,
    event_count     INT UNSIGNED     NOT NULL,
    state_digest    CHAR(66)         NOT NULL,
    PRIMARY KEY (block_number)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;
