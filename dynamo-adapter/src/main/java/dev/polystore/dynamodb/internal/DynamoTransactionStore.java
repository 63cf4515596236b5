package dev.polystore.dynamodb.internal;

import dev.polystore.Capability;
import dev.polystore.ReadConsistency;
import dev.polystore.UnsupportedCapabilityException;
import dev.polystore.UserStore;
import dev.polystore.dynamodb.DynamoTransaction;
import dev.polystore.spi.support.NativeHandles;
import dev.polystore.spi.support.Lookups;
import dev.polystore.user.Post;
import dev.polystore.user.PostId;
import dev.polystore.user.User;
import dev.polystore.user.UserId;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Internal: the {@link UserStore} an {@code inTransaction} callback receives. Writes are collected in a
 * {@link DynamoUnit} and committed by the owning store with one {@code TransactWriteItems} when the callback
 * returns. Key lookups ({@code get}, {@code findByUsername}, {@code findByEmail}, {@code getPost},
 * {@code tagsOf}) see the transaction's own writes, and read the committed state strongly, whatever the
 * consistency of the store that began the transaction; queries and aggregates ({@code find}, {@code findPosts},
 * {@code count}, ...) see committed state only, as the store's reads of them do. A nested {@code inTransaction} is refused: DynamoDB has no
 * savepoints. Every call but {@code close()} and {@code capabilities()} is refused with an
 * {@link IllegalStateException} once the callback has returned or the owning store is closed. Confined to the
 * callback's thread.
 */
final class DynamoTransactionStore extends DynamoUserOperations {

  private final DynamoUnit unit;
  /** The client, the table and the application's part of the transaction, for {@link #unwrap}. */
  private final NativeHandles nativeHandles;
  private boolean ended;

  /** A transaction of {@code store}'s, collecting its writes in {@code unit}. */
  DynamoTransactionStore(DynamoUserStore store, DynamoUnit unit) {
    super(store, ReadConsistency.STRONG);
    this.unit = unit;
    this.nativeHandles = db.nativeHandles("user store in a transaction")
        .add(DynamoTransaction.class, new DynamoNativeTransaction(unit, db.tableRef(), this::ensureOpen))
        .build();
  }

  /** Ends the transaction: every later call is refused. */
  void end() {
    ended = true;
  }

  @Override
  void ensureOpen() {
    if (ended) {
      throw new IllegalStateException("this store belongs to a transaction that has ended");
    }
    db.ensureOpen();
  }

  @Override
  NativeHandles nativeHandles() {
    return nativeHandles;
  }

  @Override
  <T> T inUnit(Function<DynamoUnit, T> write, String what) {
    ensureOpen();
    return write.apply(unit);
  }

  @Override
  public Optional<User> get(UserId id) {
    ensureOpen();
    Optional<User> own = unit.visibleUser(id.value());
    return own != null ? own : super.get(id);
  }

  @Override
  public Optional<User> findByUsername(String username) {
    String value = Lookups.username(username);
    ensureOpen();
    return findByUnique(value, User::username, super::findByUsername);
  }

  @Override
  public Optional<User> findByEmail(String email) {
    String value = Lookups.email(email);
    ensureOpen();
    return findByUnique(value, User::email, super::findByEmail);
  }

  /** The unit's own users first; a committed match the unit changed or deleted no longer matches. */
  private Optional<User> findByUnique(String value, Function<User, String> field,
                                      Function<String, Optional<User>> committed) {
    String lc = DynamoFilters.lower(value);
    for (User user : unit.visibleUsers()) {
      if (DynamoFilters.lower(field.apply(user)).equals(lc)) {
        return Optional.of(user);
      }
    }
    Optional<User> found = committed.apply(value);
    if (found.isPresent() && unit.visibleUser(found.get().id().value()) != null) {
      return Optional.empty();
    }
    return found;
  }

  @Override
  public Optional<Post> getPost(PostId id) {
    ensureOpen();
    if (unit.isDeletedPost(id.value())) {
      return Optional.empty();
    }
    PostItem own = unit.pendingPost(id.value());
    return own != null ? Optional.of(DynamoItemCodec.toPost(own, true)) : super.getPost(id);
  }

  @Override
  public Set<String> tagsOf(PostId post) {
    Objects.requireNonNull(post, "post");
    return getPost(post).flatMap(Post::tags).orElse(Set.of());
  }

  @Override
  public <T> T inTransaction(Function<UserStore, T> work) {
    Objects.requireNonNull(work, "work");
    ensureOpen();
    throw new UnsupportedCapabilityException(Capability.SAVEPOINTS, DynamoUserStore.BACKEND,
        "a nested inTransaction would need a savepoint; DynamoDB transactions have none");
  }

  /** This store itself: its reads stay in the transaction, and strong. */
  @Override
  public UserStore reading(ReadConsistency consistency) {
    Objects.requireNonNull(consistency, "consistency");
    ensureOpen();
    return this;
  }

  @Override
  public void close() {
    // the owning store's lifecycle is not the transaction's
  }
}
