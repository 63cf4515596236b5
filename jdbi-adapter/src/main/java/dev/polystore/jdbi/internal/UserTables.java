package dev.polystore.jdbi.internal;

import dev.polystore.user.Post;
import dev.polystore.user.PostField;
import dev.polystore.user.PostId;
import dev.polystore.user.User;
import dev.polystore.user.UserField;
import dev.polystore.user.UserId;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * Internal: the {@code users} and {@code posts} tables as the user store reads and writes them — columns, the
 * statements that do not depend on a query, row mappers and bindings. Thread-safe (constants).
 */
final class UserTables {

  private UserTables() {
  }

  static final String USER_COLUMNS =
      "u.id, u.username, u.email, u.full_name, u.age, u.active, u.created_at, u.updated_at, u.version";
  static final String USER_COLUMNS_BARE =
      "id, username, email, full_name, age, active, created_at, updated_at, version";
  static final String POST_COLUMNS = "p.id, p.author_id, p.title, p.content, p.created_at";

  static final String INSERT_USER = "INSERT INTO users (id, username, username_key, email, email_key, "
      + "full_name, full_name_key, age, active, created_at, updated_at, version) VALUES (:id, :username, "
      + ":usernameKey, :email, :emailKey, :fullName, :fullNameKey, :age, :active, :createdAt, :updatedAt, 1)";
  /** {@link #INSERT_USER} with positional parameters in the same order, bound by {@link #setUser}. */
  static final String INSERT_USER_ROW = "INSERT INTO users (id, username, username_key, email, email_key, "
      + "full_name, full_name_key, age, active, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
      + "?, ?, 1)";
  static final String SELECT_USER = "SELECT " + USER_COLUMNS + " FROM users u WHERE u.id = :id";
  /**
   * The user with an id, a positional parameter: for plain JDBC ({@link PlainReads}). Without a table alias, which
   * SQLite resolves column by column each time it prepares the statement.
   */
  static final String SELECT_USER_ROW = "SELECT " + USER_COLUMNS_BARE + " FROM users WHERE id = ?";
  /** The user with a lowercase username key, a positional parameter ({@link #SELECT_USER_ROW}). */
  static final String SELECT_USER_BY_USERNAME_ROW =
      "SELECT " + USER_COLUMNS_BARE + " FROM users WHERE username_key = ?";
  /** The user with a lowercase e-mail key, a positional parameter ({@link #SELECT_USER_ROW}). */
  static final String SELECT_USER_BY_EMAIL_ROW = "SELECT " + USER_COLUMNS_BARE + " FROM users WHERE email_key = ?";
  static final String SELECT_VERSION = "SELECT version FROM users WHERE id = :id";
  static final String UPDATE_USER = "UPDATE users SET username = :username, username_key = :usernameKey, "
      + "email = :email, email_key = :emailKey, full_name = :fullName, full_name_key = :fullNameKey, age = :age, "
      + "active = :active, updated_at = :updatedAt, version = version + 1 WHERE id = :id AND version = :version";
  static final String DELETE_USER = "DELETE FROM users WHERE id = :id";
  static final String DELETE_USER_VERSION = "DELETE FROM users WHERE id = :id AND version = :version";

  static final String INSERT_POST = "INSERT INTO posts (id, author_id, title, content, created_at) "
      + "VALUES (:id, :authorId, :title, :content, :createdAt)";
  static final String SELECT_POST = "SELECT " + POST_COLUMNS + " FROM posts p WHERE p.id = :id";
  static final String POST_EXISTS = "SELECT 1 FROM posts WHERE id = :id";
  static final String DELETE_POST = "DELETE FROM posts WHERE id = :id";
  static final String SELECT_TAGS_OF_POST = "SELECT t.name FROM post_tags pt JOIN tags t ON t.id = pt.tag_id "
      + "WHERE pt.post_id = :id";

  static String userColumn(UserField field) {
    return switch (field) {
      case ID -> "u.id";
      case USERNAME -> "u.username";
      case EMAIL -> "u.email";
      case FULL_NAME -> "u.full_name";
      case AGE -> "u.age";
      case ACTIVE -> "u.active";
      case CREATED_AT -> "u.created_at";
      case UPDATED_AT -> "u.updated_at";
    };
  }

  /** The stored lowercase key of a text field (lowercased in Java, {@code Locale.ROOT}); null for other fields. */
  static String userLowerColumn(UserField field) {
    return switch (field) {
      case USERNAME -> "u.username_key";
      case EMAIL -> "u.email_key";
      case FULL_NAME -> "u.full_name_key";
      default -> null;
    };
  }

  static String postColumn(SqlDialect d, PostField field) {
    return switch (field) {
      case ID -> "p.id";
      case AUTHOR_ID -> "p.author_id";
      case TITLE -> d.binaryText("p.title");
      case CONTENT -> d.binaryText("p.content");
      case CREATED_AT -> "p.created_at";
    };
  }

  /** A text field lowercased by the database; null for other fields. */
  static String postLowerColumn(SqlDialect d, PostField field) {
    return switch (field) {
      case TITLE -> d.lower("p.title");
      case CONTENT -> d.lower("p.content");
      default -> null;
    };
  }

  // row mapping by position: the column lists above are fixed

  /** A row of {@link #USER_COLUMNS}, for JDBI ({@link #USERS}) and plain JDBC ({@link PlainReads}). */
  static final SqlValues.RowReader<User> USER_ROW = (rs, columns) -> {
    int age = rs.getInt(5);
    Integer ageValue = rs.wasNull() ? null : age;
    return new User(new UserId(columns.uuid(rs, 1)), rs.getString(2), rs.getString(3), rs.getString(4), ageValue,
        rs.getBoolean(6), columns.time(rs, 7), columns.time(rs, 8), rs.getLong(9), Optional.empty());
  };

  static final RowMapper<User> USERS = SqlValues.rows(USER_ROW);

  static final RowMapper<Post> POSTS = SqlValues.rows((rs, columns) -> new Post(
      new PostId(columns.uuid(rs, 1)), new UserId(columns.uuid(rs, 2)), rs.getString(3), rs.getString(4),
      columns.time(rs, 5), Optional.empty()));

  /** The lowercase key of a text ({@code Locale.ROOT}), as the {@code *_key} columns hold it; null for null. */
  static String key(String text) {
    return text == null ? null : text.toLowerCase(Locale.ROOT);
  }

  /**
   * Sets a user's columns, with its lowercase keys, on the parameters of {@link #INSERT_USER_ROW}, as
   * {@link #bindUser} binds them: for batches bound with plain JDBC, where JDBI's look-up of an argument factory
   * per value cost more than the driver's work.
   */
  static void setUser(PreparedStatement ps, SqlValues values, User u) throws SQLException {
    values.setId(ps, 1, u.id().value());
    ps.setString(2, u.username());
    ps.setString(3, key(u.username()));
    ps.setString(4, u.email());
    ps.setString(5, key(u.email()));
    setText(ps, 6, u.fullName());
    setText(ps, 7, key(u.fullName()));
    if (u.age() == null) {
      ps.setNull(8, Types.INTEGER);
    } else {
      ps.setInt(8, u.age());
    }
    values.setFlag(ps, 9, u.active());
    values.setTime(ps, 10, u.createdAt());
    values.setTime(ps, 11, u.updatedAt());
  }

  private static void setText(PreparedStatement ps, int position, String text) throws SQLException {
    if (text == null) {
      ps.setNull(position, Types.VARCHAR);
    } else {
      ps.setString(position, text);
    }
  }

  /** Binds a user's columns, with its lowercase keys, to the named parameters of {@link #INSERT_USER}. */
  static <S extends SqlStatement<S>> S bindUser(S statement, User u) {
    return statement.bind("id", u.id().value())
        .bind("username", u.username())
        .bind("usernameKey", key(u.username()))
        .bind("email", u.email())
        .bind("emailKey", key(u.email()))
        .bind("fullName", u.fullName())
        .bind("fullNameKey", key(u.fullName()))
        .bind("age", u.age())
        .bind("active", u.active())
        .bind("createdAt", u.createdAt())
        .bind("updatedAt", u.updatedAt());
  }
}
