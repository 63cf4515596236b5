package dev.polystore.jdbi.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mysql.cj.exceptions.CJCommunicationsException;
import com.mysql.cj.jdbc.exceptions.SQLExceptionsMapping;
import dev.polystore.StoreUnavailableException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

/**
 * How driver errors about lost connections and timeouts are classified: a broken connection is retried once on a
 * fresh one ({@link SqlErrors.ConnectionLost}); a timeout never is, since the statement may have run. The
 * exceptions are built the way the drivers build them (same types, SQLStates and causes).
 */
class SqlErrorsTest {

  /** As JDBI hands it to the store: the driver's exception wrapped by the statement that failed. */
  private static RuntimeException fromStatement(SQLException driverException) {
    return new UnableToExecuteStatementException(driverException, null);
  }

  private static RuntimeException translate(SQLException driverException) {
    return SqlErrors.translate(fromStatement(driverException), "count users");
  }

  @Test
  void postgresqlReadTimeoutIsUnavailableAndNotRetried() {
    // PgJDBC when socketTimeout runs out while waiting for the server: 08006 with the socket's exception as cause
    PSQLException timeout = new PSQLException("An I/O error occurred while sending to the backend.",
        PSQLState.CONNECTION_FAILURE, new SocketTimeoutException("Read timed out"));
    RuntimeException e = translate(timeout);
    assertSame(StoreUnavailableException.class, e.getClass(), "a plain StoreUnavailableException: " + e);
    assertTrue(e.getMessage().contains("socket.timeout"), e.getMessage());
    assertSame(timeout, e.getCause().getCause(), "the driver's exception is kept as the cause");
  }

  @Test
  void postgresqlConnectionResetIsALostConnectionRetriedOnce() {
    PSQLException reset = new PSQLException("An I/O error occurred while sending to the backend.",
        PSQLState.CONNECTION_FAILURE, new SocketException("Connection reset"));
    assertInstanceOf(SqlErrors.ConnectionLost.class, translate(reset));
    // pg_terminate_backend(): the server's own error message, SQLState 57P01
    PSQLException terminated = new PSQLException(new org.postgresql.util.ServerErrorMessage(
        "SFATAL\u0000C57P01\u0000Mterminating connection due to administrator command\u0000"));
    assertEquals("57P01", terminated.getSQLState());
    assertInstanceOf(SqlErrors.ConnectionLost.class, translate(terminated));
  }

  @Test
  void postgresqlCannotConnectIsUnavailable() {
    PSQLException refused = new PSQLException("Connection to 127.0.0.1:1 refused.",
        PSQLState.CONNECTION_UNABLE_TO_CONNECT, new java.net.ConnectException("Connection refused"));
    assertSame(StoreUnavailableException.class, translate(refused).getClass());
  }

  @Test
  void mysqlConnectorReadTimeoutIsUnavailableAndNotRetried() {
    // Connector/J maps its internal communications exception to a CommunicationsException (08S01)
    SQLException timeout = SQLExceptionsMapping.translateException(
        new CJCommunicationsException("Communications link failure", new SocketTimeoutException("Read timed out")));
    assertEquals("08S01", timeout.getSQLState());
    RuntimeException e = translate(timeout);
    assertSame(StoreUnavailableException.class, e.getClass(), "a plain StoreUnavailableException: " + e);
    assertTrue(e.getMessage().contains("socket.timeout"), e.getMessage());
  }

  @Test
  void mysqlConnectorBrokenConnectionIsALostConnectionRetriedOnce() {
    SQLException broken = SQLExceptionsMapping.translateException(
        new CJCommunicationsException("Communications link failure", new SocketException("Broken pipe")));
    assertEquals("08S01", broken.getSQLState());
    assertInstanceOf(SqlErrors.ConnectionLost.class, translate(broken));
  }

  @Test
  void jdbcTimeoutTypesAreUnavailableAndNotRetried() {
    // the MariaDB driver and JDBC's own type for a statement that ran out of time
    SQLTimeoutException queryTimeout = new SQLTimeoutException("Query execution was interrupted", "70100", 1969);
    assertSame(StoreUnavailableException.class, translate(queryTimeout).getClass());
    java.sql.SQLNonTransientConnectionException socket = new java.sql.SQLNonTransientConnectionException(
        "Socket error", "08000", new SocketTimeoutException("Read timed out"));
    assertSame(StoreUnavailableException.class, translate(socket).getClass());
  }

  @Test
  void aPoolThatCannotLendAConnectionIsUnavailable() {
    SQLTransientConnectionException poolTimeout = new SQLTransientConnectionException(
        "polystore-postgresql-1 - Connection is not available, request timed out after 30000ms.", "08001");
    assertSame(StoreUnavailableException.class, translate(poolTimeout).getClass());
  }
}
