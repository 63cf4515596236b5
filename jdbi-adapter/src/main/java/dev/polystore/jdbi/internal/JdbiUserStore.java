package dev.polystore.jdbi.internal;

/** Internal: the UserStore over JDBI (being written). */
public final class JdbiUserStore {
  public JdbiUserStore(JdbiDatabase database) {
  }
}
