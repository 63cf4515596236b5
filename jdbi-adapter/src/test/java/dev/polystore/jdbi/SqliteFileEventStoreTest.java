package dev.polystore.jdbi;

import dev.polystore.EventStore;
import dev.polystore.Stores;
import dev.polystore.tck.EventStoreContract;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

/** The event-store contract on a SQLite file database, a new file per test, opened by URL. */
class SqliteFileEventStoreTest extends EventStoreContract {

  private static final AtomicInteger COUNTER = new AtomicInteger();

  @TempDir
  Path dir;

  @Override
  protected EventStore openEmptyStore() {
    return Stores.openEventStore("jdbc:sqlite:" + dir.resolve("events-" + COUNTER.incrementAndGet() + ".db"));
  }

  @Override
  protected String variant() {
    return "file";
  }
}
