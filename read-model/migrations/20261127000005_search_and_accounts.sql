-- Search, and the off-chain data the API owns.
--
-- `search_terms` columns hold the tokens of `indexer::search::terms` (ASCII tokens for
-- English words and CJK characters and bigrams, so the default InnoDB FULLTEXT parser
-- finds Chinese too). The indexer writes them beside the titles and names it projects.

-- MariaDB's DDL is not transactional and a migration may be cut short (kill -9) and
-- run again, so every ALTER runs only if its column or index is still missing (MySQL 8
-- has no ADD COLUMN IF NOT EXISTS; a prepared statement works on both).
SET @ddl = (SELECT IF(COUNT(*) = 0, 'ALTER TABLE `Community` ADD COLUMN search_terms VARCHAR(4000) CHARACTER SET ascii COLLATE ascii_general_ci NULL', 'DO 0')
    FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'Community' AND column_name = 'search_terms');
PREPARE ddl FROM @ddl; EXECUTE ddl; DEALLOCATE PREPARE ddl;

SET @ddl = (SELECT IF(COUNT(*) = 0, 'ALTER TABLE `Community_history` ADD COLUMN search_terms VARCHAR(4000) CHARACTER SET ascii COLLATE ascii_general_ci NULL', 'DO 0')
    FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'Community_history' AND column_name = 'search_terms');
PREPARE ddl FROM @ddl; EXECUTE ddl; DEALLOCATE PREPARE ddl;

SET @ddl = (SELECT IF(COUNT(*) = 0, 'ALTER TABLE `Post` ADD COLUMN search_terms VARCHAR(4000) CHARACTER SET ascii COLLATE ascii_general_ci NULL', 'DO 0')
    FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'Post' AND column_name = 'search_terms');
PREPARE ddl FROM @ddl; EXECUTE ddl; DEALLOCATE PREPARE ddl;

SET @ddl = (SELECT IF(COUNT(*) = 0, 'ALTER TABLE `Post_history` ADD COLUMN search_terms VARCHAR(4000) CHARACTER SET ascii COLLATE ascii_general_ci NULL', 'DO 0')
    FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'Post_history' AND column_name = 'search_terms');
PREPARE ddl FROM @ddl; EXECUTE ddl; DEALLOCATE PREPARE ddl;

SET @ddl = (SELECT IF(COUNT(*) = 0, 'ALTER TABLE `Task` ADD COLUMN search_terms VARCHAR(4000) CHARACTER SET ascii COLLATE ascii_general_ci NULL', 'DO 0')
    FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'Task' AND column_name = 'search_terms');
PREPARE ddl FROM @ddl; EXECUTE ddl; DEALLOCATE PREPARE ddl;

SET @ddl = (SELECT IF(COUNT(*) = 0, 'ALTER TABLE `Task_history` ADD COLUMN search_terms VARCHAR(4000) CHARACTER SET ascii COLLATE ascii_general_ci NULL', 'DO 0')
    FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'Task_history' AND column_name = 'search_terms');
PREPARE ddl FROM @ddl; EXECUTE ddl; DEALLOCATE PREPARE ddl;

SET @ddl = (SELECT IF(COUNT(*) = 0, 'ALTER TABLE `Community` ADD FULLTEXT INDEX ft_community_search (search_terms)', 'DO 0')
    FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = 'Community' AND index_name = 'ft_community_search');
PREPARE ddl FROM @ddl; EXECUTE ddl; DEALLOCATE PREPARE ddl;

SET @ddl = (SELECT IF(COUNT(*) = 0, 'ALTER TABLE `Post` ADD FULLTEXT INDEX ft_post_search (search_terms)', 'DO 0')
    FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = 'Post' AND index_name = 'ft_post_search');
PREPARE ddl FROM @ddl; EXECUTE ddl; DEALLOCATE PREPARE ddl;

SET @ddl = (SELECT IF(COUNT(*) = 0, 'ALTER TABLE `Post` ADD INDEX ix_post_content (content_hash)', 'DO 0')
    FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = 'Post' AND index_name = 'ix_post_content');
PREPARE ddl FROM @ddl; EXECUTE ddl; DEALLOCATE PREPARE ddl;

SET @ddl = (SELECT IF(COUNT(*) = 0, 'ALTER TABLE `Task` ADD FULLTEXT INDEX ft_task_search (search_terms)', 'DO 0')
    FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = 'Task' AND index_name = 'ft_task_search');
PREPARE ddl FROM @ddl; EXECUTE ddl; DEALLOCATE PREPARE ddl;

SET @ddl = (SELECT IF(COUNT(*) = 0, 'ALTER TABLE `Task` ADD INDEX ix_task_block (block_number)', 'DO 0')
    FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = 'Task' AND index_name = 'ix_task_block');
PREPARE ddl FROM @ddl; EXECUTE ddl; DEALLOCATE PREPARE ddl;

-- Everything below is written by the API alone (never by the indexer, never rolled back
-- by a reorg) and is what `scripts/backup` saves: it cannot be rebuilt from the chain.

-- Content documents (posts, specs, profiles, ...) under their keccak256.
CREATE TABLE IF NOT EXISTS `content` (
    hash          CHAR(66)        NOT NULL,
    body          MEDIUMTEXT      NOT NULL,
    byte_size     INT UNSIGNED    NOT NULL,
    search_terms  TEXT            NULL,
    created_by    CHAR(42)        NULL,
    created_at    BIGINT UNSIGNED NOT NULL,
    PRIMARY KEY (hash),
    FULLTEXT INDEX ft_content_search (search_terms)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Private account data keyed by wallet address: contacts and the password hash. (The
-- seed's `User.email`/`phone`/`password` columns stay NULL: `User` rows are the chain's
-- and a reorg may roll them back; these must survive that.)
CREATE TABLE IF NOT EXISTS `account` (
    address         CHAR(42)        NOT NULL,
    email           VARCHAR(255)    NULL,
    email_verified  TINYINT(1)      NOT NULL DEFAULT 0,
    phone           VARCHAR(20)     NULL,
    password_hash   VARCHAR(255)    NULL,
    updated_at      BIGINT UNSIGNED NOT NULL,
    PRIMARY KEY (address),
    UNIQUE KEY uq_account_email (email),
    UNIQUE KEY uq_account_phone (phone)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Single-use tokens: SIWE nonces, password resets and email verifications. Only a
-- SHA-256 of reset and verification tokens is kept.
CREATE TABLE IF NOT EXISTS `auth_token` (
    token_hash    CHAR(64)        NOT NULL,
    purpose       ENUM('siwe_nonce','password_reset','email_verify') NOT NULL,
    address       CHAR(42)        NULL,
    email         VARCHAR(255)    NULL,
    expires_at    BIGINT UNSIGNED NOT NULL,
    used_at       BIGINT UNSIGNED NULL,
    created_at    BIGINT UNSIGNED NOT NULL,
    PRIMARY KEY (token_hash),
    KEY ix_auth_token_expiry (expires_at)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;

-- Sessions issued (the JWT's `jti`): sign-out and password changes revoke them.
CREATE TABLE IF NOT EXISTS `session` (
    id            CHAR(32)        NOT NULL,
    address       CHAR(42)        NOT NULL,
    method        ENUM('siwe','password') NOT NULL,
    created_at    BIGINT UNSIGNED NOT NULL,
    expires_at    BIGINT UNSIGNED NOT NULL,
    revoked_at    BIGINT UNSIGNED NULL,
    PRIMARY KEY (id),
    KEY ix_session_address (address)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;
