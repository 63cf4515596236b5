package dev.polystore.tck;

import dev.polystore.StoreConfig;

/**
 * Where a test database server is: a JDBC URL with the credentials to use. Immutable and thread-safe;
 * {@link #toString()} masks the password.
 *
 * @param jdbcUrl the JDBC URL, e.g. {@code jdbc:postgresql://127.0.0.1:5432/test}
 * @param username the user to connect as, or null when the URL carries it
 * @param password the password, or null when there is none or the URL carries it
 */
public record ServerBackend(String jdbcUrl, String username, String password) {

  public ServerBackend {
    if (jdbcUrl == null || jdbcUrl.isBlank()) {
      throw new IllegalArgumentException("jdbcUrl must not be blank");
    }
    jdbcUrl = jdbcUrl.strip();
  }

  @Override
  public String toString() {
    return "ServerBackend[jdbcUrl=" + StoreConfig.mask(jdbcUrl) + ", username=" + username
        + ", password=" + (password == null ? "none" : "****") + "]";
  }
}
