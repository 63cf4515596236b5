package dev.polystore.samples.backends;

import java.util.Map;
import java.util.Optional;

/**
 * Finds the servers the samples should use in the environment: {@code POLYSTORE_SAMPLES_POSTGRES_URL},
 * {@code POLYSTORE_SAMPLES_MYSQL_URL}, {@code POLYSTORE_SAMPLES_DYNAMODB_ENDPOINT} and
 * {@code POLYSTORE_SAMPLES_INFLUXDB_URL}, each falling back to the test suite's {@code POLYSTORE_TEST_*} variable
 * of the same backend, so a CI environment set up for the tests works as it is. Immutable and thread-safe.
 */
public final class ServerEnvironment {

  private final Map<String, String> environment;

  /** Reads {@code environment}, usually {@link System#getenv()}. */
  public ServerEnvironment(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  /** The process environment. */
  public static ServerEnvironment system() {
    return new ServerEnvironment(System.getenv());
  }

  /** The server of {@code kind} named in the environment, if any; never for the embedded kinds. */
  public Optional<BackendTarget> server(BackendKind kind) {
    String suffix = switch (kind) {
      case POSTGRES -> "POSTGRES_URL";
      case MYSQL -> "MYSQL_URL";
      case DYNAMODB -> "DYNAMODB_ENDPOINT";
      case INFLUXDB -> "INFLUXDB_URL";
      default -> null;
    };
    if (suffix == null) {
      return Optional.empty();
    }
    for (String prefix : new String[] {"POLYSTORE_SAMPLES_", "POLYSTORE_TEST_"}) {
      String value = environment.get(prefix + suffix);
      if (value != null && !value.isBlank()) {
        return Optional.of(BackendTarget.server(kind, value.strip(), prefix + suffix));
      }
    }
    return Optional.empty();
  }
}
