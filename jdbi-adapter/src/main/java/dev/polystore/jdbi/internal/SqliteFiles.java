package dev.polystore.jdbi.internal;

import dev.polystore.StoreConfig;
import dev.polystore.StoreConfigurationException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** Internal: what a SQLite URL names — an in-memory database, or a file that must be openable for writing. */
final class SqliteFiles {

  private SqliteFiles() {
  }

  /** Whether the URL names an in-memory SQLite database, which lives only as long as a connection to it. */
  static boolean isMemory(String url) {
    if (!url.startsWith("jdbc:sqlite:")) {
      return false;
    }
    String rest = url.substring("jdbc:sqlite:".length());
    return rest.isEmpty() || rest.startsWith(":memory:") || rest.startsWith("file::memory:")
        || rest.contains("mode=memory");
  }

  /**
   * Refuses at once a SQLite file that cannot be opened for writing: its directory is missing or not a
   * directory, the path is a directory, or the file (or, for a new file, its directory) is not writable.
   * Otherwise the pool would retry the open until {@code pool.connection.timeout} and report a temporary outage,
   * with SQLite's {@code SQLITE_CANTOPEN} three causes deep.
   *
   * @throws StoreConfigurationException naming the path and what is wrong with it
   */
  static void requireOpenable(String url) {
    Path file = sqliteFile(url);
    if (file == null) {
      return;
    }
    Path parent = file.toAbsolutePath().getParent();
    String problem = null;
    if (Files.isDirectory(file)) {
      problem = "is a directory";
    } else if (parent != null && !Files.exists(parent)) {
      problem = "cannot be created: its directory " + parent + " does not exist";
    } else if (parent != null && !Files.isDirectory(parent)) {
      problem = "cannot be created: " + parent + " is not a directory";
    } else if (Files.exists(file) ? !Files.isWritable(file) : parent != null && !Files.isWritable(parent)) {
      problem = Files.exists(file) ? "is not writable" : "cannot be created: its directory " + parent
          + " is not writable";
    }
    if (problem != null) {
      throw new StoreConfigurationException("Cannot open the SQLite database " + file + ": it " + problem
          + " (URL " + StoreConfig.mask(url) + ")");
    }
  }

  /**
   * The file of a SQLite URL ({@code jdbc:sqlite:path} or {@code jdbc:sqlite:file:path?...}), or {@code null} when
   * it names none (a temporary or in-memory database, a class path resource, or a path this cannot read).
   */
  private static Path sqliteFile(String url) {
    String path = url.substring("jdbc:sqlite:".length());
    boolean uri = path.startsWith("file:");
    if (uri) {
      path = path.substring("file:".length());
      if (path.startsWith("//")) {
        path = path.substring(2);
      }
    }
    int query = path.indexOf('?');
    if (query >= 0) {
      path = path.substring(0, query);
    }
    if (uri) {
      path = URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
    if (path.isEmpty() || path.startsWith(":")) {
      return null;
    }
    try {
      return Path.of(path);
    } catch (InvalidPathException e) {
      return null;
    }
  }
}
