package dev.polystore.dynamodb.internal;

import static dev.polystore.dynamodb.internal.DynamoItemCodec.toPost;
import static dev.polystore.dynamodb.internal.DynamoItemCodec.uniqueKey;

import dev.polystore.Capabilities;
import dev.polystore.ReadConsistency;
import dev.polystore.UserStore;
import dev.polystore.spi.support.Checks;
import dev.polystore.spi.support.Lookups;
import dev.polystore.spi.support.Messages;
import dev.polystore.spi.support.NativeHandles;
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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Internal: every operation of the DynamoDB {@link UserStore}, written once over its collaborators — item reads,
 * writes, the cascade delete, tag writes, queries, aggregates — for the store and for the store an
 * {@code inTransaction} callback receives, which differ only in the {@link DynamoUnit} a write goes into
 * ({@link #inUnit}), in when they are open ({@link #ensureOpen()}), and in what the transaction's own lookups see.
 * Reads have the operations' {@link ReadConsistency}; writes read what they check strongly, whatever it is.
 * Thread-safe as its subclasses say.
 */
abstract sealed class DynamoUserOperations implements UserStore permits DynamoUserStore, DynamoTransactionStore {

  /** The table, for the subclasses' lifecycle and units. */
  final DynamoDatabase db;
  /** The plans of the queries, for {@link dev.polystore.dynamodb.DynamoReadPlanner}. */
  final ReadPlans plans;
  private final UserItemReads itemReads;
  private final UserWrites userWrites;
  private final UserDeletion deletion;
  private final TagWrites tagWrites;
  private final UserQueries queries;
  private final UserAggregates aggregates;
  /** The consistency of the reads. */
  private final ReadConsistency consistency;

  /** The operations over {@code db}, with collaborators of their own, reading with {@code consistency}. */
  DynamoUserOperations(DynamoDatabase db, ReadConsistency consistency) {
    this.db = db;
    UserItemReads strong = new UserItemReads(db, ReadConsistency.STRONG);
    this.userWrites = new UserWrites(db, strong);
    this.deletion = new UserDeletion(db, strong);
    this.tagWrites = new TagWrites(db, strong);
    this.plans = new ReadPlans(db.options());
    this.consistency = consistency;
    this.itemReads = consistency == ReadConsistency.STRONG ? strong : new UserItemReads(db, consistency);
    this.queries = new UserQueries(db, db.reads(consistency), itemReads, plans);
    this.aggregates = new UserAggregates(db.reads(consistency), plans);
  }

  /** The operations of {@code other}, sharing its writes, reading with {@code consistency}. */
  DynamoUserOperations(DynamoUserOperations other, ReadConsistency consistency) {
    this.db = other.db;
    this.plans = other.plans;
    this.userWrites = other.userWrites;
    this.deletion = other.deletion;
    this.tagWrites = other.tagWrites;
    this.consistency = consistency;
    boolean same = consistency == other.consistency;
    this.itemReads = same ? other.itemReads : new UserItemReads(db, consistency);
    this.queries = same ? other.queries : new UserQueries(db, db.reads(consistency), itemReads, plans);
    this.aggregates = same ? other.aggregates : new UserAggregates(db.reads(consistency), plans);
  }

  /**
   * Runs a write in a unit: the store's commits when the write returns, a transaction's collects it.
   *
   * @param what the write, for messages
   * @throws IllegalStateException when the store is closed or the transaction has ended
   */
  abstract <T> T inUnit(Function<DynamoUnit, T> write, String what);

  /** @throws IllegalStateException when the store is closed or the transaction has ended */
  abstract void ensureOpen();

  /** What {@link #unwrap} answers: the client and the table; a transaction's also its {@code DynamoTransaction}. */
  abstract NativeHandles nativeHandles();

  @Override
  public <T> Optional<T> unwrap(Class<T> type) {
    Objects.requireNonNull(type, "type");
    ensureOpen();
    return nativeHandles().unwrap(type);
  }

  @Override
  public <T> T unwrapOrThrow(Class<T> type) {
    Objects.requireNonNull(type, "type");
    ensureOpen();
    return nativeHandles().unwrapOrThrow(type);
  }

  /** As {@link #inUnit}, for a write that returns nothing. */
  private void inUnitNoResult(Consumer<DynamoUnit> write, String what) {
    inUnit(unit -> {
      write.accept(unit);
      return null;
    }, what);
  }

  // ---- users -----------------------------------------------------------------------------------------------------

  @Override
  public User create(NewUser user) {
    Objects.requireNonNull(user, "user");
    return inUnit(unit -> userWrites.create(user, unit), "creating user " + Messages.quote(user.username()));
  }

  @Override
  public List<User> createAll(List<NewUser> users) {
    Objects.requireNonNull(users, "users");
    return inUnit(unit -> userWrites.createAll(users, unit), "creating " + users.size() + " users");
  }

  @Override
  public Optional<User> get(UserId id) {
    Objects.requireNonNull(id, "id");
    ensureOpen();
    return itemReads.loadUser(id.value()).map(DynamoItemCodec::toUser);
  }

  @Override
  public Optional<User> findByUsername(String username) {
    ensureOpen();
    return findByUnique(DynamoTable.USERNAME, Lookups.username(username), UserItem::usernameLc);
  }

  @Override
  public Optional<User> findByEmail(String email) {
    ensureOpen();
    return findByUnique(DynamoTable.EMAIL, Lookups.email(email), UserItem::emailLc);
  }

  private Optional<User> findByUnique(String prefix, String value, Function<UserItem, String> stored) {
    String lc = DynamoFilters.lower(value);
    return db.getItem(uniqueKey(prefix, value), consistency, "looking up " + prefix + lc)
        .map(RefItem.SCHEMA::mapToItem)
        .flatMap(ref -> itemReads.loadUser(UUID.fromString(ref.ref())))
        .filter(item -> lc.equals(stored.apply(item)))
        .map(DynamoItemCodec::toUser);
  }

  @Override
  public User update(User changed) {
    Objects.requireNonNull(changed, "changed");
    return inUnit(unit -> userWrites.update(changed, unit), "updating user " + changed.id());
  }

  @Override
  public boolean delete(UserId id) {
    Objects.requireNonNull(id, "id");
    return inUnit(unit -> deletion.deleteUser(id.value(), null, unit), "deleting user " + id);
  }

  @Override
  public boolean delete(UserId id, long expectedVersion) {
    Objects.requireNonNull(id, "id");
    return inUnit(unit -> deletion.deleteUser(id.value(), expectedVersion, unit), "deleting user " + id);
  }

  // ---- queries over users ----------------------------------------------------------------------------------------

  @Override
  public Page<User> find(UserQuery query) {
    Objects.requireNonNull(query, "query");
    ensureOpen();
    return queries.find(query);
  }

  @Override
  public long count(Filter<UserField> filter) {
    Objects.requireNonNull(filter, "filter");
    ensureOpen();
    return queries.count(filter);
  }

  // ---- posts and tags --------------------------------------------------------------------------------------------

  @Override
  public Post addPost(UserId author, NewPost post) {
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(post, "post");
    return inUnit(unit -> userWrites.addPost(author, post, unit), "adding a post by " + author);
  }

  @Override
  public Optional<Post> getPost(PostId id) {
    Objects.requireNonNull(id, "id");
    ensureOpen();
    return itemReads.loadPost(id.value()).map(p -> toPost(p, true));
  }

  @Override
  public boolean deletePost(PostId id) {
    Objects.requireNonNull(id, "id");
    return inUnit(unit -> deletion.deletePost(id.value(), unit), "deleting post " + id);
  }

  @Override
  public Page<Post> findPosts(PostQuery query) {
    Objects.requireNonNull(query, "query");
    ensureOpen();
    return queries.findPosts(query);
  }

  @Override
  public void tag(PostId post, Set<String> tags) {
    Objects.requireNonNull(post, "post");
    Objects.requireNonNull(tags, "tags");
    inUnitNoResult(unit -> tagWrites.tag(post.value(), Checks.tags(tags), unit), "tagging post " + post);
  }

  @Override
  public void untag(PostId post, Set<String> tags) {
    Objects.requireNonNull(post, "post");
    Objects.requireNonNull(tags, "tags");
    inUnitNoResult(unit -> tagWrites.untag(post.value(), Checks.tags(tags), unit), "untagging post " + post);
  }

  @Override
  public Set<String> tagsOf(PostId post) {
    Objects.requireNonNull(post, "post");
    ensureOpen();
    return itemReads.loadPost(post.value())
        .map(p -> Collections.unmodifiableSortedSet(new TreeSet<>(p.tagSet())))
        .orElse(Collections.emptySortedSet());
  }

  // ---- aggregates ------------------------------------------------------------------------------------------------

  @Override
  public AgeStats ageStats(Filter<UserField> filter) {
    Objects.requireNonNull(filter, "filter");
    ensureOpen();
    return aggregates.ageStats(filter);
  }

  @Override
  public Map<Object, Long> countBy(UserField field, Filter<UserField> filter) {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(filter, "filter");
    ensureOpen();
    return aggregates.countBy(field, filter);
  }

  @Override
  public List<AuthorCount> topAuthors(int limit, Filter<PostField> filter) {
    Objects.requireNonNull(filter, "filter");
    ensureOpen();
    return aggregates.topAuthors(limit, filter);
  }

  @Override
  public ReadConsistency readConsistency() {
    return consistency;
  }

  @Override
  public Capabilities capabilities() {
    return DynamoUserStore.CAPABILITIES;
  }
}
