-- Trailing spaces are significant in keys, as on every other backend: "pad" and "pad " are two usernames, two
-- tags, and a look-up or filter for one never finds the other. utf8mb4_bin is a PAD SPACE collation (it compares
-- 'pad' = 'pad ' as true), so the text columns that are compared move to the NO PAD binary collation of the
-- server, which still compares by code point: MariaDB's utf8mb4_nopad_bin (10.2 and later), MySQL 8's
-- utf8mb4_0900_bin. The server is picked by the collation it has, not by its version text. Post title and
-- content keep their case-insensitive collation for the FULLTEXT index; the adapter compares them as binary
-- strings, which never pad. events.series holds no spaces (letters, digits, _ . -), so it is left alone.
-- Changing the collation of a unique column keeps its values unique: under PAD SPACE no two values differed only
-- in trailing spaces.

SET @polystore_nopad_bin = (
  SELECT COLLATION_NAME FROM information_schema.COLLATIONS
  WHERE COLLATION_NAME IN ('utf8mb4_nopad_bin', 'utf8mb4_0900_bin')
  ORDER BY COLLATION_NAME = 'utf8mb4_nopad_bin' DESC
  LIMIT 1);

-- CONCAT yields NULL on a server with neither collation, and PREPARE then fails: the migration stops here.
SET @polystore_ddl = CONCAT(
  'ALTER TABLE users',
  ' MODIFY username VARCHAR(100) CHARACTER SET utf8mb4 COLLATE ', @polystore_nopad_bin, ' NOT NULL,',
  ' MODIFY username_key VARCHAR(400) CHARACTER SET utf8mb4 COLLATE ', @polystore_nopad_bin, ' NOT NULL,',
  ' MODIFY email VARCHAR(254) CHARACTER SET utf8mb4 COLLATE ', @polystore_nopad_bin, ' NOT NULL,',
  ' MODIFY email_key VARCHAR(700) CHARACTER SET utf8mb4 COLLATE ', @polystore_nopad_bin, ' NOT NULL,',
  ' MODIFY full_name VARCHAR(200) CHARACTER SET utf8mb4 COLLATE ', @polystore_nopad_bin, ' NULL,',
  ' MODIFY full_name_key VARCHAR(600) CHARACTER SET utf8mb4 COLLATE ', @polystore_nopad_bin, ' NULL,',
  ' DEFAULT CHARACTER SET utf8mb4 COLLATE ', @polystore_nopad_bin);
PREPARE polystore_statement FROM @polystore_ddl;
EXECUTE polystore_statement;
DEALLOCATE PREPARE polystore_statement;

SET @polystore_ddl = CONCAT(
  'ALTER TABLE tags',
  ' MODIFY name VARCHAR(64) CHARACTER SET utf8mb4 COLLATE ', @polystore_nopad_bin, ' NOT NULL,',
  ' DEFAULT CHARACTER SET utf8mb4 COLLATE ', @polystore_nopad_bin);
PREPARE polystore_statement FROM @polystore_ddl;
EXECUTE polystore_statement;
DEALLOCATE PREPARE polystore_statement;

SET @polystore_ddl = NULL;
SET @polystore_nopad_bin = NULL;
