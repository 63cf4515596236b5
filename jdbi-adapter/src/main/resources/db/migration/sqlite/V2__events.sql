-- Time-stamped events for SQLite.
-- time is INTEGER microseconds since 1970-01-01T00:00:00Z (UTC). tags is a JSON object with its keys sorted
-- (the canonical form the adapter writes), fields a JSON object of numbers, booleans and strings.
-- tags_key is the SHA-256 of the canonical tags text: series + time + tags_key identify an event, so writing
-- the same series, tags and time again replaces the fields (last write wins). The primary key starts with
-- (series, time), so it also serves time-range reads of a series in time order; tag equality filters are
-- evaluated on the rows of that range.

CREATE TABLE events (
  series   TEXT    NOT NULL,
  time     INTEGER NOT NULL,
  tags_key BLOB    NOT NULL,
  tags     TEXT    NOT NULL,
  fields   TEXT    NOT NULL,
  PRIMARY KEY (series, time, tags_key)
);
