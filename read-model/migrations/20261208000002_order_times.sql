-- When an order was paid, completed (delivered) or cancelled: the block time of the log
-- that moved it there, so an order page shows its timeline without reading the chain.
-- NULL: not (yet) in that state.
--
-- Idempotent, as every migration here (a run killed midway is run again, see
-- `db::run_migrations`): MySQL 8 has no `ADD COLUMN IF NOT EXISTS`, so the ALTER is
-- prepared only while the columns are missing. One ALTER adds all three, atomically.
SET @order_times := (
    SELECT IF(COUNT(*) = 0,
        'ALTER TABLE `Orders` ADD COLUMN paid_at BIGINT UNSIGNED NULL, ADD COLUMN completed_at BIGINT UNSIGNED NULL, ADD COLUMN cancelled_at BIGINT UNSIGNED NULL',
        'DO 0')
    FROM information_schema.columns
    WHERE table_schema = DATABASE() AND table_name = 'Orders' AND column_name = 'paid_at'
);
PREPARE order_times FROM @order_times;
EXECUTE order_times;
DEALLOCATE PREPARE order_times;
