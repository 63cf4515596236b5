package dev.polystore.samples.backends;

/** The backends the samples know how to open, with the name used on the command line and in reports. */
public enum BackendKind {
  /** SQLite in a file (a temporary one for {@code compare}). */
  SQLITE_FILE("sqlite-file", "SQLite file", true),
  /** SQLite in memory. */
  SQLITE_MEMORY("sqlite-memory", "SQLite memory", true),
  /** A PostgreSQL server. */
  POSTGRES("postgres", "PostgreSQL", true),
  /** A MySQL or MariaDB server. */
  MYSQL("mysql", "MySQL/MariaDB", true),
  /** DynamoDB: DynamoDB Local in-process, or an endpoint. */
  DYNAMODB("dynamodb", "DynamoDB", true),
  /** An InfluxDB server: events only. */
  INFLUXDB("influxdb", "InfluxDB", false);

  private final String key;
  private final String label;
  private final boolean holdsUsers;

  BackendKind(String key, String label, boolean holdsUsers) {
    this.key = key;
    this.label = label;
    this.holdsUsers = holdsUsers;
  }

  /** The name on the command line ({@code --only sqlite-memory,dynamodb}). */
  public String key() {
    return key;
  }

  /** The name in tables and charts. */
  public String label() {
    return label;
  }

  /** Whether the backend has a {@code UserStore}; every backend has an {@code EventStore}. */
  public boolean holdsUsers() {
    return holdsUsers;
  }

  /** Whether it is one of the JDBC backends of the JDBI adapter. */
  public boolean isSql() {
    return this == SQLITE_FILE || this == SQLITE_MEMORY || this == POSTGRES || this == MYSQL;
  }

  /** The kind named {@code key}. */
  public static BackendKind ofKey(String key) {
    for (BackendKind kind : values()) {
      if (kind.key.equalsIgnoreCase(key.strip())) {
        return kind;
      }
    }
    throw new IllegalArgumentException("unknown backend '" + key + "'; known: sqlite-file, sqlite-memory, postgres,"
        + " mysql, dynamodb, influxdb");
  }
}
