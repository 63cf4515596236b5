package dev.polystore.dynamodb.internal;

import dev.polystore.Capabilities;
import dev.polystore.Capability;
import dev.polystore.UnsupportedCapabilityException;
import dev.polystore.UserStore;
import dev.polystore.spi.support.Checks;
import dev.polystore.spi.support.Lookups;
import dev.polystore.query.Filter;
import dev.polystore.query.Page;
import dev.polystore.user.AgeStats;
import dev.polystore.user.AuthorCount;
import dev.polystore.user.NewPost;
import dev.polystore.user.NewUser;
import dev.polystore.user.Post;
import dev.polystore.user.PostField;
import dev.polystore.user.PostId;
import dev.polystore.user.PostQuery;
import dev.polystore.user.User;
import dev.polystore.user.UserField;
import dev.polystore.user.UserId;
import dev.polystore.user.UserQuery;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Internal: the {@link UserStore} an {@code inTransaction} callback receives. Writes are collected in a
 * {@link DynamoUnit} and committed by the owning store with one {@code TransactWriteItems} when the callback
 * returns. Key lookups ({@code get}, {@code findByUsername}, {@code findByEmail}, {@code getPost},
 * {@code tagsOf}) see the transaction's own writes; queries and aggregates ({@code find}, {@code findPosts},
 * {@code count}, ...) see committed state only. A nested {@code inTransaction} is refused: DynamoDB has no
 * savepoints. Confined to the callback's thread.
 */
final class DynamoTransactionStore implements UserStore {

  private final DynamoUserStore store;
  private final DynamoUnit unit;
  private final UserWrites userWrites;
  private final UserDeletion deletion;
  private final TagWrites tagWrites;
  private boolean ended;

  DynamoTransactionStore(DynamoUserStore store, DynamoUnit unit, UserWrites userWrites, UserDeletion deletion,
                         TagWrites tagWrites) {
    this.store = store;
    this.unit = unit;
    this.userWrites = userWrites;
    this.deletion = deletion;
    this.tagWrites = tagWrites;
  }

  void end() {
    ended = true;
  }

  private DynamoUserStore open() {
    if (ended) {
      throw new IllegalStateException("this store belongs to a transaction that has ended");
    }
    return store;
  }

  @Override
  public User create(NewUser user) {
    open();
    return userWrites.create(user, unit);
  }

  @Override
  public List<User> createAll(List<NewUser> users) {
    open();
    return userWrites.createAll(users, unit);
  }

  @Override
  public Optional<User> get(UserId id) {
    open();
    Optional<User> own = unit.visibleUser(id.value());
    return own != null ? own : open().get(id);
  }

  @Override
  public Optional<User> findByUsername(String username) {
    return findByUnique(Lookups.username(username), User::username, open()::findByUsername);
  }

  @Override
  public Optional<User> findByEmail(String email) {
    return findByUnique(Lookups.email(email), User::email, open()::findByEmail);
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
  public User update(User changed) {
    open();
    return userWrites.update(changed, unit);
  }

  @Override
  public boolean delete(UserId id) {
    open();
    return deletion.deleteUser(id.value(), null, unit);
  }

  @Override
  public boolean delete(UserId id, long expectedVersion) {
    open();
    return deletion.deleteUser(id.value(), expectedVersion, unit);
  }

  @Override
  public Page<User> find(UserQuery query) {
    return open().find(query);
  }

  @Override
  public long count(Filter<UserField> filter) {
    return open().count(filter);
  }

  @Override
  public Post addPost(UserId author, NewPost post) {
    open();
    return userWrites.addPost(author, post, unit);
  }

  @Override
  public Optional<Post> getPost(PostId id) {
    open();
    if (unit.isDeletedPost(id.value())) {
      return Optional.empty();
    }
    PostItem own = unit.pendingPost(id.value());
    return own != null ? Optional.of(DynamoItemCodec.toPost(own, true)) : open().getPost(id);
  }

  @Override
  public boolean deletePost(PostId id) {
    open();
    return deletion.deletePost(id.value(), unit);
  }

  @Override
  public Page<Post> findPosts(PostQuery query) {
    return open().findPosts(query);
  }

  @Override
  public void tag(PostId post, Set<String> tags) {
    open();
    tagWrites.tag(post.value(), Checks.tags(tags), unit);
  }

  @Override
  public void untag(PostId post, Set<String> tags) {
    open();
    tagWrites.untag(post.value(), Checks.tags(tags), unit);
  }

  @Override
  public Set<String> tagsOf(PostId post) {
    Objects.requireNonNull(post, "post");
    return getPost(post).flatMap(Post::tags).orElse(Set.of());
  }

  @Override
  public AgeStats ageStats(Filter<UserField> filter) {
    return open().ageStats(filter);
  }

  @Override
  public Map<Object, Long> countBy(UserField field, Filter<UserField> filter) {
    return open().countBy(field, filter);
  }

  @Override
  public List<AuthorCount> topAuthors(int limit, Filter<PostField> filter) {
    return open().topAuthors(limit, filter);
  }

  @Override
  public <T> T inTransaction(Function<UserStore, T> work) {
    Objects.requireNonNull(work, "work");
    open();
    throw new UnsupportedCapabilityException(Capability.SAVEPOINTS, DynamoUserStore.BACKEND,
        "a nested inTransaction would need a savepoint; DynamoDB transactions have none");
  }

  @Override
  public Capabilities capabilities() {
    return store.capabilities();
  }

  @Override
  public void close() {
    // the owning store's lifecycle is not the transaction's
  }
}
