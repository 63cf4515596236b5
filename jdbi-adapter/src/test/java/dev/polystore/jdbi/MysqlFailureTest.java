package dev.polystore.jdbi;

import java.sql.SQLException;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ServerFailureContract} on MySQL or MariaDB (the server behind POLYSTORE_TEST_MYSQL_URL). */
class MysqlFailureTest extends ServerFailureContract {

  /** Created by the first test that runs; without a server each test is skipped (or failed) on its own. */
  @RegisterExtension
  static final ServerDatabase.Lazy DATABASE = ServerDatabase.lazy(MysqlTestServer::resolve, "polystore_fail");

  @Override
  ServerDatabase database() {
    return DATABASE.get();
  }

  /** Sessions are marked by the database they use: the test's private one. */
  @Override
  int killSessions(String marker) throws SQLException {
    return killAll(database(), "SELECT id FROM information_schema.processlist WHERE db = ? AND id <> CONNECTION_ID()",
        "KILL ?", database().name());
  }

  @Override
  String markSessions(String marker) {
    return "";
  }

  /** An offset rather than the zone's name: a server without time zone tables knows no names. */
  @Override
  String sessionTimeZone(String zone) {
    return database().url().startsWith("jdbc:mariadb:")
        ? "sessionVariables=time_zone='-07:00'"
        : "connectionTimeZone=-07:00&forceConnectionTimeZoneToSession=true";
  }

  @Override
  String sessionTimeZoneQuery() {
    return "SELECT @@session.time_zone";
  }

  /** Sessions are told apart by their database, as in {@link #killSessions}. */
  @Override
  int runningStatements(String marker) throws SQLException {
    return count(database(), "SELECT COUNT(*) FROM information_schema.processlist"
        + " WHERE db = ? AND command = 'Query' AND id <> CONNECTION_ID()", database().name());
  }

  @Override
  String unreachableUrl() {
    return database().url().replaceFirst("//[^/]+/", "//127.0.0.1:1/");
  }
}
