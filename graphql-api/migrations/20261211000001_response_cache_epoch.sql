-- Issue 17: the response cache. Answers are kept per read-model generation: the indexed
-- block and its hash (indexer_state), and this counter, which every write of the API's
-- own tables moves (a mutation, an image upload, an unsubscribe, a content prune) so
-- that off-chain changes are seen by the next read on every API process sharing the
-- database. Idempotent like every migration here.
CREATE TABLE IF NOT EXISTS `api_epoch` (
    id TINYINT UNSIGNED NOT NULL PRIMARY KEY,
    epoch BIGINT UNSIGNED NOT NULL
) ENGINE = InnoDB;

INSERT IGNORE INTO `api_epoch` (id, epoch) VALUES (1, 0);
