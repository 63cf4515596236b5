-- Users, posts and tags for PostgreSQL.
-- Text is COLLATE "C" (code-point order, as on every dialect); times are timestamptz (microseconds, UTC).
-- *_key columns hold the value lowercased by the adapter (Java, Locale.ROOT): case-insensitive uniqueness
-- and matching use them, identically on every dialect.

CREATE TABLE users (
  id            uuid        NOT NULL PRIMARY KEY,
  username      text        COLLATE "C" NOT NULL,
  username_key  text        COLLATE "C" NOT NULL,
  email         text        COLLATE "C" NOT NULL,
  email_key     text        COLLATE "C" NOT NULL,
  full_name     text        COLLATE "C",
  full_name_key text        COLLATE "C",
  age           integer,
  active        boolean     NOT NULL,
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL,
  version       bigint      NOT NULL,
  CONSTRAINT uq_users_username UNIQUE (username_key),
  CONSTRAINT uq_users_email UNIQUE (email_key)
);
CREATE INDEX ix_users_username ON users (username, id);
CREATE INDEX ix_users_age ON users (age, id);
CREATE INDEX ix_users_created_at ON users (created_at, id);
CREATE INDEX ix_users_updated_at ON users (updated_at, id);
CREATE INDEX ix_users_full_name_key ON users (full_name_key);

-- search: whole words of title and content, lowercased, no stemming ('simple'), for @@ plainto_tsquery.
CREATE TABLE posts (
  id         uuid        NOT NULL PRIMARY KEY,
  author_id  uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  title      text        COLLATE "C" NOT NULL,
  content    text        COLLATE "C" NOT NULL,
  created_at timestamptz NOT NULL,
  search     tsvector    GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, title || ' ' || content)) STORED
);
CREATE INDEX ix_posts_author ON posts (author_id, created_at, id);
CREATE INDEX ix_posts_created_at ON posts (created_at, id);
CREATE INDEX ix_posts_search ON posts USING gin (search);

CREATE TABLE tags (
  id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text   COLLATE "C" NOT NULL,
  CONSTRAINT uq_tags_name UNIQUE (name)
);

CREATE TABLE post_tags (
  post_id uuid   NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
  tag_id  bigint NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
  PRIMARY KEY (post_id, tag_id)
);
CREATE INDEX ix_post_tags_tag ON post_tags (tag_id, post_id);
