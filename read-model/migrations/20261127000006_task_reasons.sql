-- The documents behind a rejection (`WorkRejected.reasonHash`) and a dispute
-- (`DisputeOpened.reasonHash`), so the claimer and the arbiter can read why. Each ALTER
-- runs only if its column is still missing (see migration 5).
SET @ddl = (SELECT IF(COUNT(*) = 0, 'ALTER TABLE `Task` ADD COLUMN rejection_hash CHAR(66) NULL', 'DO 0')
    FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'Task' AND column_name = 'rejection_hash');
PREPARE ddl FROM @ddl; EXECUTE ddl; DEALLOCATE PREPARE ddl;

SET @ddl = (SELECT IF(COUNT(*) = 0, 'ALTER TABLE `Task_history` ADD COLUMN rejection_hash CHAR(66) NULL', 'DO 0')
    FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'Task_history' AND column_name = 'rejection_hash');
PREPARE ddl FROM @ddl; EXECUTE ddl; DEALLOCATE PREPARE ddl;

SET @ddl = (SELECT IF(COUNT(*) = 0, 'ALTER TABLE `Task` ADD COLUMN dispute_hash CHAR(66) NULL', 'DO 0')
    FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'Task' AND column_name = 'dispute_hash');
PREPARE ddl FROM @ddl; EXECUTE ddl; DEALLOCATE PREPARE ddl;

SET @ddl = (SELECT IF(COUNT(*) = 0, 'ALTER TABLE `Task_history` ADD COLUMN dispute_hash CHAR(66) NULL', 'DO 0')
    FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'Task_history' AND column_name = 'dispute_hash');
PREPARE ddl FROM @ddl; EXECUTE ddl; DEALLOCATE PREPARE ddl;
