package dev.polystore.samples.backends;

import dev.polystore.EventStore;
import dev.polystore.UserStore;
import dev.polystore.dynamodb.DynamoReadPlanner;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * One opened backend: its stores (a user store where the backend has one, and an event store), the counter of
 * what they send, DynamoDB's read planner where there is one, and what to release and clean up at the end.
 * Closing it closes the stores first, then the clients and pools, then removes the scratch space. Not
 * thread-safe to close; the stores themselves are thread-safe.
 */
public final class Backend implements AutoCloseable {

  private final String label;
  private final BackendKind kind;
  private final Optional<UserStore> users;
  private final Optional<EventStore> events;
  private final RequestCounter requests;
  private final Optional<DynamoReadPlanner> planner;
  private final List<AutoCloseable> cleanup;

  /**
   * @param label the name in reports, e.g. {@code "SQLite memory"}
   * @param cleanup what to close after the stores, in this order (clients, pools, scratch space)
   */
  public Backend(String label, BackendKind kind, Optional<UserStore> users, Optional<EventStore> events,
      RequestCounter requests, Optional<DynamoReadPlanner> planner, List<AutoCloseable> cleanup) {
    this.label = Objects.requireNonNull(label, "label");
    this.kind = Objects.requireNonNull(kind, "kind");
    this.users = Objects.requireNonNull(users, "users");
    this.events = Objects.requireNonNull(events, "events");
    this.requests = Objects.requireNonNull(requests, "requests");
    this.planner = Objects.requireNonNull(planner, "planner");
    this.cleanup = new ArrayList<>(cleanup);
  }

  public String label() {
    return label;
  }

  public BackendKind kind() {
    return kind;
  }

  /** The user store; empty for InfluxDB. */
  public Optional<UserStore> users() {
    return users;
  }

  public Optional<EventStore> events() {
    return events;
  }

  /** Counts what the stores send: SQL statements, DynamoDB requests or HTTP requests. */
  public RequestCounter requests() {
    return requests;
  }

  /** DynamoDB's read planner, which says when a read scans or emulates; empty on other backends. */
  public Optional<DynamoReadPlanner> planner() {
    return planner;
  }

  /**
   * The same backend with its user store replaced by {@code wrap(store)}, for tests that need a backend to
   * misbehave. Close the returned backend instead of this one (the wrapper must close the store it wraps).
   */
  public Backend withUsers(UnaryOperator<UserStore> wrap) {
    return new Backend(label, kind, users.map(wrap), events, requests, planner, cleanup);
  }

  @Override
  public void close() {
    users.ifPresent(store -> closeQuietly(store::close, "the user store"));
    events.ifPresent(store -> closeQuietly(store::close, "the event store"));
    for (AutoCloseable resource : cleanup) {
      closeQuietly(resource, "its resources");
    }
  }

  private void closeQuietly(AutoCloseable resource, String what) {
    try {
      resource.close();
    } catch (Exception e) {
      System.err.println(label + ": closing " + what + " failed: " + e.getMessage());
    }
  }
}
