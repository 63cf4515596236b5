package dev.polystore.jdbi.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Internal: reads of one statement that a store prepares, binds and reads with plain JDBC on the connection of its
 * unit of work — look-ups by a key and counts, calls so short that JDBI's per-statement work (statement context,
 * named-parameter parsing, argument and column mapper look-ups, result iterator, cleanables) cost a quarter of the
 * call. The unit around them stays the store's (connection, {@code call.timeout}, retries); a driver error is
 * translated as every other statement's ({@link SqlErrors}), and values are bound and read in the forms
 * {@link SqlValues} gives them on the store's handles. Thread-safe (stateless).
 */
final class PlainReads {

  private PlainReads() {
  }

  /** Sets the parameters of a statement. */
  @FunctionalInterface
  interface Parameters {
    void setOn(PreparedStatement statement) throws SQLException;
  }

  /**
   * The first row of {@code sql} (positional parameters), read by {@code row}; empty when there is none.
   *
   * @param operation what is being done, for error messages ("get user")
   */
  static <T> Optional<T> first(Handle handle, SqlValues values, String operation, String sql,
                               Parameters parameters, SqlValues.RowReader<T> row) {
    try (PreparedStatement statement = handle.getConnection().prepareStatement(sql)) {
      parameters.setOn(statement);
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next() ? Optional.of(row.read(rs, values.columns())) : Optional.empty();
      }
    } catch (SQLException e) {
      throw SqlErrors.translate(e, operation);
    }
  }

  /**
   * The number {@code sql}, written with the placeholders of {@code params}, counts (its one row's first column).
   *
   * @param operation what is being done, for error messages ("count users")
   */
  static long count(Handle handle, SqlValues values, String operation, String sql, SqlParams params) {
    SqlParams.Positional positional = SqlParams.positional(sql);
    try (PreparedStatement statement = handle.getConnection().prepareStatement(positional.sql())) {
      params.setOn(statement, positional, values);
      try (ResultSet rs = statement.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("a count returned no row: " + sql);
        }
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw SqlErrors.translate(e, operation);
    }
  }
}
