package dev.polystore.jdbi;

import dev.polystore.EventStore;
import dev.polystore.Stores;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Event native access on a SQLite file database opened by URL, a new file per test. */
class SqliteFileEventNativeAccessTest extends JdbiEventNativeAccessContract {

  @TempDir
  Path dir;

  @Override
  protected EventStore openStore() {
    return Stores.openEventStore("jdbc:sqlite:" + dir.resolve("native-events.db"));
  }

  @Override
  protected String variant() {
    return "file";
  }
}
