-- The off-chain tables: written by the API alone (never by the indexer, never rolled
-- back by a reorg) and what `scripts/backup` saves, since they cannot be rebuilt from
-- the chain. The chain-derived tables are the read model's (`read-model/migrations`);
-- both migrators share `_sqlx_migrations` and each ignores versions it does not know.
--
-- This baseline replaces the off-chain parts of migrations 20261127000005 and
-- 20261206000001 (pre-release). Every statement is CREATE TABLE IF NOT EXISTS in the
-- final shape, so a database those built passes through it unchanged.
--
-- MySQL 8 is the production target; everything here also runs on MariaDB 10.11.

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
--
-- An email or phone number need not be unique across accounts: a unique key would
-- tell anyone who owns an address, and let an unverified claim block the address's
-- real owner. The API keeps a *verified* email unique itself (verifyEmail refuses a
-- second verified owner) and prefers the verified owner when an email is used to sign
-- in. Plain indexes keep the lookups fast.
CREATE TABLE IF NOT EXISTS `account` (
    address         CHAR(42)        NOT NULL,
    email           VARCHAR(255)    NULL,
    email_verified  TINYINT(1)      NOT NULL DEFAULT 0,
    phone           VARCHAR(20)     NULL,
    password_hash   VARCHAR(255)    NULL,
    updated_at      BIGINT UNSIGNED NOT NULL,
    PRIMARY KEY (address),
    KEY ix_account_email (email),
    KEY ix_account_phone (phone)
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
