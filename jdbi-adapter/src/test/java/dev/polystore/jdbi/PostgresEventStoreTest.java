package dev.polystore.jdbi;

import dev.polystore.tck.ServerBackends;

/** The event-store contract on PostgreSQL, in a schema of its own. */
class PostgresEventStoreTest extends ServerEventStoreTest {

  @Override
  protected String server() {
    return ServerBackends.POSTGRES;
  }
}
