package dev.polystore.benchmarks.sql;

import com.github.f4b6a3.uuid.UuidCreator;
import dev.polystore.EventStore;
import dev.polystore.StoreConfig;
import dev.polystore.Stores;
import dev.polystore.UserStore;
import dev.polystore.benchmarks.Workloads;
import dev.polystore.event.Event;
import dev.polystore.jdbi.JdbiStoreOptions;
import dev.polystore.jdbi.internal.JdbiDataSources;
import dev.polystore.jdbi.internal.SqlDialect;
import dev.polystore.user.NewUser;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * One SQL backend's two sides: Polystore's stores (which create the tables with their migrations) and a HikariCP
 * pool built by the adapter's own pool factory ({@link JdbiDataSources}) with the adapter's default options, so
 * the raw side has the same pool and driver settings. Loads, clears and analyzes the tables with plain JDBC.
 * Not thread-safe: set up and torn down by one JMH state.
 */
public final class SqlFixture implements AutoCloseable {

  /** How many distinct tags the loaded posts use. */
  public static final int TAG_NAMES = 20;

  private final SqlBackend backend;
  private final UserStore users;
  private final EventStore events;
  private final JdbiDataSources.OwnedDataSource rawPool;
  private final RawSqlUsers rawUsers;
  private final String url;

  public SqlFixture(SqlBackend backend) {
    this.backend = backend;
    this.url = backend.benchmarkUrl();
    StoreConfig config = StoreConfig.builder(url).property(JdbiStoreOptions.CURSOR_SECRET,
        "benchmark-cursor-secret-benchmark-cursor-secret").build();
    this.users = Stores.openUserStore(config);
    this.events = Stores.openEventStore(config);
    this.rawPool = JdbiDataSources.open(url, SqlDialect.forUrl(url), JdbiStoreOptions.defaults());
    this.rawUsers = new RawSqlUsers(rawPool.dataSource(), backend);
  }

  public SqlBackend backend() {
    return backend;
  }

  /** The JDBC URL both sides use. */
  public String jdbcUrl() {
    return url;
  }

  public UserStore users() {
    return users;
  }

  public EventStore events() {
    return events;
  }

  public DataSource rawPool() {
    return rawPool.dataSource();
  }

  public RawSqlUsers rawUsers() {
    return rawUsers;
  }

  /**
   * Empties every table the workloads use. PostgreSQL truncates, as deleted rows would stay behind as dead tuples
   * until autovacuum caught up, and every later benchmark would read through them.
   */
  public void clearAll() {
    clearUsers();
    clearEvents();
  }

  /** Empties the user tables. */
  public void clearUsers() {
    if (backend == SqlBackend.POSTGRESQL) {
      execute("TRUNCATE post_tags, posts, tags, users");
    } else {
      execute("DELETE FROM post_tags", "DELETE FROM posts", "DELETE FROM tags", "DELETE FROM users");
    }
  }

  /** Empties the events table. */
  public void clearEvents() {
    execute(backend == SqlBackend.POSTGRESQL ? "TRUNCATE events" : "DELETE FROM events");
  }

  /** Deletes the events of one series (PostgreSQL: and vacuums the table). */
  public void clearEvents(String series) {
    execute("DELETE FROM events WHERE series = '" + series + "'");
    if (backend == SqlBackend.POSTGRESQL) {
      execute("VACUUM events");
    }
  }

  /** Has the database compute the tables' statistics for its query planner (PostgreSQL: after a vacuum). */
  public void analyze() {
    switch (backend) {
      case SQLITE -> execute("ANALYZE");
      case POSTGRESQL -> execute("VACUUM ANALYZE");
      case MYSQL, MARIADB -> execute("ANALYZE TABLE users, posts, tags, post_tags, events");
    }
  }

  /**
   * Loads {@code userCount} users with {@code postsPerUser} posts each, every post with two of
   * {@link #TAG_NAMES} tags; returns the usernames.
   */
  public List<String> loadUsers(int userCount, int postsPerUser) {
    try {
      List<NewUser> batch = Workloads.newUsers(userCount);
      List<RawSqlUsers.RawUser> loaded = new ArrayList<>();
      for (int i = 0; i < batch.size(); i += 1000) {
        loaded.addAll(rawUsers.createAll(batch.subList(i, Math.min(batch.size(), i + 1000))));
      }
      try (Connection c = rawPool().getConnection()) {
        c.setAutoCommit(false);
        Map<Integer, Long> tagIds = insertTags(c);
        SqlColumns cols = rawUsers.columns();
        Instant t = Instant.now().truncatedTo(ChronoUnit.MICROS);
        try (PreparedStatement posts = c.prepareStatement(
                 "INSERT INTO posts (id, author_id, title, content, created_at) VALUES (?, ?, ?, ?, ?)");
             PreparedStatement links = c.prepareStatement("INSERT INTO post_tags (post_id, tag_id) VALUES (?, ?)")) {
          int n = 0;
          for (RawSqlUsers.RawUser u : loaded) {
            for (int p = 0; p < postsPerUser; p++) {
              UUID id = UuidCreator.getTimeOrderedEpoch();
              cols.setId(posts, 1, id);
              cols.setId(posts, 2, u.id());
              posts.setString(3, "Post " + p + " of " + u.username());
              posts.setString(4, "Some words about topic " + (n % 50) + " written by " + u.username());
              cols.setTime(posts, 5, t.plusNanos(1000L * n));
              posts.addBatch();
              for (int k = 0; k < 2; k++) {
                cols.setId(links, 1, id);
                links.setLong(2, tagIds.get((n + k * 7) % TAG_NAMES));
                links.addBatch();
              }
              n++;
              if (n % 1000 == 0) {
                posts.executeBatch();
                links.executeBatch();
              }
            }
          }
          posts.executeBatch();
          links.executeBatch();
        }
        c.commit();
        c.setAutoCommit(true);
      }
      return loaded.stream().map(RawSqlUsers.RawUser::username).toList();
    } catch (SQLException e) {
      throw new IllegalStateException("loading users into " + backend + " failed", e);
    }
  }

  private Map<Integer, Long> insertTags(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO tags (name) VALUES (?)")) {
      for (int i = 0; i < TAG_NAMES; i++) {
        ps.setString(1, "tag-" + i);
        ps.addBatch();
      }
      ps.executeBatch();
    }
    Map<Integer, Long> ids = new HashMap<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, name FROM tags")) {
      while (rs.next()) {
        ids.put(Integer.parseInt(rs.getString(2).substring(4)), rs.getLong(1));
      }
    }
    return ids;
  }

  /** How many events of {@code series} the table holds. */
  public long countEvents(String series) {
    try (Connection c = rawPool().getConnection();
         PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM events WHERE series = ?")) {
      ps.setString(1, series);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(backend + ": " + e.getMessage(), e);
    }
  }

  /** Loads {@code n} events of {@link Workloads#STREAM_SERIES} from {@link Workloads#EPOCH}, 1 ms apart. */
  public void loadStreamEvents(int n) {
    try {
      RawSqlEvents raw = new RawSqlEvents(rawPool(), backend);
      for (int i = 0; i < n; i += 10_000) {
        List<Event> block = Workloads.events(Workloads.STREAM_SERIES, Workloads.EPOCH.plusMillis(i),
            Math.min(10_000, n - i));
        raw.appendAll(block);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("loading events into " + backend + " failed", e);
    }
  }

  private void execute(String... statements) {
    try (Connection c = rawPool().getConnection(); Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(backend + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    users.close();
    events.close();
    rawPool.close();
  }
}
