-- Time-stamped events for MySQL 8 and MariaDB 10.6+.
-- time is DATETIME(6) holding the UTC wall-clock time (microseconds). tags is a JSON object with its keys
-- sorted, matched with JSON_CONTAINS; fields a JSON object of numbers, booleans and strings. Text compares by
-- code point (utf8mb4_bin).
-- tags_key is the SHA-256 of the canonical tags text: series + time + tags_key identify an event, so writing
-- the same series, tags and time again replaces the fields (last write wins). The primary key starts with
-- (series, time), so it also serves time-range reads of a series in time order.

CREATE TABLE events (
  series   VARCHAR(128) NOT NULL,
  time     DATETIME(6)  NOT NULL,
  tags_key BINARY(32)   NOT NULL,
  tags     JSON         NOT NULL,
  fields   JSON         NOT NULL,
  PRIMARY KEY (series, time, tags_key)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
