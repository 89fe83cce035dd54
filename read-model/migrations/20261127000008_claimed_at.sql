-- Task.claimed_at: the time of the current claim (`TaskClaimed`'s block, which the
-- contract stores as `claimedAt`). A dispute's arbiter must have been a community admin
-- since then, so it stays while the task has a claimer (claimed, submitted, disputed,
-- and after it ends); NULL while nobody holds the task (open, or after an abandon or a
-- release). Idempotent like migration 5.
SET @ddl = (SELECT IF(COUNT(*) = 0, 'ALTER TABLE `Task` ADD COLUMN claimed_at BIGINT UNSIGNED NULL', 'DO 0')
    FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'Task' AND column_name = 'claimed_at');
PREPARE ddl FROM @ddl; EXECUTE ddl; DEALLOCATE PREPARE ddl;

SET @ddl = (SELECT IF(COUNT(*) = 0, 'ALTER TABLE `Task_history` ADD COLUMN claimed_at BIGINT UNSIGNED NULL', 'DO 0')
    FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'Task_history' AND column_name = 'claimed_at');
PREPARE ddl FROM @ddl; EXECUTE ddl; DEALLOCATE PREPARE ddl;
