package dev.polystore.jdbi;

import dev.polystore.EventStore;
import dev.polystore.StoreConfig;
import dev.polystore.jdbi.internal.JdbiDatabase;
import dev.polystore.jdbi.internal.JdbiEventStore;
import dev.polystore.tck.EventStoreContract;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

/** The event-store contract on a SQLite file database, a new file per test. */
class SqliteFileEventStoreTest extends EventStoreContract {

  private static final AtomicInteger COUNTER = new AtomicInteger();

  @TempDir
  Path dir;

  @Override
  protected EventStore openEmptyStore() {
    String url = "jdbc:sqlite:" + dir.resolve("events-" + COUNTER.incrementAndGet() + ".db");
    return new JdbiEventStore(JdbiDatabase.open(StoreConfig.of(url), JdbiStoreOptions.defaults()));
  }

  @Override
  protected String variant() {
    return "file";
  }
}
