-- Issue 15: sponsored transactions and the in-browser wallet.

-- The in-browser wallet: the salt the browser derives its keys with (the login hash it
-- sends as the password, and the encryption key it never sends), and the private key
-- encrypted in the browser. The server can neither decrypt the vault nor derive the
-- password from the login hash (which it stores only as an argon2id hash).
-- `wallet_lost`: a password reset dropped a vault the new password cannot open.
-- Idempotent like every migration here; MySQL 8 has no ADD COLUMN IF NOT EXISTS, so the
-- ALTER is prepared only while the columns are missing (one ALTER adds all three).
SET @vault_columns := (
    SELECT IF(COUNT(*) = 0,
        'ALTER TABLE `account` ADD COLUMN password_salt CHAR(66) NULL, ADD COLUMN wallet_vault VARCHAR(4096) NULL, ADD COLUMN wallet_lost TINYINT(1) NOT NULL DEFAULT 0',
        'DO 0')
    FROM information_schema.columns
    WHERE table_schema = DATABASE() AND table_name = 'account' AND column_name = 'password_salt'
);
PREPARE vault_columns FROM @vault_columns;
EXECUTE vault_columns;
DEALLOCATE PREPARE vault_columns;

-- Signed ERC-2771 forward requests the relayer accepted. A row is written before
-- anything is sent, so a crash loses no accepted request; `digest` (the request's
-- EIP-712 hash) makes submitting the same signed request twice return the same row.
-- status: queued → sent → mined | failed. `sponsor_nonce` is the sponsor account's
-- transaction nonce, fixed (with the signed transaction in relay_tx) before the first
-- broadcast, so a restart re-sends the same transaction and never a second one.
CREATE TABLE IF NOT EXISTS relay_request (
    id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    digest        CHAR(66)        NOT NULL,
    forwarder     CHAR(42)        NOT NULL,
    from_address  CHAR(42)        NOT NULL,
    to_address    CHAR(42)        NOT NULL,
    call_name     VARCHAR(96)     NOT NULL,
    gas           BIGINT UNSIGNED NOT NULL,
    nonce         BIGINT UNSIGNED NOT NULL,
    deadline      BIGINT UNSIGNED NOT NULL,
    calldata      VARBINARY(16384) NOT NULL,
    signature     VARBINARY(65)   NOT NULL,
    ip            VARCHAR(45)     NOT NULL,
    status        VARCHAR(8)      NOT NULL,
    sponsor_nonce BIGINT UNSIGNED NULL,
    tx_hash       CHAR(66)        NULL,
    sent_at       BIGINT UNSIGNED NULL,
    block_number  BIGINT UNSIGNED NULL,
    error         VARCHAR(512)    NULL,
    error_name    VARCHAR(128)    NULL,
    created_at    BIGINT UNSIGNED NOT NULL,
    updated_at    BIGINT UNSIGNED NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY ux_relay_digest (digest),
    KEY ix_relay_status (status, id),
    KEY ix_relay_from (from_address, created_at),
    KEY ix_relay_ip (ip, created_at),
    KEY ix_relay_from_nonce (from_address, nonce)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Every signed transaction sent for a request: the first and each fee bump (same
-- sponsor nonce, so at most one of them is ever mined). Kept to re-send after a restart
-- and to find the receipt of whichever was mined.
CREATE TABLE IF NOT EXISTS relay_tx (
    tx_hash       CHAR(66)        NOT NULL,
    request_id    BIGINT UNSIGNED NOT NULL,
    sponsor_nonce BIGINT UNSIGNED NOT NULL,
    max_fee       DECIMAL(38,0)   NOT NULL,
    priority_fee  DECIMAL(38,0)   NOT NULL,
    raw           VARBINARY(20000) NOT NULL,
    sent_at       BIGINT UNSIGNED NOT NULL,
    PRIMARY KEY (tx_hash),
    KEY ix_relay_tx_request (request_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
