-- Users, posts and tags for SQLite.
-- Times are INTEGER microseconds since 1970-01-01T00:00:00Z; ids are canonical lowercase UUID text.
-- *_key columns hold the value lowercased by the adapter (Java, Locale.ROOT): case-insensitive uniqueness
-- and matching use them, identically on every dialect.

CREATE TABLE users (
  id            TEXT    NOT NULL PRIMARY KEY,
  username      TEXT    NOT NULL,
  username_key  TEXT    NOT NULL,
  email         TEXT    NOT NULL,
  email_key     TEXT    NOT NULL,
  full_name     TEXT,
  full_name_key TEXT,
  age           INTEGER,
  active        INTEGER NOT NULL,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  version       INTEGER NOT NULL,
  CONSTRAINT uq_users_username UNIQUE (username_key),
  CONSTRAINT uq_users_email UNIQUE (email_key)
);
CREATE INDEX ix_users_username ON users (username, id);
CREATE INDEX ix_users_age ON users (age, id);
CREATE INDEX ix_users_created_at ON users (created_at, id);
CREATE INDEX ix_users_updated_at ON users (updated_at, id);
CREATE INDEX ix_users_full_name_key ON users (full_name_key);

-- seq is the stable row id the full-text index refers to.
CREATE TABLE posts (
  seq        INTEGER PRIMARY KEY,
  id         TEXT    NOT NULL,
  author_id  TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  title      TEXT    NOT NULL,
  content    TEXT    NOT NULL,
  created_at INTEGER NOT NULL,
  CONSTRAINT uq_posts_id UNIQUE (id)
);
CREATE INDEX ix_posts_author ON posts (author_id, created_at, id);
CREATE INDEX ix_posts_created_at ON posts (created_at, id);

CREATE TABLE tags (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  CONSTRAINT uq_tags_name UNIQUE (name)
);

CREATE TABLE post_tags (
  post_id TEXT    NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  tag_id  INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
  PRIMARY KEY (post_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX ix_post_tags_tag ON post_tags (tag_id, post_id);

-- Full text: an external-content FTS5 table over posts, kept in step by triggers.
CREATE VIRTUAL TABLE posts_fts USING fts5(title, content, content='posts', content_rowid='seq');

CREATE TRIGGER posts_fts_insert AFTER INSERT ON posts BEGIN
  INSERT INTO posts_fts (rowid, title, content) VALUES (new.seq, new.title, new.content);
END;

CREATE TRIGGER posts_fts_delete AFTER DELETE ON posts BEGIN
  INSERT INTO posts_fts (posts_fts, rowid, title, content) VALUES ('delete', old.seq, old.title, old.content);
END;

CREATE TRIGGER posts_fts_update AFTER UPDATE ON posts BEGIN
  INSERT INTO posts_fts (posts_fts, rowid, title, content) VALUES ('delete', old.seq, old.title, old.content);
  INSERT INTO posts_fts (rowid, title, content) VALUES (new.seq, new.title, new.content);
END;
