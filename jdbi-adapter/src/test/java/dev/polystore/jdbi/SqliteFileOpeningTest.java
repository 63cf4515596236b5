package dev.polystore.jdbi;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.StoreConfigurationException;
import dev.polystore.Stores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SQLite file that cannot be opened is a configuration error, at once and naming the path, not a temporary
 * outage reported after {@code pool.connection.timeout}.
 */
class SqliteFileOpeningTest {

  @TempDir
  Path dir;

  @Test
  void aFileInADirectoryThatDoesNotExistFailsAtOnceNamingThePath() {
    Path missing = dir.resolve("missing-dir").resolve("x.db");
    assertRefusedAtOnce("jdbc:sqlite:" + missing, missing.getParent().toString(), "does not exist");
    assertRefusedAtOnce("jdbc:sqlite:file:" + missing + "?mode=rwc", missing.getParent().toString(),
        "does not exist");
  }

  @Test
  void aPathThatIsADirectoryFailsAtOnceNamingThePath() throws Exception {
    Path directory = Files.createDirectory(dir.resolve("a-directory.db"));
    assertRefusedAtOnce("jdbc:sqlite:" + directory, directory.toString(), "is a directory");
  }

  @Test
  void aParentThatIsAFileFailsAtOnce() throws Exception {
    Path file = Files.writeString(dir.resolve("plain-file"), "not a directory");
    assertRefusedAtOnce("jdbc:sqlite:" + file.resolve("x.db"), file.toString(), "not a directory");
  }

  private static void assertRefusedAtOnce(String url, String named, String why) {
    long start = System.nanoTime();
    StoreConfigurationException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
        () -> assertThrows(StoreConfigurationException.class, () -> Stores.openEventStore(url).close()), url);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(millis < 1_000, "refused in " + millis + " ms");
    assertTrue(e.getMessage().contains(named) && e.getMessage().contains(why), e.getMessage());
  }
}
