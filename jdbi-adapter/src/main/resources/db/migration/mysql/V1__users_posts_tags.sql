-- Users, posts and tags for MySQL 8 and MariaDB 10.6+.
-- utf8mb4 everywhere (4-byte characters round-trip). Text compares by code point (utf8mb4_bin), except post
-- title and content, which carry a case-insensitive collation for their FULLTEXT index; the adapter compares
-- them under utf8mb4_bin. Times are DATETIME(6) holding UTC wall-clock time, written and read by the adapter
-- as UTC whatever the server's or the JVM's time zone. Ids are canonical lowercase UUID text.
-- *_key columns hold the value lowercased by the adapter (Java, Locale.ROOT): case-insensitive uniqueness
-- and matching use them, identically on every dialect.

CREATE TABLE users (
  id            CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  username      VARCHAR(100) NOT NULL,
  username_key  VARCHAR(400) NOT NULL,
  email         VARCHAR(254) NOT NULL,
  email_key     VARCHAR(700) NOT NULL,
  full_name     VARCHAR(200) NULL,
  full_name_key VARCHAR(600) NULL,
  age           INT NULL,
  active        BOOLEAN NOT NULL,
  created_at    DATETIME(6) NOT NULL,
  updated_at    DATETIME(6) NOT NULL,
  version       BIGINT NOT NULL,
  PRIMARY KEY (id),
  CONSTRAINT uq_users_username UNIQUE (username_key),
  CONSTRAINT uq_users_email UNIQUE (email_key),
  INDEX ix_users_username (username, id),
  INDEX ix_users_age (age, id),
  INDEX ix_users_created_at (created_at, id),
  INDEX ix_users_updated_at (updated_at, id),
  INDEX ix_users_full_name_key (full_name_key(191))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- The FULLTEXT index keeps every word: its stopword setting is fixed when it is created, from this session.
-- (Words shorter than the server's innodb_ft_min_token_size, 3 by default, are not indexed.)
SET SESSION innodb_ft_enable_stopword = 0;

CREATE TABLE posts (
  id         CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  author_id  CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  title      VARCHAR(200) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NOT NULL,
  content    MEDIUMTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NOT NULL,
  created_at DATETIME(6) NOT NULL,
  PRIMARY KEY (id),
  CONSTRAINT fk_posts_author FOREIGN KEY (author_id) REFERENCES users (id) ON DELETE CASCADE,
  INDEX ix_posts_author (author_id, created_at, id),
  INDEX ix_posts_created_at (created_at, id),
  FULLTEXT INDEX ft_posts_text (title, content)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE tags (
  id   BIGINT NOT NULL AUTO_INCREMENT,
  name VARCHAR(64) NOT NULL,
  PRIMARY KEY (id),
  CONSTRAINT uq_tags_name UNIQUE (name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE post_tags (
  post_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  tag_id  BIGINT NOT NULL,
  PRIMARY KEY (post_id, tag_id),
  INDEX ix_post_tags_tag (tag_id, post_id),
  CONSTRAINT fk_post_tags_post FOREIGN KEY (post_id) REFERENCES posts (id) ON DELETE CASCADE,
  CONSTRAINT fk_post_tags_tag FOREIGN KEY (tag_id) REFERENCES tags (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
