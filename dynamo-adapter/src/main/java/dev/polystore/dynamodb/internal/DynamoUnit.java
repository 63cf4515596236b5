package dev.polystore.dynamodb.internal;

import dev.polystore.DuplicateKeyException;
import dev.polystore.InvalidQueryException;
import dev.polystore.user.User;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Internal: the writes of one unit of work — one operation, or everything an {@code inTransaction} callback
 * wrote — committed together. Remembers the users and posts the unit creates, so later writes of the same unit
 * can refer to them although they are not committed yet. Not thread-safe.
 */
final class DynamoUnit {

  private final boolean transaction;
  private final List<DynamoWrite> writes = new ArrayList<>();
  private final Map<String, Integer> positions = new HashMap<>();
  private final Map<UUID, User> pendingUsers = new HashMap<>();
  private final Map<UUID, PostItem> pendingPosts = new HashMap<>();

  /** @param transaction whether this is an {@code inTransaction} unit, held to one DynamoDB transaction */
  DynamoUnit(boolean transaction) {
    this.transaction = transaction;
  }

  boolean isTransaction() {
    return transaction;
  }

  List<DynamoWrite> writes() {
    return writes;
  }

  int size() {
    return writes.size();
  }

  /**
   * Adds a write.
   *
   * @throws DuplicateKeyException when the unit already claims the same uniqueness item
   * @throws InvalidQueryException when the unit already writes the item, or a transaction would exceed 100 writes
   */
  void add(DynamoWrite write) {
    Integer at = positions.get(write.itemKey());
    if (at != null) {
      if (write.check() == DynamoWrite.Check.UNIQUE) {
        throw new DuplicateKeyException(write.subject(), write.subject() + " '" + write.value()
            + "' is used twice in one unit of work (compared case-insensitively); nothing was written");
      }
      throw new InvalidQueryException("one DynamoDB transaction cannot write the same item twice (" + write.subject()
          + "); reads inside a transaction see committed state only, so split the work");
    }
    if (transaction) {
      DynamoTransactions.checkSize(writes.size() + 1, "this transaction");
    }
    positions.put(write.itemKey(), writes.size());
    writes.add(write);
  }

  /** Replaces the write of the same item (used to add tags to a post created by this unit). */
  void replace(DynamoWrite write) {
    Integer at = positions.get(write.itemKey());
    if (at == null) {
      throw new IllegalStateException("no write to replace for " + write.subject());
    }
    writes.set(at, write);
  }

  void pendingUser(User user) {
    pendingUsers.put(user.id().value(), user);
  }

  User pendingUser(UUID id) {
    return pendingUsers.get(id);
  }

  void pendingPost(PostItem post) {
    pendingPosts.put(UUID.fromString(post.id()), post);
  }

  PostItem pendingPost(UUID id) {
    return pendingPosts.get(id);
  }
}
