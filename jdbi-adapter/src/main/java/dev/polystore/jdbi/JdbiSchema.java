package dev.polystore.jdbi;

import dev.polystore.StoreException;
import dev.polystore.jdbi.internal.SqlErrors;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * The schema the JDBI adapter keeps, for the application's own SQL: the tables {@code users}, {@code posts},
 * {@code tags}, {@code post_tags} and {@code events}, laid out per dialect as {@code docs/native-access.md} describes,
 * and their Flyway history in {@value #HISTORY_TABLE}. Each Polystore migration is one version there
 * ({@code V1__users_posts_tags}, {@code V2__events}, and on MySQL/MariaDB {@code V3__no_pad_collations}); a column the
 * documentation lists keeps its name and meaning within a version, and a migration that changes one comes with a new
 * version. A native caller checks the version it was written for once, for example when it starts:
 *
 * <pre>{@code
 * int version = store.unwrapOrThrow(Jdbi.class).withHandle(JdbiSchema::installedVersion);
 * if (version < 2) throw new IllegalStateException("the report needs the events table (schema version 2)");
 * }</pre>
 *
 * <p>Thread-safe (stateless).
 */
public final class JdbiSchema {

  /**
   * The table holding the adapter's Flyway history, apart from an application's own {@code flyway_schema_history}
   * in the same schema.
   */
  public static final String HISTORY_TABLE = "polystore_schema_history";

  /** Flyway's columns; {@code success} is a boolean or a 0/1 number, true either way in a condition. */
  private static final String SELECT_VERSIONS = "SELECT version FROM " + HISTORY_TABLE
      + " WHERE success AND version IS NOT NULL";

  private JdbiSchema() {
  }

  /**
   * The newest Polystore schema version applied successfully to the database {@code handle} is connected to (in
   * its current schema): 0 when the history holds only Flyway's baseline. Runs one query on {@code handle}, inside
   * its transaction if it is in one.
   *
   * @throws StoreException when the history cannot be read, for example because no Polystore store has migrated
   *     the schema (the table is missing)
   */
  public static int installedVersion(Handle handle) {
    List<String> versions;
    try {
      versions = handle.createQuery(SELECT_VERSIONS).mapTo(String.class).list();
    } catch (RuntimeException e) {
      RuntimeException translated = SqlErrors.translate(e, "read the Polystore schema version from " + HISTORY_TABLE);
      throw translated instanceof StoreException ? translated
          : new StoreException("read the Polystore schema version from " + HISTORY_TABLE + " failed", e);
    }
    int newest = 0;
    for (String version : versions) {
      newest = Math.max(newest, major(version));
    }
    return newest;
  }

  /** The whole-number part of a Flyway version ({@code "2"}, {@code "2.1"}). */
  private static int major(String version) {
    int dot = version.indexOf('.');
    try {
      return Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
    } catch (NumberFormatException e) {
      throw new StoreException(HISTORY_TABLE + " holds a version Polystore did not write: " + version, e);
    }
  }
}
