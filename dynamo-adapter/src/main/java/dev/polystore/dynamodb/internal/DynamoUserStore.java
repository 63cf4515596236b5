package dev.polystore.dynamodb.internal;

import static dev.polystore.dynamodb.internal.DynamoItemCodec.toPost;
import static dev.polystore.dynamodb.internal.DynamoItemCodec.uniqueKey;
import static dev.polystore.dynamodb.internal.DynamoItemCodec.userKey;
import static dev.polystore.dynamodb.internal.ReadPlans.USERS;
import static dev.polystore.dynamodb.internal.DynamoTable.s;

import dev.polystore.Capabilities;
import dev.polystore.Capability;
import dev.polystore.UnsupportedCapabilityException;
import dev.polystore.UserStore;
import dev.polystore.dynamodb.DynamoReadPlan;
import dev.polystore.dynamodb.DynamoReadPlanner;
import dev.polystore.dynamodb.DynamoStoreOptions;
import dev.polystore.spi.support.Checks;
import dev.polystore.spi.support.FieldValues;
import dev.polystore.spi.support.InMemoryFilter;
import dev.polystore.spi.support.Lookups;
import dev.polystore.spi.support.Messages;
import dev.polystore.spi.support.TextOrder;
import dev.polystore.spi.support.ValueOrder;
import dev.polystore.query.CountMode;
import dev.polystore.query.Filter;
import dev.polystore.query.Page;
import dev.polystore.spi.CursorCodec;
import dev.polystore.user.AgeStats;
import dev.polystore.user.AuthorCount;
import dev.polystore.user.Include;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

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
  private final DynamoStoreOptions options;
  private final String table;
  private final DynamoRetry retry;
  private final DynamoTransactions transactions;
  private final DynamoWrites writes;
  private final UserItemReads itemReads;
  private final UserWrites userWrites;
  private final UserDeletion deletion;
  private final TagWrites tagWrites;
  private final ReadPlans plans;
  private final DynamoReads reads;
  private final DynamoReadPool pool;
  /** Stamps creation and update times. */
  private final Clock clock;

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
    this.options = db.options();
    this.table = db.table();
    this.retry = db.retry();
    this.transactions = db.transactions();
    this.writes = db.writes();
    this.itemReads = new UserItemReads(db);
    this.userWrites = new UserWrites(db, itemReads);
    this.deletion = new UserDeletion(db, itemReads);
    this.tagWrites = new TagWrites(db, itemReads);
    this.plans = new ReadPlans(db.options());
    this.reads = db.reads();
    this.pool = db.pool();
    this.clock = db.clock();
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
    DynamoFilters.Split<UserField> split = USER_FILTERS.split(query.filter());
    plans.enforce(plans.users(query, split), "find(users)");
    byte[] fingerprint = CursorCodec.fingerprint("users", query.filter(), query.sort());
    Page<User> window = reads.window(USERS, USER_FILTERS, split, query.sort(), UserField.ID,
        query.page(), DynamoItemCodec::user, FieldValues::of, fingerprint, "finding users");
    List<User> items = window.items();
    if (query.includes().contains(Include.POSTS)) {
      // one Query per user (DynamoDB reads one partition at a time), read.parallelism of them at once
      boolean tags = query.includes().contains(Include.TAGS);
      List<List<Post>> posts = pool.map(items, user -> itemReads.postsOf(user.id().value(), tags), "reading the posts of users");
      List<User> withPosts = new ArrayList<>(items.size());
      for (int i = 0; i < items.size(); i++) {
        withPosts.add(items.get(i).toBuilder().posts(posts.get(i)).build());
      }
      items = withPosts;
    }
    OptionalLong total = query.countMode() == CountMode.EXACT
        ? OptionalLong.of(reads.count(USERS, USER_FILTERS, split, DynamoItemCodec::user, FieldValues::of,
        "counting users"))
        : OptionalLong.empty();
    return new Page<>(items, window.nextCursor(), window.hasNext(), total);
  }

  @Override
  public long count(Filter<UserField> filter) {
    Objects.requireNonNull(filter, "filter");
    ensureOpen();
    DynamoFilters.Split<UserField> split = USER_FILTERS.split(filter);
    plans.enforce(ReadPlans.count(split), "count(users)");
    return reads.count(USERS, USER_FILTERS, split, DynamoItemCodec::user, FieldValues::of, "counting users");
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
    if (query.search().isPresent()) {
      throw new UnsupportedCapabilityException(Capability.FULL_TEXT, BACKEND,
          "DynamoDB has no full-text index; use a contains filter on TITLE or CONTENT (a scan)");
    }
    DynamoReads.Source source = ReadPlans.postSource(query.tag(), query.filter());
    DynamoFilters.Split<PostField> split = POST_FILTERS.split(query.filter());
    plans.enforce(plans.posts(query, source, split), "findPosts");
    byte[] fingerprint = CursorCodec.fingerprint("posts", query.filter(), query.tag().orElse(""), query.sort());
    boolean tags = query.includes().contains(Include.TAGS);
    Page<PostItem> window = reads.window(source, POST_FILTERS, split, query.sort(), PostField.ID,
        query.page(), PostItem.SCHEMA::mapToItem, DynamoItemCodec::values, fingerprint, "finding posts");
    List<Post> items;
    if (tags && query.tag().isPresent()) {
      Map<String, PostItem> posts = itemReads.postsByKey(window.items());
      items = window.items().stream().map(link -> toPost(posts.getOrDefault(link.id(), link), true)).toList();
    } else {
      items = window.items().stream().map(p -> toPost(p, tags)).toList();
    }
    OptionalLong total = query.countMode() == CountMode.EXACT
        ? OptionalLong.of(reads.count(source, POST_FILTERS, split, PostItem.SCHEMA::mapToItem, DynamoItemCodec::values,
        "counting posts"))
        : OptionalLong.empty();
    return new Page<>(items, window.nextCursor(), window.hasNext(), total);
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
    DynamoFilters.Split<UserField> split = USER_FILTERS.split(filter);
    plans.enforce(ReadPlans.count(split), "ageStats");
    long count = 0;
    long sum = 0;
    int min = Integer.MAX_VALUE;
    int max = Integer.MIN_VALUE;
    for (Iterator<User> it = users(split); it.hasNext(); ) {
      Integer age = it.next().age();
      if (age != null) {
        count++;
        sum += age;
        min = Math.min(min, age);
        max = Math.max(max, age);
      }
    }
    if (count == 0) {
      return AgeStats.empty();
    }
    return new AgeStats(count, OptionalDouble.of((double) sum / count), OptionalInt.of(min), OptionalInt.of(max));
  }

  @Override
  public Map<Object, Long> countBy(UserField field, Filter<UserField> filter) {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(filter, "filter");
    ensureOpen();
    DynamoFilters.Split<UserField> split = USER_FILTERS.split(filter);
    plans.enforce(ReadPlans.count(split), "countBy");
    Map<Object, Long> counts = new TreeMap<>(ValueOrder.NULLS_FIRST);
    for (Iterator<User> it = users(split); it.hasNext(); ) {
      counts.merge(field.valueOf(it.next()), 1L, Long::sum);
    }
    return Collections.unmodifiableMap(new LinkedHashMap<>(counts));
  }

  /** Every matching user, streamed page by page. */
  private Iterator<User> users(DynamoFilters.Split<UserField> split) {
    Iterator<Map<String, AttributeValue>> raw = reads.items(
        reads.request(USERS, USER_FILTERS, split, true).limit(1000).build(), "reading users");
    return InMemoryFilter.matching(DynamoReads.mapped(raw, DynamoItemCodec::user), split.residual(),
        FieldValues::of);
  }

  @Override
  public List<AuthorCount> topAuthors(int limit, Filter<PostField> filter) {
    Objects.requireNonNull(filter, "filter");
    ensureOpen();
    Checks.topAuthorsLimit(limit);
    DynamoReads.Source source = ReadPlans.postSource(Optional.empty(), filter);
    DynamoFilters.Split<PostField> split = POST_FILTERS.split(filter);
    plans.enforce(plans.topAuthors(source, split), "topAuthors");
    Map<String, Long> counts = new HashMap<>();
    Iterator<PostItem> posts = InMemoryFilter.matching(DynamoReads.mapped(reads.items(
        reads.request(source, POST_FILTERS, split, true).limit(1000).build(), "counting posts per author"),
        PostItem.SCHEMA::mapToItem), split.residual(), DynamoItemCodec::values);
    while (posts.hasNext()) {
      counts.merge(posts.next().authorId(), 1L, Long::sum);
    }
    if (counts.isEmpty()) {
      return List.of();
    }
    // Authors by count, most first. Their profiles are read in rounds: down to the count of the last author
    // still needed (with every author tied at it), then further down when some profile is gone (an author
    // deleted since the count), so the result still holds the top `limit` authors that exist.
    List<Map.Entry<String, Long>> ranked = counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).toList();
    List<AuthorCount> candidates = new ArrayList<>();
    int next = 0;
    while (next < ranked.size() && candidates.size() < limit) {
      int end = Math.min(ranked.size(), next + limit - candidates.size());
      long threshold = ranked.get(end - 1).getValue();
      while (end < ranked.size() && ranked.get(end).getValue() == threshold) {
        end++;
      }
      List<Map<String, AttributeValue>> keys = ranked.subList(next, end).stream()
          .map(en -> userKey(UUID.fromString(en.getKey()))).toList();
      for (Map<String, AttributeValue> raw : reads.batchGet(keys, "reading authors")) {
        UserItem user = UserItem.SCHEMA.mapToItem(raw);
        candidates.add(new AuthorCount(UserId.of(UUID.fromString(user.id())), user.username(), counts.get(user.id())));
      }
      next = end;
    }
    candidates.sort(Comparator.comparingLong(AuthorCount::posts).reversed()
        .thenComparing(AuthorCount::username, TextOrder.CODE_POINTS));
    return List.copyOf(candidates.subList(0, Math.min(limit, candidates.size())));
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
    return "DynamoUserStore{" + options + '}';
  }
}
