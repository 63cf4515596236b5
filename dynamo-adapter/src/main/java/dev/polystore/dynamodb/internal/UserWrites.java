package dev.polystore.dynamodb.internal;

import static dev.polystore.dynamodb.internal.DynamoItemCodec.keyOf;
import static dev.polystore.dynamodb.internal.DynamoItemCodec.pointer;
import static dev.polystore.dynamodb.internal.DynamoItemCodec.postItem;
import static dev.polystore.dynamodb.internal.DynamoItemCodec.toItem;
import static dev.polystore.dynamodb.internal.DynamoItemCodec.toPost;
import static dev.polystore.dynamodb.internal.DynamoItemCodec.userKey;
import static dev.polystore.dynamodb.internal.DynamoTable.PK;
import static dev.polystore.dynamodb.internal.DynamoTable.SK;
import static dev.polystore.dynamodb.internal.DynamoTable.n;

import com.github.f4b6a3.uuid.UuidCreator;
import dev.polystore.ConcurrentUpdateException;
import dev.polystore.DuplicateKeyException;
import dev.polystore.EntityNotFoundException;
import dev.polystore.InvalidQueryException;
import dev.polystore.spi.support.Messages;
import dev.polystore.user.NewPost;
import dev.polystore.user.NewUser;
import dev.polystore.user.Post;
import dev.polystore.user.User;
import dev.polystore.user.UserId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Internal: the writes that create and update users and add posts, put into a {@link DynamoUnit} — the one of an
 * operation, which the store commits when it returns, or a transaction's. Thread-safe.
 */
final class UserWrites {

  /**
   * The attributes of a profile that an update writes (set, or removed when now absent): all but the keys, the
   * id, the creation time and {@code post_seq}, which {@code addPost} bumps without changing the version.
   */
  private static final List<String> UPDATED_ATTRIBUTES = UserItem.SCHEMA.attributeNames().stream()
      .filter(Predicate.not(Set.of(PK, SK, DynamoTable.TYPE, DynamoTable.GSI1PK, DynamoTable.GSI1SK, "id",
          "created_at", "post_seq")::contains))
      .toList();
  /** The most users one createAll takes: one transaction, three writes each (profile, username, e-mail). */
  static final int USERS_PER_TRANSACTION = DynamoTransactions.MAX_ACTIONS / 3;

  private final DynamoWrites writes;
  private final UserItemReads itemReads;
  /** Stamps creation and update times. */
  private final Clock clock;

  UserWrites(DynamoDatabase db, UserItemReads itemReads) {
    this.writes = db.writes();
    this.itemReads = itemReads;
    this.clock = db.clock();
  }

  /** Creates a user: profile, username and e-mail, claimed together. */
  User create(NewUser user, DynamoUnit unit) {
    UUID id = UuidCreator.getTimeOrderedEpoch();
    Instant now = clock.instant();
    User created = User.builder().id(UserId.of(id)).username(user.username()).email(user.email())
        .fullName(user.fullName()).age(user.age()).active(user.active()).createdAt(now).updatedAt(now).version(1)
        .build();
    Map<String, AttributeValue> item = UserItem.SCHEMA.itemToMap(toItem(created, 0L), true);
    DynamoItemSize.check(item, "user " + Messages.quote(user.username()));
    unit.add(DynamoWrite.of(writes.putNew(item), userKey(id), DynamoWrite.Check.NONE, "user " + id));
    unit.add(writes.uniquePut(DynamoTable.USERNAME, "username", user.username(), id));
    unit.add(writes.uniquePut(DynamoTable.EMAIL, "email", user.email(), id));
    unit.pendingUser(created);
    return created;
  }

  /** Creates users all or nothing; outside a transaction at most {@link #USERS_PER_TRANSACTION} of them. */
  List<User> createAll(List<NewUser> users, DynamoUnit unit) {
    checkDistinct(users);
    if (!unit.isTransaction() && users.size() > USERS_PER_TRANSACTION) {
      throw new InvalidQueryException("createAll of " + users.size() + " users refused: on DynamoDB one atomic batch"
          + " is one transaction of at most " + DynamoTransactions.MAX_ACTIONS + " writes, three per user, so at most "
          + USERS_PER_TRANSACTION + " users; nothing was written. Split the list into parts of at most "
          + USERS_PER_TRANSACTION + " users: each part is then stored all or nothing on its own.");
    }
    return createEach(users, unit);
  }

  private List<User> createEach(List<NewUser> users, DynamoUnit unit) {
    List<User> created = new ArrayList<>(users.size());
    for (NewUser user : users) {
      created.add(create(user, unit));
    }
    return created;
  }

  /** A duplicate inside one batch fails the batch before anything is written. */
  private static void checkDistinct(List<NewUser> users) {
    Set<String> usernames = new HashSet<>();
    Set<String> emails = new HashSet<>();
    for (NewUser user : users) {
      if (!usernames.add(DynamoFilters.lower(user.username()))) {
        throw new DuplicateKeyException("username", "username " + Messages.quote(user.username()) + " appears twice in the batch"
            + " (compared case-insensitively); nothing was written");
      }
      if (!emails.add(DynamoFilters.lower(user.email()))) {
        throw new DuplicateKeyException("email", "email " + Messages.quote(user.email()) + " appears twice in the batch"
            + " (compared case-insensitively); nothing was written");
      }
    }
  }

  /** Updates a profile at the version read, moving its username and e-mail claims when they change. */
  User update(User changed, DynamoUnit unit) {
    UUID id = changed.id().value();
    UserItem stored = itemReads.loadUser(id).orElseThrow(() -> new EntityNotFoundException("user " + id + " does not exist"
        + (unit.pendingUser(id) != null ? " yet (it is created in this transaction, which sees committed state)" : "")));
    if (stored.version() != changed.version()) {
      throw new ConcurrentUpdateException("user " + id + " is at version " + stored.version() + ", not "
          + changed.version() + "; re-read and retry");
    }
    User updated = changed.toBuilder().createdAt(DynamoTime.instant(stored.createdAt())).updatedAt(clock.instant())
        .version(changed.version() + 1).posts(null).build();
    UserItem item = toItem(updated, stored.postSeq());
    Map<String, AttributeValue> map = UserItem.SCHEMA.itemToMap(item, true);
    DynamoItemSize.check(map, "user " + Messages.quote(updated.username()));

    DynamoExpression e = new DynamoExpression();
    List<String> set = new ArrayList<>();
    List<String> remove = new ArrayList<>();
    for (String attribute : UPDATED_ATTRIBUTES) {
      AttributeValue value = map.get(attribute);
      if (value == null) {
        remove.add(e.name(attribute));
      } else {
        set.add(e.name(attribute) + " = " + e.value(value));
      }
    }
    String expression = "SET " + String.join(", ", set) + (remove.isEmpty() ? "" : " REMOVE " + String.join(", ", remove));
    String condition = e.name("version") + " = " + e.value(n(stored.version()));
    unit.add(DynamoWrite.of(writes.update(userKey(id), expression, condition, e), userKey(id), DynamoWrite.Check.VERSION,
        "user " + id));

    if (!stored.usernameLc().equals(item.usernameLc())) {
      unit.add(writes.uniqueDelete(DynamoTable.USERNAME, stored.username(), id));
      unit.add(writes.uniquePut(DynamoTable.USERNAME, "username", updated.username(), id));
    }
    if (!stored.emailLc().equals(item.emailLc())) {
      unit.add(writes.uniqueDelete(DynamoTable.EMAIL, stored.email(), id));
      unit.add(writes.uniquePut(DynamoTable.EMAIL, "email", updated.email(), id));
    }
    unit.changedUser(id, Optional.of(updated));
    return updated;
  }

  /** Adds a post with its pointer, counting it in the author's {@code post_seq}. */
  Post addPost(UserId author, NewPost post, DynamoUnit unit) {
    UUID authorId = author.value();
    UUID id = UuidCreator.getTimeOrderedEpoch();
    PostItem item = postItem(id, authorId, post.title(), post.content(), clock.instant());
    Map<String, AttributeValue> map = PostItem.SCHEMA.itemToMap(item, true);
    DynamoItemSize.check(map, "post " + Messages.quote(post.title()));
    if (unit.pendingUser(authorId) == null) {
      DynamoExpression e = new DynamoExpression();
      String expression = "ADD " + e.name("post_seq") + " " + e.value(n(1));
      String condition = "attribute_exists(" + e.name(PK) + ")";
      unit.addUnlessPresent(DynamoWrite.of(writes.update(userKey(authorId), expression, condition, e), userKey(authorId),
          DynamoWrite.Check.EXISTS, "user " + authorId));
    }
    unit.add(DynamoWrite.of(writes.putNew(map), keyOf(map), DynamoWrite.Check.NONE, "post " + id));
    Map<String, AttributeValue> pointer = RefItem.SCHEMA.itemToMap(pointer(id, authorId), true);
    unit.add(DynamoWrite.of(writes.putNew(pointer), keyOf(pointer), DynamoWrite.Check.NONE, "post " + id));
    unit.pendingPost(item);
    return toPost(item, true);
  }
}
