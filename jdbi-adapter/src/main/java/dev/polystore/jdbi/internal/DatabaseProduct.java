package dev.polystore.jdbi.internal;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import org.jdbi.v3.core.Handle;

/** Internal: the database product behind a connection — its dialect and backend name. Immutable. */
record DatabaseProduct(SqlDialect dialect, String backendName) {

  /** From {@code DatabaseMetaData}: MySQL Connector/J calls MariaDB "MySQL", but its version says MariaDB. */
  static DatabaseProduct of(Handle handle) {
    try {
      DatabaseMetaData meta = handle.getConnection().getMetaData();
      String name = meta.getDatabaseProductName();
      SqlDialect dialect = SqlDialect.forDatabase(name, meta.getDriverName());
      return new DatabaseProduct(dialect, dialect.backendName(name, meta.getDatabaseProductVersion()));
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "detect the database");
    }
  }
}
