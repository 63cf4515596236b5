package dev.polystore.jdbi.internal;

import dev.polystore.user.EntityId;
import java.lang.reflect.Type;
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
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.argument.ArgumentFactory;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.mapper.ColumnMapper;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.spi.JdbiPlugin;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Internal: a JDBI plugin binding and reading ids, times and booleans as the dialect stores them, applied by
 * {@link JdbiDatabase} to every handle it opens, so an application's own {@code Jdbi} keeps its own bindings.
 *
 * <p>Stored forms: {@code Instant} is UTC at microsecond precision (truncated, never rounded) — SQLite an
 * {@code INTEGER} of microseconds since the epoch; PostgreSQL {@code timestamptz}; MySQL/MariaDB
 * {@code DATETIME(6)} holding the UTC wall-clock time, bound as text and read as a {@code LocalDateTime}, so no
 * time zone of the JVM or the session applies. Ids ({@code UUID}, {@link EntityId}) are PostgreSQL {@code uuid},
 * elsewhere the canonical lowercase text. Booleans are PostgreSQL {@code boolean}, elsewhere 1 and 0.
 *
 * <p>Thread-safe (immutable).
 */
final class SqlValues implements JdbiPlugin {

  /**
   * MySQL/MariaDB DATETIME(6) text. Instants are bound as this text, not as {@code LocalDateTime}: MySQL
   * Connector/J drops fractional seconds when the server is MariaDB (whose handshake announces 5.5.5), and text
   * is converted exactly by both servers, free of any time zone.
   */
  private static final DateTimeFormatter MYSQL_DATETIME_TEXT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS", Locale.ROOT);

  private final SqlDialect dialect;
  private final ArgumentFactory arguments = new Arguments();
  private final ColumnMapper<UUID> uuids;
  private final ColumnMapper<Instant> times;
  private final Columns plainColumns;

  SqlValues(SqlDialect dialect) {
    this.dialect = dialect;
    this.uuids = dialect == SqlDialect.POSTGRESQL ? (rs, column, ctx) -> rs.getObject(column, UUID.class)
        : (rs, column, ctx) -> {
          String text = rs.getString(column);
          return text == null ? null : UUID.fromString(text);
        };
    this.times = switch (dialect) {
      case SQLITE -> (rs, column, ctx) -> {
        long micros = rs.getLong(column);
        return rs.wasNull() ? null : Micros.fromMicros(micros);
      };
      case POSTGRESQL -> (rs, column, ctx) -> {
        OffsetDateTime odt = rs.getObject(column, OffsetDateTime.class);
        return odt == null ? null : odt.toInstant();
      };
      case MYSQL, MARIADB -> (rs, column, ctx) -> {
        LocalDateTime ldt = rs.getObject(column, LocalDateTime.class);
        return ldt == null ? null : ldt.toInstant(ZoneOffset.UTC);
      };
    };
    this.plainColumns = new Columns(uuids, times, null);
  }

  /**
   * Registers the argument factory and the column mappers on a {@link Jdbi} the store created, once, so its
   * handles need no {@link #customizeHandle}.
   */
  void registerOn(Jdbi jdbi) {
    jdbi.registerArgument(arguments).registerColumnMapper(UUID.class, uuids)
        .registerColumnMapper(Instant.class, times);
  }

  /**
   * Registers the argument factory and the column mappers on {@code handle}'s own configuration: for handles of
   * an application's {@code Jdbi}, whose own configuration stays as the application set it.
   */
  @Override
  public Handle customizeHandle(Handle handle) {
    return handle.registerArgument(arguments).registerColumnMapper(UUID.class, uuids)
        .registerColumnMapper(Instant.class, times);
  }

  /**
   * The column readers of a result read with plain JDBC ({@link PlainReads}): the same mappings the handles of
   * the store get, resolved once.
   */
  Columns columns() {
    return plainColumns;
  }

  /** Reads one row, given the column readers of its result. */
  @FunctionalInterface
  interface RowReader<T> {
    T read(ResultSet rs, Columns columns) throws SQLException;
  }

  /**
   * A row mapper reading ids and times through the handle's column mappers, which it resolves once per result
   * ({@link RowMapper#specialize}).
   */
  static <T> RowMapper<T> rows(RowReader<T> reader) {
    return new RowMapper<>() {
      @Override
      public T map(ResultSet rs, StatementContext ctx) throws SQLException {
        return specialize(rs, ctx).map(rs, ctx);
      }

      @Override
      public RowMapper<T> specialize(ResultSet rs, StatementContext ctx) {
        Columns columns = new Columns(ctx.findColumnMapperFor(UUID.class).orElseThrow(),
            ctx.findColumnMapperFor(Instant.class).orElseThrow(), ctx);
        return (row, c) -> reader.read(row, columns);
      }
    };
  }

  /** The column readers of one result: ids and times as the dialect stores them. */
  record Columns(ColumnMapper<UUID> uuids, ColumnMapper<Instant> times, StatementContext ctx) {

    /** The id in {@code column}; null for SQL NULL. */
    UUID uuid(ResultSet rs, int column) throws SQLException {
      return uuids.map(rs, column, ctx);
    }

    /** The time in {@code column}; null for SQL NULL. */
    Instant time(ResultSet rs, int column) throws SQLException {
      return times.map(rs, column, ctx);
    }
  }

  /** Binds {@code UUID}s, {@link EntityId}s, {@code Instant}s and booleans in their stored forms. */
  private final class Arguments implements ArgumentFactory.Preparable {
    @Override
    public Optional<Function<Object, Argument>> prepare(Type type, ConfigRegistry config) {
      if (type == UUID.class) {
        return Optional.of(value -> uuid((UUID) value));
      }
      if (type instanceof Class<?> c && EntityId.class.isAssignableFrom(c)) {
        return Optional.of(value -> uuid(value == null ? null : ((EntityId) value).value()));
      }
      if (type == Instant.class) {
        return Optional.of(value -> time((Instant) value));
      }
      if (type == Boolean.class || type == boolean.class) {
        return Optional.of(value -> value == null ? (pos, ps, ctx) -> ps.setObject(pos, null) : bool((Boolean) value));
      }
      return Optional.empty();
    }
  }

  private Argument uuid(UUID id) {
    if (dialect == SqlDialect.POSTGRESQL) {
      return (pos, ps, ctx) -> ps.setObject(pos, id);
    }
    String text = id == null ? null : id.toString();
    return (pos, ps, ctx) -> ps.setString(pos, text);
  }

  private Argument time(Instant instant) {
    if (instant == null) {
      return (pos, ps, ctx) -> ps.setObject(pos, null);
    }
    Instant t = instant.truncatedTo(ChronoUnit.MICROS);
    return (pos, ps, ctx) -> setTime(ps, pos, t);
  }

  /**
   * Sets a time, not null, in its stored form, as a bound {@code Instant} is: for statements a store prepares
   * and binds itself, where looking up JDBI's argument factories per value would cost more than the binding.
   */
  void setTime(PreparedStatement ps, int position, Instant instant) throws SQLException {
    Instant t = instant.truncatedTo(ChronoUnit.MICROS);
    switch (dialect) {
      case SQLITE -> ps.setLong(position, Micros.toMicros(t));
      case POSTGRESQL -> ps.setObject(position, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
      case MYSQL, MARIADB -> ps.setString(position,
          MYSQL_DATETIME_TEXT.format(LocalDateTime.ofInstant(t, ZoneOffset.UTC)));
      default -> throw new IllegalStateException(dialect.name());
    }
  }

  /** Sets an id, not null, in its stored form, as a bound {@code UUID} is (see {@link #setTime}). */
  void setId(PreparedStatement ps, int position, UUID id) throws SQLException {
    if (dialect == SqlDialect.POSTGRESQL) {
      ps.setObject(position, id);
    } else {
      ps.setString(position, id.toString());
    }
  }

  /**
   * Sets a value of a filter ({@link SqlParams}) in its stored form, as JDBI binds it on the store's handles:
   * ids, {@link EntityId}s, times and booleans as above, text and numbers as they are (see {@link #setTime}).
   */
  void setValue(PreparedStatement ps, int position, Object value) throws SQLException {
    if (value instanceof String text) {
      ps.setString(position, text);
    } else if (value instanceof Long number) {
      ps.setLong(position, number);
    } else if (value instanceof Integer number) {
      ps.setInt(position, number);
    } else if (value instanceof Instant instant) {
      setTime(ps, position, instant);
    } else if (value instanceof UUID id) {
      setId(ps, position, id);
    } else if (value instanceof EntityId id) {
      setId(ps, position, id.value());
    } else if (value instanceof Boolean flag) {
      setFlag(ps, position, flag);
    } else {
      ps.setObject(position, value);
    }
  }

  /** Sets a boolean in its stored form, as a bound {@code boolean} is (see {@link #setTime}). */
  void setFlag(PreparedStatement ps, int position, boolean value) throws SQLException {
    if (dialect == SqlDialect.POSTGRESQL) {
      ps.setBoolean(position, value);
    } else {
      ps.setInt(position, value ? 1 : 0);
    }
  }

  private Argument bool(boolean value) {
    if (dialect == SqlDialect.POSTGRESQL) {
      return (pos, ps, ctx) -> ps.setBoolean(pos, value);
    }
    int v = value ? 1 : 0;
    return (pos, ps, ctx) -> ps.setInt(pos, v);
  }
}
