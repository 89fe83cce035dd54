-- API hardening (issue 11), off-chain tables the API owns.
--
-- An email or phone number no longer has to be unique across accounts: a unique key
-- made `updateContact` tell anyone who owned an address ("belongs to another
-- account"), and let an unverified claim block the address's real owner. The API now
-- keeps a *verified* email unique itself (verifyEmail refuses a second verified owner),
-- prefers the verified owner when an email is used to sign in, and accepts any claim
-- without saying whether someone else made it. Plain indexes keep the lookups fast.
-- Each ALTER runs only if still needed (see migration 5).
SET @ddl = (SELECT IF(COUNT(*) > 0, 'ALTER TABLE `account` DROP INDEX uq_account_email', 'DO 0')
    FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = 'account' AND index_name = 'uq_account_email');
PREPARE ddl FROM @ddl; EXECUTE ddl; DEALLOCATE PREPARE ddl;

SET @ddl = (SELECT IF(COUNT(*) > 0, 'ALTER TABLE `account` DROP INDEX uq_account_phone', 'DO 0')
    FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = 'account' AND index_name = 'uq_account_phone');
PREPARE ddl FROM @ddl; EXECUTE ddl; DEALLOCATE PREPARE ddl;

SET @ddl = (SELECT IF(COUNT(*) = 0, 'ALTER TABLE `account` ADD INDEX ix_account_email (email)', 'DO 0')
    FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = 'account' AND index_name = 'ix_account_email');
PREPARE ddl FROM @ddl; EXECUTE ddl; DEALLOCATE PREPARE ddl;

SET @ddl = (SELECT IF(COUNT(*) = 0, 'ALTER TABLE `account` ADD INDEX ix_account_phone (phone)', 'DO 0')
    FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = 'account' AND index_name = 'ix_account_phone');
PREPARE ddl FROM @ddl; EXECUTE ddl; DEALLOCATE PREPARE ddl;
