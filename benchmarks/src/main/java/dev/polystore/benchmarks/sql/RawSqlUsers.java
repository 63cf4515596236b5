package dev.polystore.benchmarks.sql;

import com.github.f4b6a3.uuid.UuidCreator;
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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The raw side of the user workloads: hand-written JDBC doing what the JDBI adapter does per operation, on the
 * same tables, with the same statements and transaction boundaries (docs/sql.md): one batched {@code INSERT}
 * in one transaction for {@code createAll}; one {@code SELECT} by {@code username_key} for a look-up; a page of
 * users, their posts and the posts' tags in one read-only snapshot; one {@code COUNT(*)}. Rows become plain
 * records, not Polystore's value types. Thread-safe (each call takes its own pooled connection).
 */
public final class RawSqlUsers {

  /** A user row. */
  public record RawUser(UUID id, String username, String email, String fullName, Integer age, boolean active,
                        Instant createdAt, Instant updatedAt, long version, List<RawPost> posts) {
  }

  /** A post row with its tags. */
  public record RawPost(UUID id, UUID authorId, String title, String content, Instant createdAt, Set<String> tags) {
  }

  static final String INSERT_USER = "INSERT INTO users (id, username, username_key, email, email_key, full_name,"
      + " full_name_key, age, active, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)";
  private static final String COLUMNS = "id, username, email, full_name, age, active, created_at, updated_at, version";

  private final DataSource pool;
  private final SqlBackend backend;
  private final SqlColumns columns;

  public RawSqlUsers(DataSource pool, SqlBackend backend) {
    this.pool = pool;
    this.backend = backend;
    this.columns = new SqlColumns(backend);
  }

  /** Inserts the users in one transaction with one JDBC batch; returns them with their generated ids. */
  public List<RawUser> createAll(List<NewUser> users) throws SQLException {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    List<RawUser> created = new ArrayList<>(users.size());
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(INSERT_USER)) {
        for (NewUser u : users) {
          RawUser row = new RawUser(UuidCreator.getTimeOrderedEpoch(), u.username(), u.email(), u.fullName(),
              u.age(), u.active(), now, now, 1, List.of());
          bindUser(ps, row);
          ps.addBatch();
          created.add(row);
        }
        ps.executeBatch();
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
    return created;
  }

  void bindUser(PreparedStatement ps, RawUser u) throws SQLException {
    columns.setId(ps, 1, u.id());
    ps.setString(2, u.username());
    ps.setString(3, u.username().toLowerCase(Locale.ROOT));
    ps.setString(4, u.email());
    ps.setString(5, u.email().toLowerCase(Locale.ROOT));
    ps.setString(6, u.fullName());
    ps.setString(7, u.fullName() == null ? null : u.fullName().toLowerCase(Locale.ROOT));
    if (u.age() == null) {
      ps.setNull(8, java.sql.Types.INTEGER);
    } else {
      ps.setInt(8, u.age());
    }
    columns.setBool(ps, 9, u.active());
    columns.setTime(ps, 10, u.createdAt());
    columns.setTime(ps, 11, u.updatedAt());
  }

  /** The user whose lowercased username is {@code username}'s. */
  public Optional<RawUser> findByUsername(String username) throws SQLException {
    try (Connection c = pool.getConnection();
         PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM users WHERE username_key = ?")) {
      ps.setString(1, username.toLowerCase(Locale.ROOT));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(user(rs, List.of())) : Optional.empty();
      }
    }
  }

  /**
   * The first {@code size} users in id order, each with its posts (oldest first) and their tags: three
   * statements in one read-only snapshot (REPEATABLE READ on the servers, a deferred transaction on SQLite).
   * The tags are asked for by the posts' ids.
   */
  public List<RawUser> firstPageWithPostsAndTags(int size) throws SQLException {
    try (Connection c = pool.getConnection()) {
      beginSnapshot(c);
      try {
        List<RawUser> users = new ArrayList<>(size);
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM users ORDER BY id LIMIT ?")) {
          ps.setInt(1, size + 1);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next() && users.size() < size) {
              users.add(user(rs, new ArrayList<>()));
            }
          }
        }
        if (users.isEmpty()) {
          endSnapshot(c);
          return users;
        }
        Map<UUID, List<RawPost>> postsByAuthor = new HashMap<>();
        List<RawPost> posts = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, author_id, title, content, created_at FROM posts"
            + " WHERE author_id IN (" + placeholders(users.size()) + ") ORDER BY created_at, id")) {
          for (int i = 0; i < users.size(); i++) {
            columns.setId(ps, i + 1, users.get(i).id());
          }
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              RawPost p = new RawPost(columns.getId(rs, 1), columns.getId(rs, 2), rs.getString(3), rs.getString(4),
                  columns.getTime(rs, 5), new TreeSet<>());
              posts.add(p);
              postsByAuthor.computeIfAbsent(p.authorId(), k -> new ArrayList<>()).add(p);
            }
          }
        }
        if (!posts.isEmpty()) {
          Map<UUID, RawPost> byId = new HashMap<>();
          posts.forEach(p -> byId.put(p.id(), p));
          try (PreparedStatement ps = c.prepareStatement("SELECT pt.post_id, t.name FROM post_tags pt"
              + " JOIN tags t ON t.id = pt.tag_id WHERE pt.post_id IN (" + placeholders(posts.size()) + ")")) {
            for (int i = 0; i < posts.size(); i++) {
              columns.setId(ps, i + 1, posts.get(i).id());
            }
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                byId.get(columns.getId(rs, 1)).tags().add(rs.getString(2));
              }
            }
          }
        }
        endSnapshot(c);
        for (RawUser u : users) {
          u.posts().addAll(postsByAuthor.getOrDefault(u.id(), List.of()));
        }
        return users;
      } catch (SQLException | RuntimeException e) {
        rollbackSnapshot(c);
        throw e;
      }
    }
  }

  /** How many users are at least {@code minAge} years old. */
  public long countAgeAtLeast(int minAge) throws SQLException {
    try (Connection c = pool.getConnection();
         PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM users WHERE age >= ?")) {
      ps.setInt(1, minAge);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /**
   * Begins a read-only snapshot. PostgreSQL: auto-commit off, so the driver sends {@code BEGIN} with the
   * {@code SET TRANSACTION} in one round trip. MySQL/MariaDB: the isolation level for the next transaction, then
   * a transaction with a consistent snapshot taken at once. SQLite: a deferred transaction.
   */
  private void beginSnapshot(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      switch (backend) {
        case POSTGRESQL -> {
          c.setAutoCommit(false);
          s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
        }
        case MYSQL, MARIADB -> {
          s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
          s.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
        }
        case SQLITE -> s.execute("BEGIN DEFERRED");
      }
    }
  }

  private void endSnapshot(Connection c) throws SQLException {
    if (backend == SqlBackend.POSTGRESQL) {
      c.commit();
      c.setAutoCommit(true);
    } else {
      try (Statement s = c.createStatement()) {
        s.execute("COMMIT");
      }
    }
  }

  private void rollbackSnapshot(Connection c) {
    try {
      if (backend == SqlBackend.POSTGRESQL) {
        c.rollback();
        c.setAutoCommit(true);
      } else {
        try (Statement s = c.createStatement()) {
          s.execute("ROLLBACK");
        }
      }
    } catch (SQLException ignored) {
      // the pool discards a broken connection
    }
  }

  private RawUser user(ResultSet rs, List<RawPost> posts) throws SQLException {
    int age = rs.getInt(5);
    Integer ageValue = rs.wasNull() ? null : age;
    return new RawUser(columns.getId(rs, 1), rs.getString(2), rs.getString(3), rs.getString(4), ageValue,
        rs.getBoolean(6), columns.getTime(rs, 7), columns.getTime(rs, 8), rs.getLong(9), posts);
  }

  static String placeholders(int n) {
    StringBuilder sb = new StringBuilder(n * 3);
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "?" : ", ?");
    }
    return sb.toString();
  }

  SqlColumns columns() {
    return columns;
  }
}
