package dev.polystore.jdbi;

import dev.polystore.StoreConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.io.TempDir;

/** {@link SqlMessagesContract} on a SQLite file. */
class SqliteMessagesTest extends SqlMessagesContract {

  @TempDir
  Path dir;

  private String url() {
    return "jdbc:sqlite:" + dir.resolve("messages.db");
  }

  @Override
  StoreConfig.Builder config() {
    return StoreConfig.builder(url());
  }

  @Override
  void empty() {
    // a new file per test
  }

  @Override
  void refuseUsername(String name, String username) throws Exception {
    try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement()) {
      s.execute("CREATE TRIGGER " + name + " BEFORE INSERT ON users WHEN NEW.username = '" + username + "'"
          + " BEGIN SELECT RAISE(ABORT, '" + name + " refuses the row'); END");
    }
  }
}
