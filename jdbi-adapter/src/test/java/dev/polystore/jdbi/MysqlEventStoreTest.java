package dev.polystore.jdbi;

import dev.polystore.tck.ServerBackends;

/** The event-store contract on MySQL or MariaDB, in a database of its own. */
class MysqlEventStoreTest extends ServerEventStoreTest {

  @Override
  protected String server() {
    return ServerBackends.MYSQL;
  }
}
