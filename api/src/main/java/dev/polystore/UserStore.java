package dev.polystore;

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
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Users, their posts (one-to-many) and tags (many-to-many), on any backend. Open one with
 * {@link Stores#openUserStore(String)}.
 *
 * <p>Implementations are thread-safe: one instance serves the whole application and is closed once at
 * shutdown. The store passed to an {@link #inTransaction} callback belongs to that transaction and must
 * not be used by other threads or after the callback returns.
 *
 * <p>Errors are unchecked {@link StoreException}s. Plain look-ups of missing rows return
 * {@code Optional.empty()}; operations that need a row to exist throw {@link EntityNotFoundException}.
 *
 * <p>Usage errors are Java's own, thrown before anything is sent: a null argument is a
 * {@link NullPointerException} naming it (except the look-up values of {@link #findByUsername} and
 * {@link #findByEmail}, which are {@link InvalidQueryException}s); after {@link #close()}, every method but
 * {@code close()}, {@link #capabilities()} and {@link #readConsistency()} throws {@link IllegalStateException}, and
 * so does the store an {@link #inTransaction} callback receives once the callback has returned.
 */
public interface UserStore extends AutoCloseable {

  // ---- users -----------------------------------------------------------------------------------

  /**
   * Creates a user with a new id, {@code version} 1 and {@code createdAt == updatedAt} = now.
   *
   * @throws DuplicateKeyException when the username or e-mail is taken, compared case-insensitively;
   *     {@link DuplicateKeyException#field()} says which
   */
  User create(NewUser user);

  /**
   * Creates all users in one batch: all are stored, or none (a duplicate anywhere fails the batch), and no reader
   * sees some of them before the others.
   *
   * <p>A backend whose atomic batches are bounded refuses a larger list with {@link InvalidQueryException} before
   * writing anything, rather than storing it in several steps; the message gives the limit. The caller may split
   * the list into parts within the limit, each part then all or nothing on its own. Each adapter's documentation
   * gives its limit, if it has one.
   *
   * @throws DuplicateKeyException when a username or e-mail appears twice in the list or is taken, compared
   *     case-insensitively; nothing is stored
   * @throws InvalidQueryException when the list is larger than the backend's atomic batch; nothing is stored
   */
  List<User> createAll(List<NewUser> users);

  Optional<User> get(UserId id);

  /**
   * Finds by username, case-insensitively; trailing spaces count.
   *
   * @throws InvalidQueryException before anything is read when {@code username} is null, longer than
   *     {@link dev.polystore.user.NewUser#MAX_USERNAME_LENGTH} or not well-formed text without NUL
   */
  Optional<User> findByUsername(String username);

  /**
   * Finds by e-mail, case-insensitively; trailing spaces count.
   *
   * @throws InvalidQueryException before anything is read when {@code email} is null, longer than
   *     {@link dev.polystore.user.NewUser#MAX_EMAIL_LENGTH} or not well-formed text without NUL
   */
  Optional<User> findByEmail(String email);

  /**
   * Stores the changed fields of a user. The {@code version} it carries must be the stored one; the result
   * carries the next version and a new {@code updatedAt}. {@code id} and {@code createdAt} cannot change.
   *
   * @throws ConcurrentUpdateException when the stored version differs (someone else updated first)
   * @throws EntityNotFoundException when the user no longer exists
   * @throws DuplicateKeyException when the new username or e-mail is taken
   */
  User update(User changed);

  /**
   * Deletes a user with their posts and tag links; {@code false} when there was no such user.
   *
   * <p>On backends with unbounded transactions the delete is atomic. On backends without them a delete of a user
   * with many posts is not atomic: the posts beyond what one transaction holds are deleted first, whole posts at a
   * time, and the user last, together with the remaining posts. A failure midway leaves the user in place with some
   * of their posts gone (each post gone with all its tag links, or still there; one with more tags than a
   * transaction holds possibly with fewer tags) and is a {@link PartialWriteException}; repeating the delete
   * completes it. Each adapter's documentation says whether, and from what size, its deletes are not atomic.
   */
  boolean delete(UserId id);

  /**
   * Deletes a user only if it is still at {@code expectedVersion}; otherwise as {@link #delete(UserId)}. The version
   * is checked before anything is deleted and again when the user is removed; where a delete is not atomic (see
   * {@link #delete(UserId)}) it is also checked with every step, so a concurrent update stops the delete, keeping
   * the user and the posts not yet deleted.
   *
   * @throws ConcurrentUpdateException when the stored version differs
   */
  boolean delete(UserId id, long expectedVersion);

  /** One page of users matching the query. */
  Page<User> find(UserQuery query);

  /** How many users match the filter; needs {@link Capability#EXACT_COUNT}. */
  long count(Filter<UserField> filter);

  // ---- posts and tags --------------------------------------------------------------------------

  /**
   * Adds a post by {@code author}.
   *
   * @throws EntityNotFoundException when there is no such user
   */
  Post addPost(UserId author, NewPost post);

  /** The post with its tags loaded. */
  Optional<Post> getPost(PostId id);

  /** Deletes a post and its tag links; {@code false} when there was no such post. */
  boolean deletePost(PostId id);

  Page<Post> findPosts(PostQuery query);

  /**
   * Adds tags to a post; tags it already has are left as they are.
   *
   * @throws EntityNotFoundException when there is no such post
   */
  void tag(PostId post, Set<String> tags);

  /** Removes tags from a post; tags it does not have are ignored. */
  void untag(PostId post, Set<String> tags);

  /** The post's tags, sorted; empty when the post has none or does not exist. */
  Set<String> tagsOf(PostId post);

  // ---- aggregates (Capability.AGGREGATES) ------------------------------------------------------

  /** Count, mean, min and max age of the matching users that have an age. */
  AgeStats ageStats(Filter<UserField> filter);

  /**
   * The number of matching users per value of {@code field}, ordered by value (users without a value are
   * counted under the {@code null} key, which comes first). The map's keys have the field's value type.
   */
  Map<Object, Long> countBy(UserField field, Filter<UserField> filter);

  /**
   * The authors with the most posts matching the filter, most first, ties by username; authors without a
   * matching post are left out.
   *
   * @param limit the most authors returned, 1 to 1000
   * @throws InvalidQueryException when {@code limit} is outside 1 to 1000, before anything is read
   */
  List<AuthorCount> topAuthors(int limit, Filter<PostField> filter);

  // ---- transactions ----------------------------------------------------------------------------

  /**
   * Runs {@code work} as one atomic unit and returns its result: when it throws, nothing it wrote is kept
   * and the exception propagates. A nested call is a savepoint where the backend declares
   * {@link Capability#SAVEPOINTS}: its failure undoes only its own writes. Needs
   * {@link Capability#TRANSACTIONS}.
   */
  <T> T inTransaction(Function<UserStore, T> work);

  /** {@link #inTransaction(Function)} without a result. */
  default void useTransaction(Consumer<UserStore> work) {
    Objects.requireNonNull(work, "work");
    inTransaction(store -> {
      work.accept(store);
      return null;
    });
  }

  // ---- read consistency ------------------------------------------------------------------------

  /**
   * This store seen with reads of the given consistency: a view sharing the store's pools and clients, whose reads
   * ({@code get} and the other look-ups, finds, counts, aggregates) use {@code consistency} and whose writes and
   * transactions are the store's own (every read inside {@link #inTransaction} is
   * {@link ReadConsistency#STRONG}). What each choice means on a backend is in {@link ReadConsistency} and the
   * store's {@link Capability#STRONG_QUERIES}.
   *
   * <pre>{@code
   * UserStore replicaReads = users.reading(ReadConsistency.EVENTUAL);   // once, kept with the store
   * Page<User> page = replicaReads.find(query);                        // may lag behind the latest writes
   * }</pre>
   *
   * <p>A view is cheap and thread-safe like the store, and lives as long as the store: its {@link #close()} does
   * nothing, and once the store is closed the view refuses every call as the store does. A view's
   * {@code reading} gives another view of the same store. The store an {@code inTransaction} callback receives
   * returns itself: its reads stay in the transaction.
   */
  UserStore reading(ReadConsistency consistency);

  /**
   * The consistency of this store's reads: the store's default (option {@code read.consistency}, {@code STRONG}
   * unless set), the one a {@link #reading} view was made with, or {@code STRONG} in a transaction.
   */
  ReadConsistency readConsistency();

  Capabilities capabilities();

  // ---- native access ---------------------------------------------------------------------------

  /**
   * The store's own native handle of {@code type}, for the query or write this API does not express: the
   * application's SQL, DynamoDB or InfluxDB calls on the store's connections, and, inside {@link #inTransaction},
   * in its transaction. Empty when the store has no handle of that type (the type must be one of those below
   * exactly, not a supertype or subtype of it). What each adapter answers:
   *
   * <ul>
   *   <li><b>JDBI</b> (SQLite, PostgreSQL, MySQL/MariaDB): {@code org.jdbi.v3.core.Jdbi}, the store's own, with
   *       JDBI's SqlObject plugin installed, so {@code jdbi.onDemand(MyDao.class)} and {@code handle.attach(...)}
   *       work; {@code javax.sql.DataSource}, the pool the store uses (not for a store opened over an
   *       application's {@code Jdbi}, which has its own). The store an {@code inTransaction} callback receives
   *       answers those too, and {@code org.jdbi.v3.core.Handle}: the transaction's own handle, so what the
   *       application runs on it (a SqlObject attached with {@code handle.attach(MyDao.class)}) commits or rolls
   *       back with the store's writes.</li>
   *   <li><b>DynamoDB</b>: {@code software.amazon.awssdk.services.dynamodb.DynamoDbClient} and
   *       {@code dev.polystore.dynamodb.DynamoTableRef} (the table and its key layout). Inside
   *       {@code inTransaction} also {@code dev.polystore.dynamodb.DynamoTransaction}, which adds the application's
   *       own {@code TransactWriteItem}s to the transaction's one {@code TransactWriteItems} call.</li>
   * </ul>
   *
   * <p>The handles belong to the store: do not close them, and do not use them after the store is closed (a
   * transaction's handle not after its callback returned). A native write to the tables or items Polystore owns
   * is outside Polystore's rules — uniqueness keys, versions, tag links — unless the application keeps them; see
   * the adapter's documentation ({@code docs/native-access.md}).
   *
   * @throws NullPointerException when {@code type} is null
   * @throws IllegalStateException after {@link #close()}, and on a transaction's store after its callback returned
   */
  default <T> Optional<T> unwrap(Class<T> type) {
    Objects.requireNonNull(type, "type");
    return Optional.empty();
  }

  /**
   * As {@link #unwrap(Class)}, for a handle the application cannot do without.
   *
   * @throws IllegalArgumentException when the store has no handle of {@code type}; the message names the types
   *     it offers (and says when only a transaction's store offers the type)
   * @throws NullPointerException when {@code type} is null
   * @throws IllegalStateException after {@link #close()}, and on a transaction's store after its callback returned
   */
  default <T> T unwrapOrThrow(Class<T> type) {
    return unwrap(type).orElseThrow(() -> new IllegalArgumentException(getClass().getName()
        + " has no native handle of type " + type.getName()));
  }

  /**
   * Releases pools and clients. Idempotent. On a view made by {@link #reading}, does nothing: close the store it
   * views.
   */
  @Override
  void close();
}
