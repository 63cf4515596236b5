package dev.polystore.dynamodb.internal;

import dev.polystore.Capabilities;
import dev.polystore.Capability;
import dev.polystore.ReadConsistency;
import dev.polystore.UserStore;
import dev.polystore.dynamodb.DynamoReadPlan;
import dev.polystore.dynamodb.DynamoReadPlanner;
import dev.polystore.dynamodb.DynamoStoreOptions;
import dev.polystore.dynamodb.DynamoTransaction;
import dev.polystore.spi.support.NativeHandles;
import dev.polystore.query.Filter;
import dev.polystore.user.PostField;
import dev.polystore.user.PostQuery;
import dev.polystore.user.UserField;
import dev.polystore.user.UserQuery;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
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
 * first and the profile last, a post's delete untags excess tags first. Under {@link ReadConsistency#STRONG} reads
 * of single items and item collections are strongly consistent ({@code ConsistentRead}); under
 * {@link ReadConsistency#EVENTUAL} they are DynamoDB's default reads, at half the read capacity. Listings read
 * {@code gsi1} and are eventually consistent whichever is asked, as DynamoDB's secondary indexes only are
 * (immediately consistent on DynamoDB Local): the store does not declare {@link Capability#STRONG_QUERIES}.
 * Writes read what they check strongly.
 *
 * <p>Where one operation needs a read per partition (the posts of each user for {@code include(POSTS)}, the items
 * of each post when a user is deleted, {@code BatchGetItem} calls of 100 keys), the reads are sent concurrently,
 * at most {@link DynamoStoreOptions#readParallelism()} at a time, on threads the store owns and {@link #close()}
 * stops.
 *
 * <p>The operations are {@link DynamoUserOperations}'; this class adds what is the store's own: opening the table,
 * committing each write's unit, transactions, read plans and {@link #close()}.
 */
public final class DynamoUserStore extends DynamoUserOperations implements DynamoReadPlanner {

  static final String BACKEND = "DynamoDB";
  static final Capabilities CAPABILITIES = Capabilities.of(BACKEND, ChronoUnit.NANOS,
      Capability.USER_STORE, Capability.TRANSACTIONS, Capability.CURSOR_PAGES, Capability.OFFSET_PAGES,
      Capability.EXACT_COUNT, Capability.IGNORE_CASE, Capability.SUBSTRING_MATCH, Capability.AGGREGATES);

  static final DynamoFilters<UserField> USER_FILTERS = DynamoFilters.of(UserField.class, UserItem.SCHEMA);
  static final DynamoFilters<PostField> POST_FILTERS = DynamoFilters.of(PostField.class, PostItem.SCHEMA);

  /** The client and the table, for {@link #unwrap}. */
  private final NativeHandles nativeHandles;

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

  /** The store a {@link #reading} view views; null for the store itself. */
  private final DynamoUserStore viewed;

  private DynamoUserStore(DynamoDatabase db) {
    super(db, db.options().readConsistency());
    this.nativeHandles = db.nativeHandles("user store")
        .elsewhere(DynamoTransaction.class, "it is offered by the store an inTransaction callback receives")
        .build();
    this.viewed = null;
  }

  /** A view of {@code store} reading with {@code consistency}. */
  private DynamoUserStore(DynamoUserStore store, ReadConsistency consistency) {
    super(store, consistency);
    this.nativeHandles = store.nativeHandles;
    this.viewed = store;
  }

  @Override
  public UserStore reading(ReadConsistency consistency) {
    Objects.requireNonNull(consistency, "consistency");
    ensureOpen();
    return new DynamoUserStore(viewed == null ? this : viewed, consistency);
  }

  // ---- read plans ---------------------------------------------------------------------------------------------

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

  @Override
  public DynamoReadPlan plan(PostQuery query) {
    Objects.requireNonNull(query, "query");
    ensureOpen();
    DynamoReads.Source source = ReadPlans.postSource(query.tag(), query.filter());
    return plans.posts(query, source, POST_FILTERS.split(query.filter()));
  }

  // ---- transactions ----------------------------------------------------------------------------------------------

  @Override
  public <T> T inTransaction(Function<UserStore, T> work) {
    Objects.requireNonNull(work, "work");
    ensureOpen();
    DynamoUnit unit = new DynamoUnit(true);
    DynamoTransactionStore tx = new DynamoTransactionStore(this, unit);
    T result;
    try {
      result = work.apply(tx);
    } finally {
      tx.end();
    }
    db.transactions().commit(unit.writes(), "the transaction");
    return result;
  }

  /**
   * Runs a write in a unit of its own, then commits what the unit collected in one transaction (a write too large
   * for one transaction commits its parts itself).
   *
   * @throws IllegalStateException after {@link #close()}
   */
  @Override
  <T> T inUnit(Function<DynamoUnit, T> write, String what) {
    ensureOpen();
    DynamoUnit unit = new DynamoUnit(false);
    T result = write.apply(unit);
    db.transactions().commit(unit.writes(), what);
    return result;
  }

  /** @throws IllegalStateException after {@link #close()} */
  @Override
  void ensureOpen() {
    db.ensureOpen();
  }

  @Override
  NativeHandles nativeHandles() {
    return nativeHandles;
  }

  /** Closes the store; a view has nothing of its own to close. */
  @Override
  public void close() {
    if (viewed == null) {
      db.close();
    }
  }

  @Override
  public String toString() {
    return "DynamoUserStore{" + db.options() + ", reading " + readConsistency() + '}';
  }
}
