package dev.polystore.jdbi;

import java.sql.SQLException;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ServerFailureContract} on PostgreSQL. */
class PostgresFailureTest extends ServerFailureContract {

  /** Created by the first test that runs; without a server each test is skipped (or failed) on its own. */
  @RegisterExtension
  static final ServerDatabase.Lazy DATABASE = ServerDatabase.lazy(PostgresTestServer::resolve, "polystore_fail");

  @Override
  ServerDatabase database() {
    return DATABASE.get();
  }

  @Override
  int killSessions(String marker) throws SQLException {
    return killAll(database(), "SELECT pid FROM pg_stat_activity WHERE application_name = ? AND pid <> pg_backend_pid()",
        "SELECT pg_terminate_backend(?)", marker);
  }

  @Override
  String markSessions(String marker) {
    return "ApplicationName=" + marker;
  }

  @Override
  String sessionTimeZone(String zone) {
    return "options=-c%20TimeZone%3D" + zone.replace("/", "%2F");
  }

  @Override
  String sessionTimeZoneQuery() {
    return "SHOW TimeZone";
  }

  @Override
  int runningStatements(String marker) throws SQLException {
    return count(database(), "SELECT COUNT(*) FROM pg_stat_activity"
        + " WHERE application_name = ? AND state = 'active' AND pid <> pg_backend_pid()", marker);
  }

  @Override
  String unreachableUrl() {
    return "jdbc:postgresql://127.0.0.1:1/test?user=postgres";
  }
}
