package dev.polystore.jdbi;

import dev.polystore.EventStore;
import dev.polystore.tck.EventNativeAccessContract;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * The event native-access contract on the JDBI adapter: the application's SQL over the {@code events} table, with
 * each dialect's JSON operators on {@code tags} and {@code fields} as native-access.md shows them. One subclass per
 * backend opens the store.
 */
abstract class JdbiEventNativeAccessContract extends EventNativeAccessContract {

  /** The store, opened (so migrated) over an empty schema. */
  protected abstract EventStore openStore();

  @Override
  protected final EventStore openEmptyStore() {
    return openStore();
  }

  @Override
  protected Set<Class<?>> storeTypes() {
    return Set.of(Jdbi.class, DataSource.class);
  }

  @Override
  protected List<Long> nativeFieldValues(EventStore store, String series, String host, String field) {
    String sql = switch (store.capabilities().backend()) {
      case "SQLite" -> "SELECT json_extract(fields, '$.' || :field) FROM events"
          + " WHERE series = :series AND json_extract(tags, '$.host') = :host ORDER BY time";
      case "PostgreSQL" -> "SELECT (fields ->> :field)::bigint FROM events"
          + " WHERE series = :series AND tags ->> 'host' = :host ORDER BY time";
      default -> "SELECT CAST(JSON_EXTRACT(fields, CONCAT('$.', :field)) AS SIGNED) FROM events"
          + " WHERE series = :series AND JSON_UNQUOTE(JSON_EXTRACT(tags, '$.host')) = :host ORDER BY time";
    };
    return store.unwrapOrThrow(Jdbi.class).withHandle(h -> h.createQuery(sql).bind("field", field)
        .bind("series", series).bind("host", host).mapTo(Long.class).list());
  }
}
