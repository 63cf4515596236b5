package dev.polystore.dynamodb.internal;

import static dev.polystore.dynamodb.internal.DynamoItemCodec.toPost;
import static dev.polystore.dynamodb.internal.DynamoItemCodec.uniqueKey;
import static dev.polystore.dynamodb.internal.DynamoTable.s;

import dev.polystore.Capabilities;
import dev.polystore.Capability;
import dev.polystore.UserStore;
import dev.polystore.dynamodb.DynamoReadPlan;
import dev.polystore.dynamodb.DynamoReadPlanner;
import dev.polystore.dynamodb.DynamoStoreOptions;
import dev.polystore.spi.support.Checks;
import dev.polystore.spi.support.Lookups;
import dev.polystore.spi.support.Messages;
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
import java.time.Clock;
import java.time.temporal.ChronoUnit;
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
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Internal: {@link UserStore} over one DynamoDB table (single-table design; see {@code docs/dynamodb.md}).
 * Thread-safe: one instance serves the application; the store handed to an {@code inTransaction} callback is
 * confined to that callback.
 *
 * <p>Writes of one operation commit together in one {@code TransactWriteItems}; a {@code createAll} of more users
 * than one transaction holds is refused before anything is written. Only what cannot fit in one transaction is
 * split, ordered so that a crash leaves a state a repeated call completes: a user's delete removes excess posts
 * first and the profile last, a post's delete untags excess tags first. Reads of single items and item
 * collections are strongly consistent; listings read {@code gsi1} and are eventually consistent on DynamoDB
 * (immediately consistent on DynamoDB Local).
 *
 * <p>Where one operation needs a read per partition (the posts of each user for {@code include(POSTS)}, the items
 * of each post when a user is deleted, {@code BatchGetItem} calls of 100 keys), the reads are sent concurrently,
 * at most {@link DynamoStoreOptions#readParallelism()} at a time, on threads the store owns and {@link #close()}
 * stops.
 */
public final class DynamoUserStore implements UserStore, DynamoReadPlanner {

  static final String BACKEND = "DynamoDB";
  static final Capabilities CAPABILITIES = Capabilities.of(BACKEND, ChronoUnit.NANOS,
      Capability.USER_STORE, Capability.TRANSACTIONS, Capability.CURSOR_PAGES, Capability.OFFSET_PAGES,
      Capability.EXACT_COUNT, Capability.IGNORE_CASE, Capability.SUBSTRING_MATCH, Capability.AGGREGATES);

  static final DynamoFilters<UserField> USER_FILTERS = DynamoFilters.of(UserField.class, UserItem.SCHEMA);
  static final DynamoFilters<PostField> POST_FILTERS = DynamoFilters.of(PostField.class, PostItem.SCHEMA);

  private final DynamoDatabase db;
  private final DynamoTransactions transactions;
  private final UserItemReads itemReads;
  private final UserWrites userWrites;
  private final UserDeletion deletion;
  private final TagWrites tagWrites;
  private final ReadPlans plans;
  private final UserQueries queries;
  private final UserAggregates aggregates;

  /**
   * Opens the store; creates the table when missing (unless the options say not to).
   *
   * @param ownsClient whether {@link #close()} closes the client
   */
  public DynamoUserStore(DynamoDbClient client, DynamoStoreOptions options, boolean ownsClient) {
    this(client, options, ownsClient, Clock.systemUTC());
  }

  /** As {@link #DynamoUserStore(DynamoDbClient, DynamoStoreOptions, boolean)}, with the clock that stamps writes. */
  DynamoUserStore(DynamoDbClient client, DynamoStoreOptions options, boolean ownsClient, Clock clock) {
    this(new DynamoDatabase(client, options, options.readParallelism(), ownsClient, clock));
  }

  private DynamoUserStore(DynamoDatabase db) {
    this.db = db;
    this.transactions = db.transactions();
    this.itemReads = new UserItemReads(db);
    this.userWrites = new UserWrites(db, itemReads);
    this.deletion = new UserDeletion(db, itemReads);
    this.tagWrites = new TagWrites(db, itemReads);
    this.plans = new ReadPlans(db.options());
    this.queries = new UserQueries(db, itemReads, plans);
    this.aggregates = new UserAggregates(db, plans);
  }

  // ---- users -----------------------------------------------------------------------------------------------------

  @Override
  public User create(NewUser user) {
    Objects.requireNonNull(user, "user");
    return autoCommit(unit -> userWrites.create(user, unit), "creating user " + Messages.quote(user.username()));
  }

  @Override
  public List<User> createAll(List<NewUser> users) {
    Objects.requireNonNull(users, "users");
    return autoCommit(unit -> userWrites.createAll(users, unit), "creating " + users.size() + " users");
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
    return db.getItem(uniqueKey(prefix, value), "looking up " + prefix + lc)
        .map(RefItem.SCHEMA::mapToItem)
        .flatMap(ref -> itemReads.loadUser(UUID.fromString(ref.ref())))
        .filter(item -> lc.equals(stored.apply(item)))
        .map(DynamoItemCodec::toUser);
  }

  @Override
  public User update(User changed) {
    Objects.requireNonNull(changed, "changed");
    return autoCommit(unit -> userWrites.update(changed, unit), "updating user " + changed.id());
  }

  @Override
  public boolean delete(UserId id) {
    Objects.requireNonNull(id, "id");
    return autoCommit(unit -> deletion.deleteUser(id.value(), null, unit), "deleting user " + id);
  }

  @Override
  public boolean delete(UserId id, long expectedVersion) {
    Objects.requireNonNull(id, "id");
    return autoCommit(unit -> deletion.deleteUser(id.value(), expectedVersion, unit), "deleting user " + id);
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

  @Override
  public DynamoReadPlan plan(UserQuery query) {
    Objects.requireNonNull(query, "query");
    ensureOpen();
    return plans.users(query, USER_FILTERS.split(query.filter()));
  }

  @Override
  public DynamoReadPlan planCount(Filter<UserField> filter) {
    Objects.requireNonNull(filter, "filter");
    ensureOpen();
    return ReadPlans.count(USER_FILTERS.split(filter));
  }

  // ---- posts and tags --------------------------------------------------------------------------------------------

  @Override
  public Post addPost(UserId author, NewPost post) {
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(post, "post");
    return autoCommit(unit -> userWrites.addPost(author, post, unit), "adding a post by " + author);
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
    return autoCommit(unit -> deletion.deletePost(id.value(), unit), "deleting post " + id);
  }

  @Override
  public Page<Post> findPosts(PostQuery query) {
    Objects.requireNonNull(query, "query");
    ensureOpen();
    return queries.findPosts(query);
  }

  @Override
  public DynamoReadPlan plan(PostQuery query) {
    Objects.requireNonNull(query, "query");
    ensureOpen();
    DynamoReads.Source source = ReadPlans.postSource(query.tag(), query.filter());
    return plans.posts(query, source, POST_FILTERS.split(query.filter()));
  }

  @Override
  public void tag(PostId post, Set<String> tags) {
    Objects.requireNonNull(post, "post");
    Objects.requireNonNull(tags, "tags");
    inAutoCommit(unit -> tagWrites.tag(post.value(), Checks.tags(tags), unit), "tagging post " + post);
  }

  @Override
  public void untag(PostId post, Set<String> tags) {
    Objects.requireNonNull(post, "post");
    Objects.requireNonNull(tags, "tags");
    inAutoCommit(unit -> tagWrites.untag(post.value(), Checks.tags(tags), unit), "untagging post " + post);
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

  // ---- transactions ----------------------------------------------------------------------------------------------

  @Override
  public <T> T inTransaction(Function<UserStore, T> work) {
    Objects.requireNonNull(work, "work");
    ensureOpen();
    DynamoUnit unit = new DynamoUnit(true);
    DynamoTransactionStore tx = new DynamoTransactionStore(this, unit, userWrites, deletion, tagWrites);
    T result;
    try {
      result = work.apply(tx);
    } finally {
      tx.end();
    }
    transactions.commit(unit.writes(), "the transaction");
    return result;
  }

  /**
   * Runs a write in a unit of its own, then commits what the unit collected in one transaction (a write too large
   * for one transaction commits its parts itself).
   *
   * @throws IllegalStateException after {@link #close()}
   */
  private <T> T autoCommit(Function<DynamoUnit, T> write, String what) {
    ensureOpen();
    DynamoUnit unit = new DynamoUnit(false);
    T result = write.apply(unit);
    transactions.commit(unit.writes(), what);
    return result;
  }

  /** As {@link #autoCommit}, for a write that returns nothing. */
  private void inAutoCommit(Consumer<DynamoUnit> write, String what) {
    autoCommit(unit -> {
      write.accept(unit);
      return null;
    }, what);
  }

  /** @throws IllegalStateException after {@link #close()} */
  private void ensureOpen() {
    db.ensureOpen();
  }

  @Override
  public Capabilities capabilities() {
    return CAPABILITIES;
  }

  @Override
  public void close() {
    db.close();
  }

  @Override
  public String toString() {
    return "DynamoUserStore{" + db.options() + '}';
  }
}
