-- When an order was paid, completed (delivered) or cancelled: the block time of the log
-- that moved it there, so an order page shows its timeline without reading the chain.
-- NULL: it has not (or, for orders indexed before this column, the indexer rebuilt
-- from an older database has not recorded it; `indexer audit` replays set them).
ALTER TABLE `Orders`
    ADD COLUMN paid_at      BIGINT UNSIGNED NULL,
    ADD COLUMN completed_at BIGINT UNSIGNED NULL,
    ADD COLUMN cancelled_at BIGINT UNSIGNED NULL;
