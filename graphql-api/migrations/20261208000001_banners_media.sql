-- Home-page banners, managed by the system admin (off chain: they are presentation, not
-- a fact the chain holds).
CREATE TABLE IF NOT EXISTS `banner` (
    id            INT UNSIGNED    NOT NULL AUTO_INCREMENT,
    title         VARCHAR(60)     NOT NULL,
    subtitle      VARCHAR(120)    NOT NULL DEFAULT '',
    image         CHAR(66)        NULL,      -- a `media` hash
    link          VARCHAR(200)    NOT NULL DEFAULT '',
    position      INT             NOT NULL DEFAULT 0,
    active        TINYINT(1)      NOT NULL DEFAULT 1,
    updated_by    CHAR(42)        NOT NULL,
    updated_at    BIGINT UNSIGNED NOT NULL,
    PRIMARY KEY (id),
    KEY ix_banner_order (active, position)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Images in the content store: the API's own re-encoding of an upload (metadata
-- stripped), under the keccak256 of exactly these bytes, with a thumbnail. Documents on
-- chain name them by that hash.
CREATE TABLE IF NOT EXISTS `media` (
    hash          CHAR(66)        NOT NULL,
    content_type  VARCHAR(32)     NOT NULL,
    width         INT UNSIGNED    NOT NULL,
    height        INT UNSIGNED    NOT NULL,
    byte_size     INT UNSIGNED    NOT NULL,
    body          LONGBLOB        NOT NULL,
    thumb_type    VARCHAR(32)     NOT NULL,
    thumb         MEDIUMBLOB      NOT NULL,
    created_by    CHAR(42)        NULL,
    created_at    BIGINT UNSIGNED NOT NULL,
    PRIMARY KEY (hash)
) ENGINE=InnoDB DEFAULT CHARSET=ascii;
