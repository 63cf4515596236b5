package dev.polystore.jdbi;

import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Test support: an application's own SqlObject DAO, over a table of its own ({@code app_notes}) next to
 * Polystore's, and one read of Polystore's {@code users} table as native-access.md documents it. The SQL is the
 * same on SQLite, PostgreSQL and MySQL/MariaDB.
 */
public interface NotesDao {

  @SqlUpdate("CREATE TABLE IF NOT EXISTS app_notes (note_key VARCHAR(100) NOT NULL PRIMARY KEY)")
  void createTable();

  @SqlUpdate("DELETE FROM app_notes")
  void deleteAll();

  @SqlUpdate("INSERT INTO app_notes (note_key) VALUES (:key)")
  void insert(@Bind("key") String key);

  @SqlQuery("SELECT COUNT(*) FROM app_notes WHERE note_key = :key")
  int count(@Bind("key") String key);

  /** A user's name by id: the store's {@code Jdbi} and handles bind a {@code UUID} as the dialect stores ids. */
  @SqlQuery("SELECT username FROM users WHERE id = :id")
  Optional<String> username(@Bind("id") UUID id);
}
