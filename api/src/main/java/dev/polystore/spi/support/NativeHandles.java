package dev.polystore.spi.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The native handles one store offers through {@link dev.polystore.UserStore#unwrap(Class)} and
 * {@link dev.polystore.EventStore#unwrap(Class)}, and the one rule for answering: a handle is found by its type
 * exactly as registered (a supertype or subtype of it finds nothing), an unknown type is {@code Optional.empty()},
 * and {@link #unwrapOrThrow(Class)} refuses it with an {@link IllegalArgumentException} that names the type asked
 * for, the types the store offers, and where the types it offers elsewhere are to be had (a transaction's handle is
 * offered by the store an {@code inTransaction} callback receives, not by the store itself).
 *
 * <pre>{@code
 * NativeHandles handles = NativeHandles.builder("the PostgreSQL user store")
 *     .add(Jdbi.class, jdbi)
 *     .elsewhere(Handle.class, "only the store an inTransaction callback receives offers the transaction's Handle")
 *     .build();
 * }</pre>
 *
 * <p>The store checks that it is open before it asks (a closed store throws {@link IllegalStateException}, as for
 * every method). Immutable and thread-safe.
 */
public final class NativeHandles {

  private final String store;
  private final Map<Class<?>, Object> handles;
  private final Map<Class<?>, String> elsewhere;

  private NativeHandles(Builder builder) {
    this.store = builder.store;
    this.handles = Collections.unmodifiableMap(new LinkedHashMap<>(builder.handles));
    this.elsewhere = Collections.unmodifiableMap(new LinkedHashMap<>(builder.elsewhere));
  }

  /**
   * A builder for the handles of one store.
   *
   * @param store what the store is, for messages: {@code "the PostgreSQL user store"}
   */
  public static Builder builder(String store) {
    return new Builder(store);
  }

  /** The store's handle of exactly this type, or empty. */
  public <T> Optional<T> unwrap(Class<T> type) {
    Objects.requireNonNull(type, "type");
    Object handle = handles.get(type);
    return handle == null ? Optional.empty() : Optional.of(type.cast(handle));
  }

  /**
   * The store's handle of exactly this type.
   *
   * @throws IllegalArgumentException when the store offers no handle of this type, naming the types it offers
   */
  public <T> T unwrapOrThrow(Class<T> type) {
    return unwrap(type).orElseThrow(() -> new IllegalArgumentException(missing(type)));
  }

  /** The types the store offers, in the order they were added. */
  public Set<Class<?>> types() {
    return handles.keySet();
  }

  /** The message for a type the store does not offer. */
  private String missing(Class<?> type) {
    StringBuilder message = new StringBuilder(store).append(" has no native handle of type ")
        .append(type.getName());
    String where = elsewhere.get(type);
    if (where != null) {
      message.append(": ").append(where);
    }
    message.append(handles.isEmpty() ? "; it offers none" : "; it offers " + names(handles.keySet()));
    List<Class<?>> others = new ArrayList<>(elsewhere.keySet());
    others.remove(type);
    if (!others.isEmpty()) {
      message.append(" (and, elsewhere, ").append(names(others)).append(')');
    }
    return message.toString();
  }

  private static String names(Iterable<Class<?>> types) {
    List<String> names = new ArrayList<>();
    types.forEach(t -> names.add(t.getName()));
    return String.join(", ", names);
  }

  @Override
  public String toString() {
    return "NativeHandles{" + store + ": " + names(handles.keySet()) + '}';
  }

  /** Collects the handles of one store; not thread-safe. */
  public static final class Builder {
    private final String store;
    private final Map<Class<?>, Object> handles = new LinkedHashMap<>();
    private final Map<Class<?>, String> elsewhere = new LinkedHashMap<>();

    private Builder(String store) {
      this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Offers {@code handle} as {@code type}.
     *
     * @throws IllegalArgumentException when the type is offered already, or {@code handle} is not of it
     */
    public <T> Builder add(Class<T> type, T handle) {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(handle, "handle");
      if (!type.isInstance(handle)) {
        throw new IllegalArgumentException(handle.getClass().getName() + " is not a " + type.getName());
      }
      if (handles.putIfAbsent(type, handle) != null) {
        throw new IllegalArgumentException(type.getName() + " is offered twice");
      }
      elsewhere.remove(type);
      return this;
    }

    /**
     * Says where a handle of {@code type} that this store does not offer is to be had, for the message of
     * {@link #unwrapOrThrow(Class)}: {@code "only the store an inTransaction callback receives offers it"}.
     */
    public Builder elsewhere(Class<?> type, String where) {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(where, "where");
      if (!handles.containsKey(type)) {
        elsewhere.put(type, where);
      }
      return this;
    }

    public NativeHandles build() {
      return new NativeHandles(this);
    }
  }
}
