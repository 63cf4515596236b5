-- Time-stamped events for PostgreSQL.
-- time is timestamptz (UTC, microseconds). tags is jsonb, matched by containment (@>) with the help of a GIN
-- index. fields is json, not jsonb: json keeps the text as written, so a Double such as 1.0E300 stays a
-- floating-point number instead of becoming an integer numeric.
-- tags_key is the SHA-256 of the canonical tags text (keys sorted): series + time + tags_key identify an
-- event, so writing the same series, tags and time again replaces the fields (last write wins). The primary
-- key starts with (series, time), so it also serves time-range reads of a series in time order.

CREATE TABLE events (
  series   text        COLLATE "C" NOT NULL,
  time     timestamptz NOT NULL,
  tags_key bytea       NOT NULL,
  tags     jsonb       NOT NULL,
  fields   json        NOT NULL,
  CONSTRAINT events_pkey PRIMARY KEY (series, time, tags_key)
);
CREATE INDEX ix_events_tags ON events USING gin (tags jsonb_path_ops);
