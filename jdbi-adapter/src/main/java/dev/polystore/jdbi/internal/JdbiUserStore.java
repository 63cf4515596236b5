package dev.polystore.jdbi.internal;

import com.github.f4b6a3.uuid.UuidCreator;
import dev.polystore.Capabilities;
import dev.polystore.Capability;
import dev.polystore.DuplicateKeyException;
import dev.polystore.EntityNotFoundException;
import dev.polystore.ReadConsistency;
import dev.polystore.jdbi.ReplicaStatus;
import dev.polystore.UserStore;
import dev.polystore.spi.support.Checks;
import dev.polystore.spi.support.FieldValues;
import dev.polystore.spi.support.Lookups;
import dev.polystore.query.Filter;
import dev.polystore.query.Page;
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
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.JdbiException;

/**
 * Internal: {@link UserStore} over JDBI for SQLite, PostgreSQL and MySQL/MariaDB.
 *
 * <p>The root store runs each operation as its own unit of work on a pooled connection ({@link PooledUnits});
 * {@link #inTransaction} hands its callback a store bound to the transaction ({@link TransactionUnits}), where a
 * nested call is a savepoint. A read of several statements ({@code find} and {@code findPosts} with an exact count
 * or includes) sees one snapshot, so the page, its total and its includes agree under concurrent writes.
 *
 * <p>Reads have the store's consistency (option {@code read.consistency}) or that of its {@link #reading} view: an
 * eventual read goes to a read replica when the store has one that is fit ({@link JdbiDatabase#read}), and to the
 * primary otherwise; writes, transactions and what a write reads to decide its outcome go to the primary. Without
 * replicas both consistencies read the primary, so every read is strong ({@link Capability#STRONG_QUERIES}).
 *
 * <p>The root store is thread-safe; a transaction-bound store belongs to its transaction's thread and refuses
 * use after the callback returned.
 */
public final class JdbiUserStore implements UserStore {

  // ---- SQL that does not depend on the query ---------------------------------------------------

  private static final Set<Capability> CAPABILITIES = Set.of(Capability.USER_STORE, Capability.TRANSACTIONS,
      Capability.SAVEPOINTS, Capability.CURSOR_PAGES, Capability.OFFSET_PAGES, Capability.EXACT_COUNT,
      Capability.IGNORE_CASE, Capability.SUBSTRING_MATCH, Capability.FULL_TEXT, Capability.AGGREGATES,
      Capability.STRONG_QUERIES);

  /**
   * The statement attribute naming the statements of a {@code find} or {@code findPosts} read: {@code "page"},
   * then {@code "posts"} and {@code "tags"} for includes (the exact count, unnamed, comes last). A
   * {@link org.jdbi.v3.core.statement.SqlLogger} of the store's {@code Jdbi} reads it from the statement context.
   */
  public static final String STATEMENT_NAME = "polystore.statement";

  // ---- state -----------------------------------------------------------------------------------

  private final JdbiDatabase db;
  private final SqlDialect dialect;
  /** Built on first use: the backend name may have to be read from the server. */
  private volatile Capabilities capabilities;
  private final Clock clock;
  private final FilterSql<UserField> userFilters;
  private final FilterSql<PostField> postFilters;
  private final FullTextSql fullText;
  private final UserAggregates aggregates;
  private final KeysetPager<User, UserField> userPages;
  private final KeysetPager<Post, PostField> postPages;
  private final VersionedWrites versioned;
  /** How operations reach the database: pooled connections, or one caller's transaction. */
  private final UnitOfWork units;

  public JdbiUserStore(JdbiDatabase database) {
    this(database, Clock.systemUTC());
  }

  JdbiUserStore(JdbiDatabase database, Clock clock) {
    this.db = database;
    this.dialect = database.dialect();
    this.clock = clock;
    SqlDialect d = dialect;
    this.userFilters = new FilterSql<>(d, UserField.class, UserTables::userColumn, UserTables::userLowerColumn);
    this.postFilters = new FilterSql<>(d, PostField.class, f -> UserTables.postColumn(d, f),
        f -> UserTables.postLowerColumn(d, f));
    this.fullText = new FullTextSql(d);
    this.aggregates = new UserAggregates(d, userFilters, postFilters);
    this.userPages = new KeysetPager<>(d, database.cursorCodec(), "users u", UserTables.USER_COLUMNS, UserField.ID,
        userFilters::column, UserTables.USERS, FieldValues::of);
    this.postPages = new KeysetPager<>(d, database.cursorCodec(), "posts p", UserTables.POST_COLUMNS, PostField.ID,
        postFilters::column, UserTables.POSTS, FieldValues::of);
    this.versioned = new VersionedWrites(d);
    this.units = new PooledUnits(database, database.options().readConsistency(), true);
  }

  private JdbiUserStore(JdbiUserStore root, UnitOfWork units) {
    this.db = root.db;
    this.dialect = root.dialect;
    this.clock = root.clock;
    this.capabilities = root.capabilities;
    this.userFilters = root.userFilters;
    this.postFilters = root.postFilters;
    this.fullText = root.fullText;
    this.aggregates = root.aggregates;
    this.userPages = root.userPages;
    this.postPages = root.postPages;
    this.versioned = root.versioned;
    this.units = units;
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  private static UUID newId() {
    return UuidCreator.getTimeOrderedEpoch();
  }

  // ---- users -----------------------------------------------------------------------------------

  @Override
  public User create(NewUser user) {
    Objects.requireNonNull(user, "user");
    Instant now = now();
    User created = newUser(user, now);
    HandleCallback<User, RuntimeException> insert = h -> {
      UserTables.bindUser(h.createUpdate(UserTables.INSERT_USER), created).execute();
      return created;
    };
    AtomicBoolean repeated = new AtomicBoolean();
    try {
      return units.write("create user", false, insert, LostReply.runAgain(insert, repeated));
    } catch (DuplicateKeyException e) {
      if (WriteOutcomes.alreadyStored(units, created.id(), repeated.get())) {
        return created;
      }
      throw WriteOutcomes.usernameFirst(units, e, List.of(created), null);
    }
  }

  private static User newUser(NewUser user, Instant now) {
    return new User(new UserId(newId()), user.username(), user.email(), user.fullName(), user.age(), user.active(),
        now, now, 1, Optional.empty());
  }

  @Override
  public List<User> createAll(List<NewUser> users) {
    Objects.requireNonNull(users, "users");
    if (users.isEmpty()) {
      return List.of();
    }
    Instant now = now();
    List<User> created = new ArrayList<>(users.size());
    for (NewUser u : users) {
      created.add(newUser(Objects.requireNonNull(u, "users must not contain null"), now));
    }
    // One JDBC batch on the unit's connection, bound with plain JDBC (see UserTables.setUser).
    SqlValues values = db.values();
    HandleCallback<List<User>, RuntimeException> insert = h -> {
      try (PreparedStatement statement = h.getConnection().prepareStatement(UserTables.INSERT_USER_ROW)) {
        for (User u : created) {
          UserTables.setUser(statement, values, u);
          statement.addBatch();
        }
        statement.executeBatch();
      } catch (SQLException e) {
        throw SqlErrors.translate(e, "create users");
      }
      return List.copyOf(created);
    };
    AtomicBoolean repeated = new AtomicBoolean();
    try {
      return units.write("create users", true, insert, LostReply.runAgain(insert, repeated));
    } catch (DuplicateKeyException e) {
      if (WriteOutcomes.alreadyStored(units, created.get(0).id(), repeated.get())) {
        return List.copyOf(created);
      }
      throw WriteOutcomes.usernameFirst(units, e, created, null);
    }
  }

  @Override
  public Optional<User> get(UserId id) {
    Objects.requireNonNull(id, "id");
    SqlValues values = db.values();
    return units.read("get user", h -> PlainReads.first(h, values, "get user", UserTables.SELECT_USER_ROW,
        ps -> values.setId(ps, 1, id.value()), UserTables.USER_ROW));
  }

  @Override
  public Optional<User> findByUsername(String username) {
    Lookups.username(username);
    return findByKey("find user by username", UserTables.SELECT_USER_BY_USERNAME_ROW, UserTables.key(username));
  }

  @Override
  public Optional<User> findByEmail(String email) {
    Lookups.email(email);
    return findByKey("find user by email", UserTables.SELECT_USER_BY_EMAIL_ROW, UserTables.key(email));
  }

  /** The user whose lowercase key column (username or e-mail) holds {@code key}: one statement, plain JDBC. */
  private Optional<User> findByKey(String operation, String sql, String key) {
    SqlValues values = db.values();
    return units.read(operation, h -> PlainReads.first(h, values, operation, sql, ps -> ps.setString(1, key),
        UserTables.USER_ROW));
  }

  @Override
  public User update(User changed) {
    Objects.requireNonNull(changed, "changed");
    Instant now = now();
    try {
      HandleCallback<User, RuntimeException> update = versioned.update(changed, now);
      return units.write("update user", versioned.updateHasSeveralStatements(), update,
          versioned.afterLostUpdate(update, changed));
    } catch (DuplicateKeyException e) {
      throw WriteOutcomes.usernameFirst(units, e, List.of(changed), changed.id().value());
    }
  }

  @Override
  public boolean delete(UserId id) {
    Objects.requireNonNull(id, "id");
    return deleteRow("user", UserTables.DELETE_USER, id.value());
  }

  @Override
  public boolean delete(UserId id, long expectedVersion) {
    Objects.requireNonNull(id, "id");
    HandleCallback<Boolean, RuntimeException> delete = versioned.delete(id, expectedVersion);
    return units.write("delete user", true, delete, WriteOutcomes.deleteAgain(delete, "user"));
  }

  @Override
  public Page<User> find(UserQuery query) {
    Objects.requireNonNull(query, "query");
    KeysetPager<User, UserField>.Plan plan = userPages.plan(query.sort(), query.page(), query.countMode(),
        params -> userFilters.where(query.filter(), params), "users", query.filter());
    boolean posts = query.includes().contains(Include.POSTS);
    boolean tags = posts && query.includes().contains(Include.TAGS);
    return units.read("find users", plan.counts() || posts, h -> plan.read(h,
        items -> posts && !items.isEmpty() ? Includes.withPosts(h, dialect, items, tags) : items));
  }

  @Override
  public long count(Filter<UserField> filter) {
    Objects.requireNonNull(filter, "filter");
    SqlParams params = new SqlParams();
    String sql = "SELECT COUNT(*) FROM users u WHERE " + userFilters.where(filter, params);
    SqlValues values = db.values();
    return units.read("count users", h -> PlainReads.count(h, values, "count users", sql, params));
  }

  // ---- posts and tags --------------------------------------------------------------------------

  @Override
  public Post addPost(UserId author, NewPost post) {
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(post, "post");
    Post created = new Post(new PostId(newId()), author, post.title(), post.content(), now(), Optional.of(Set.of()));
    HandleCallback<Post, RuntimeException> insert = h -> {
      try {
        h.createUpdate(UserTables.INSERT_POST)
            .bind("id", created.id().value())
            .bind("authorId", author.value())
            .bind("title", created.title())
            .bind("content", created.content())
            .bind("createdAt", created.createdAt())
            .execute();
      } catch (JdbiException e) {
        if (SqlErrors.isForeignKeyViolation(e)) {
          throw new EntityNotFoundException("add post failed: there is no user " + author);
        }
        throw e;
      }
      return created;
    };
    AtomicBoolean repeated = new AtomicBoolean();
    try {
      return units.write("add post", false, insert, LostReply.runAgain(insert, repeated));
    } catch (DuplicateKeyException e) {
      if (WriteOutcomes.alreadyStored(units, created.id(), repeated.get())) {
        return created;
      }
      throw e;
    }
  }

  @Override
  public Optional<Post> getPost(PostId id) {
    Objects.requireNonNull(id, "id");
    return units.read("get post", h -> {
      Optional<Post> post = h.createQuery(UserTables.SELECT_POST).bind("id", id.value()).map(UserTables.POSTS)
          .findOne();
      return post.map(p -> p.withTags(Includes.tagsOf(h, id)));
    });
  }

  @Override
  public boolean deletePost(PostId id) {
    Objects.requireNonNull(id, "id");
    return deleteRow("post", UserTables.DELETE_POST, id.value());
  }

  /**
   * Deletes one row by its id with {@code sql} (parameter {@code :id}); after a lost reply, deletes again to tell
   * what the lost attempt did ({@link WriteOutcomes#deleteAgain}).
   *
   * @param entity what the row is, for messages: {@code "user"} or {@code "post"}
   */
  private boolean deleteRow(String entity, String sql, UUID id) {
    HandleCallback<Boolean, RuntimeException> delete = h -> h.createUpdate(sql).bind("id", id).execute() > 0;
    return units.write("delete " + entity, false, delete, WriteOutcomes.deleteAgain(delete, entity));
  }

  @Override
  public Page<Post> findPosts(PostQuery query) {
    Objects.requireNonNull(query, "query");
    KeysetPager<Post, PostField>.Plan plan = postPages.plan(query.sort(), query.page(), query.countMode(),
        params -> postWhere(query, params), "posts", query.filter(), query.tag().orElse(null),
        query.search().orElse(null));
    boolean tags = query.includes().contains(Include.TAGS);
    return units.read("find posts", plan.counts() || tags, h -> plan.read(h,
        items -> tags && !items.isEmpty() ? Includes.withTags(h, dialect, items) : items));
  }

  private String postWhere(PostQuery query, SqlParams params) {
    StringBuilder where = new StringBuilder(postFilters.where(query.filter(), params));
    query.tag().ifPresent(tag -> where.append(" AND EXISTS (SELECT 1 FROM post_tags pt JOIN tags t ON t.id = pt.tag_id"
        + " WHERE pt.post_id = p.id AND t.name = ").append(params.add(tag)).append(')'));
    query.search().ifPresent(search -> {
      String text = fullText.query(search);
      where.append(" AND ").append(text == null ? "1=0" : fullText.predicate(params.name(text)));
    });
    return where.toString();
  }

  @Override
  public void tag(PostId post, Set<String> tags) {
    Objects.requireNonNull(post, "post");
    Set<String> names = Checks.tags(tags);
    SqlParams upsert = new SqlParams();
    StringJoiner values = new StringJoiner(", ", "VALUES ", "");
    for (String name : names) {
      values.add("(" + upsert.add(name) + ")");
    }
    String upsertSql = dialect.insertIgnoringDuplicates("tags", "name", values.toString(), "name", "name");
    SqlParams link = new SqlParams();
    String linkSql = dialect.insertIgnoringDuplicates("post_tags", "post_id, tag_id",
        "SELECT " + link.add(post.value()) + ", t.id FROM tags t WHERE t.name IN (" + link.addAll(names) + ")",
        "post_id, tag_id", "tag_id");
    HandleCallback<Void, RuntimeException> linkTags = h -> {
      if (h.createQuery(UserTables.POST_EXISTS).bind("id", post.value()).mapTo(Integer.class).findOne().isEmpty()) {
        throw new EntityNotFoundException("tag post failed: there is no post " + post);
      }
      if (!names.isEmpty()) {
        upsert.bindTo(h.createUpdate(upsertSql)).execute();
        link.bindTo(h.createUpdate(linkSql)).execute();
      }
      return null;
    };
    units.write("tag post", true, linkTags, LostReply.runAgain(linkTags));
  }

  @Override
  public void untag(PostId post, Set<String> tags) {
    Objects.requireNonNull(post, "post");
    Set<String> names = Checks.tags(tags);
    if (names.isEmpty()) {
      units.ensureUsable();
      return;
    }
    SqlParams params = new SqlParams();
    String sql = "DELETE FROM post_tags WHERE post_id = " + params.add(post.value())
        + " AND tag_id IN (SELECT t.id FROM tags t WHERE t.name IN (" + params.addAll(names) + "))";
    HandleCallback<Integer, RuntimeException> unlink = h -> params.bindTo(h.createUpdate(sql)).execute();
    units.write("untag post", false, unlink, LostReply.runAgain(unlink));
  }

  @Override
  public Set<String> tagsOf(PostId post) {
    Objects.requireNonNull(post, "post");
    return units.read("read tags", h -> Includes.tagsOf(h, post));
  }

  // ---- aggregates ------------------------------------------------------------------------------

  @Override
  public AgeStats ageStats(Filter<UserField> filter) {
    Objects.requireNonNull(filter, "filter");
    return aggregates.ageStats(units, filter);
  }

  @Override
  public Map<Object, Long> countBy(UserField field, Filter<UserField> filter) {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(filter, "filter");
    return aggregates.countBy(units, field, filter);
  }

  @Override
  public List<AuthorCount> topAuthors(int limit, Filter<PostField> filter) {
    Objects.requireNonNull(filter, "filter");
    Checks.topAuthorsLimit(limit);
    return aggregates.topAuthors(units, limit, filter);
  }

  // ---- read consistency ------------------------------------------------------------------------

  /**
   * A view whose reads have {@code consistency}; in a transaction, this store itself (its reads stay in the
   * transaction).
   */
  @Override
  public UserStore reading(ReadConsistency consistency) {
    Objects.requireNonNull(consistency, "consistency");
    units.ensureUsable();
    return units.boundToTransaction() ? this : new JdbiUserStore(this, new PooledUnits(db, consistency, false));
  }

  /** The state of the store's read replicas ({@code JdbiStores.replicaStatus}); empty without replicas. */
  public List<ReplicaStatus> replicaStatus() {
    return db.replicaStatus();
  }

  @Override
  public ReadConsistency readConsistency() {
    return units.readConsistency();
  }

  // ---- transactions ----------------------------------------------------------------------------

  @Override
  public <T> T inTransaction(Function<UserStore, T> work) {
    Objects.requireNonNull(work, "work");
    return units.transaction(unit -> work.apply(unit == units ? this : new JdbiUserStore(this, unit)));
  }

  // ---- native access ---------------------------------------------------------------------------

  /**
   * The store's {@code Jdbi} (SqlObject plugin installed) and, when it knows it, its {@code DataSource}; in a
   * transaction also the transaction's {@code Handle}.
   */
  @Override
  public <T> Optional<T> unwrap(Class<T> type) {
    Objects.requireNonNull(type, "type");
    units.ensureUsable();
    return units.nativeHandles().unwrap(type);
  }

  @Override
  public <T> T unwrapOrThrow(Class<T> type) {
    Objects.requireNonNull(type, "type");
    units.ensureUsable();
    return units.nativeHandles().unwrapOrThrow(type);
  }

  @Override
  public Capabilities capabilities() {
    Capabilities c = capabilities;
    if (c == null) {
      c = new Capabilities(db.backendName(), CAPABILITIES, dialect.timePrecision());
      capabilities = c;
    }
    return c;
  }

  /** Closes the pool the store owns; a view or a transaction-bound store has nothing to close. Idempotent. */
  @Override
  public void close() {
    units.close();
  }

  @Override
  public String toString() {
    return "JdbiUserStore{" + db.knownBackendName() + (units.boundToTransaction() ? ", in transaction"
        : ", reading " + units.readConsistency()) + '}';
  }

}
