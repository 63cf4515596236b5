package dev.polystore.jdbi;

import dev.polystore.tck.ServerBackend;
import dev.polystore.tck.ServerBackends;
import dev.polystore.tck.TestServer;

/**
 * The replicated servers of the read-replica tests, each a primary or the replica that follows it
 * ({@code scripts/replicas.sh start} starts both pairs and prints their variables). No container: without the
 * variables the tests are skipped with a notice, or fail when {@code POLYSTORE_TEST_REQUIRE} requires them.
 */
public final class ReplicatedTestServers {

  private ReplicatedTestServers() {
  }

  /** A primary and the replica that follows it. */
  record Pair(ServerBackend primary, ServerBackend replica) {
  }

  /** The PostgreSQL pair; skips (or, when required, fails) the calling test when there is none. */
  static Pair postgres() {
    return new Pair(ServerBackends.resolve(PostgresPrimary.NAME), ServerBackends.resolve(PostgresReplica.NAME));
  }

  /** The MariaDB (or MySQL) pair; skips (or, when required, fails) the calling test when there is none. */
  static Pair mysql() {
    return new Pair(ServerBackends.resolve(MysqlPrimary.NAME), ServerBackends.resolve(MysqlReplica.NAME));
  }

  /** {@code POLYSTORE_TEST_POSTGRES_REPLICATED_URL}: a PostgreSQL primary with a streaming replica. */
  public static final class PostgresPrimary implements TestServer {
    static final String NAME = "postgres.replicated";

    @Override
    public String name() {
      return NAME;
    }

    @Override
    public String defaultUsername() {
      return "postgres";
    }

    @Override
    public String exampleUrl() {
      return "jdbc:postgresql://127.0.0.1:5433/replicated (scripts/replicas.sh start)";
    }
  }

  /** {@code POLYSTORE_TEST_POSTGRES_REPLICA_URL}: the streaming replica of the PostgreSQL primary. */
  public static final class PostgresReplica implements TestServer {
    static final String NAME = "postgres.replica";

    @Override
    public String name() {
      return NAME;
    }

    @Override
    public String defaultUsername() {
      return "postgres";
    }

    @Override
    public String exampleUrl() {
      return "jdbc:postgresql://127.0.0.1:5434/replicated (scripts/replicas.sh start)";
    }
  }

  /** {@code POLYSTORE_TEST_MYSQL_REPLICATED_URL}: a MariaDB or MySQL primary with a replica. */
  public static final class MysqlPrimary implements TestServer {
    static final String NAME = "mysql.replicated";

    @Override
    public String name() {
      return NAME;
    }

    @Override
    public String defaultUsername() {
      return "root";
    }

    @Override
    public String exampleUrl() {
      return "jdbc:mysql://127.0.0.1:3307/replicated (scripts/replicas.sh start)";
    }
  }

  /** {@code POLYSTORE_TEST_MYSQL_REPLICA_URL}: the replica of the MariaDB or MySQL primary. */
  public static final class MysqlReplica implements TestServer {
    static final String NAME = "mysql.replica";

    @Override
    public String name() {
      return NAME;
    }

    @Override
    public String defaultUsername() {
      return "root";
    }

    @Override
    public String exampleUrl() {
      return "jdbc:mysql://127.0.0.1:3308/replicated (scripts/replicas.sh start)";
    }
  }
}
