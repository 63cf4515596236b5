package dev.polystore.samples.backends;

import java.util.Objects;
import java.util.Optional;

/**
 * A backend to run on: its kind and where it is — a JDBC URL, a DynamoDB endpoint or an {@code influxdb:} URL;
 * empty for the embedded ones (SQLite, DynamoDB Local in-process). Immutable.
 *
 * @param kind the backend
 * @param location where the server is; empty for an embedded backend
 * @param source where the location came from ({@code "--postgres"}, {@code "POLYSTORE_SAMPLES_POSTGRES_URL"},
 *     {@code "embedded"}), for messages
 */
public record BackendTarget(BackendKind kind, Optional<String> location, String source) {

  public BackendTarget {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(source, "source");
  }

  /** An embedded backend. */
  public static BackendTarget embedded(BackendKind kind) {
    return new BackendTarget(kind, Optional.empty(), "embedded");
  }

  /** A server at {@code location}. */
  public static BackendTarget server(BackendKind kind, String location, String source) {
    return new BackendTarget(kind, Optional.of(location), source);
  }

  /** The kind's label, e.g. {@code "PostgreSQL"}. */
  public String label() {
    return kind.label();
  }
}
