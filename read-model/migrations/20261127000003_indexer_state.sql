-- The indexer's own bookkeeping, committed in the same transaction as the rows it
-- describes, so a crash at any moment leaves the database at a block boundary.

-- One row: the last block whose logs are in the read model, and the read model's digest
-- after it (two indexers of the same chain agree on it block by block).
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

-- Indexed blocks: every block of the recent window (reorg detection needs their hashes)
-- and every block that changed the read model (its digest; time travel maps blocks to
-- times). Pruned below the reorg window for blocks that changed nothing.
CREATE TABLE IF NOT EXISTS `indexed_block` (
    block_number    BIGINT UNSIGNED  NOT NULL,
    block_hash      CHAR(66)         NOT NULL,
    parent_hash     CHAR(66)         NOT NULL,
    block_time      BIGINT UNSIGNED  NOT NULL,
    event_count     INT UNSIGNED     NOT NULL,
    state_digest    CHAR(66)         NOT NULL,
    PRIMARY KEY (block_number)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;
