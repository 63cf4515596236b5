package dev.polystore.jdbi.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.DefaultStatementBuilder;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Internal: prepares statements that neither return generated keys nor update through their result with the
 * plain {@link Connection#prepareStatement(String)}, whose result is forward-only and read-only as JDBI's default
 * builder asks for explicitly. MariaDB Connector/J takes the explicit
 * {@code prepareStatement(sql, TYPE_FORWARD_ONLY, CONCUR_READ_ONLY)} as "return generated keys", which rules out
 * its bulk protocol ({@code useBulkStmts}): a batch of 1,000 inserts then costs 1,000 round trips instead of one.
 * Set on the {@link Jdbi}s the store creates for the MariaDB driver. Thread-safe (stateless).
 */
final class PlainStatements extends DefaultStatementBuilder {

  private static final PlainStatements INSTANCE = new PlainStatements();

  private PlainStatements() {
  }

  /** Makes {@code jdbi} prepare its plain statements with {@link Connection#prepareStatement(String)}. */
  static void installOn(Jdbi jdbi) {
    jdbi.setStatementBuilderFactory(connection -> INSTANCE);
  }

  @Override
  public PreparedStatement create(Connection conn, String sql, StatementContext ctx) throws SQLException {
    if (ctx.isReturningGeneratedKeys() || ctx.isConcurrentUpdatable()) {
      return super.create(conn, sql, ctx);
    }
    return conn.prepareStatement(sql);
  }
}
