package dev.polystore.benchmarks.sql;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.UUID;

/**
 * How the raw side binds and reads ids, times and booleans: the stored forms of docs/sql.md (SQLite microseconds
 * and UUID text, PostgreSQL {@code uuid}/{@code timestamptz}/{@code boolean}, MySQL/MariaDB UUID text and
 * {@code DATETIME(6)} UTC text). Thread-safe (immutable).
 */
final class SqlColumns {

  private static final DateTimeFormatter MYSQL_DATETIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS", Locale.ROOT);

  private final SqlBackend backend;

  SqlColumns(SqlBackend backend) {
    this.backend = backend;
  }

  void setId(PreparedStatement ps, int i, UUID id) throws SQLException {
    if (backend == SqlBackend.POSTGRESQL) {
      ps.setObject(i, id);
    } else {
      ps.setString(i, id.toString());
    }
  }

  UUID getId(ResultSet rs, int i) throws SQLException {
    return backend == SqlBackend.POSTGRESQL ? rs.getObject(i, UUID.class) : UUID.fromString(rs.getString(i));
  }

  void setTime(PreparedStatement ps, int i, Instant t) throws SQLException {
    switch (backend) {
      case SQLITE -> ps.setLong(i, ChronoUnit.MICROS.between(Instant.EPOCH, t));
      case POSTGRESQL -> ps.setObject(i, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
      case MYSQL, MARIADB -> ps.setString(i, MYSQL_DATETIME.format(LocalDateTime.ofInstant(t, ZoneOffset.UTC)));
    }
  }

  Instant getTime(ResultSet rs, int i) throws SQLException {
    return switch (backend) {
      case SQLITE -> Instant.EPOCH.plus(rs.getLong(i), ChronoUnit.MICROS);
      case POSTGRESQL -> rs.getObject(i, OffsetDateTime.class).toInstant();
      case MYSQL, MARIADB -> rs.getObject(i, LocalDateTime.class).toInstant(ZoneOffset.UTC);
    };
  }

  void setBool(PreparedStatement ps, int i, boolean b) throws SQLException {
    if (backend == SqlBackend.POSTGRESQL) {
      ps.setBoolean(i, b);
    } else {
      ps.setInt(i, b ? 1 : 0);
    }
  }
}
