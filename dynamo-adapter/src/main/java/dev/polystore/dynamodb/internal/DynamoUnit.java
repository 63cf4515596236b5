package dev.polystore.dynamodb.internal;

import dev.polystore.DuplicateKeyException;
import dev.polystore.InvalidQueryException;
import dev.polystore.user.User;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Internal: the writes of one unit of work — one operation, or everything an {@code inTransaction} callback
 * wrote — committed together. Remembers the users and posts the unit creates, changes and deletes, so that later
 * writes and key lookups of the same unit see them although they are not committed yet. Not thread-safe.
 */
final class DynamoUnit {

  private final boolean transaction;
  private final List<DynamoWrite> writes = new ArrayList<>();
  private final Map<String, Integer> positions = new HashMap<>();
  private final Map<UUID, User> pendingUsers = new HashMap<>();
  private final Map<UUID, Optional<User>> visibleUsers = new HashMap<>();
  private final Map<UUID, PostItem> pendingPosts = new HashMap<>();
  private final Set<UUID> deletedPosts = new HashSet<>();

  /** @param transaction whether this is an {@code inTransaction} unit, held to one DynamoDB transaction */
  DynamoUnit(boolean transaction) {
    this.transaction = transaction;
  }

  /** Whether this is an {@code inTransaction} unit; otherwise it is one operation's, which may commit in parts. */
  boolean isTransaction() {
    return transaction;
  }

  List<DynamoWrite> writes() {
    return writes;
  }

  /**
   * Adds a write.
   *
   * @throws DuplicateKeyException when the unit already claims the same uniqueness item
   * @throws InvalidQueryException when the unit already writes the item, or a transaction would exceed 100 writes
   */
  void add(DynamoWrite write) {
    Integer at = positions.get(write.itemKey());
    if (at != null && (write.check() == DynamoWrite.Check.APPLICATION
        || writes.get(at).check() == DynamoWrite.Check.APPLICATION)) {
      throw writtenTwice(writes.get(at), write);
    }
    if (at != null && write.item().delete() != null) {
      // a delete supersedes what the unit wrote to the item before (a tag, then a delete of the post)
      writes.set(at, write);
      return;
    }
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

  /** Adds a write unless the unit already writes the item (whose own condition then stands in for it). */
  void addUnlessPresent(DynamoWrite write) {
    Integer at = positions.get(write.itemKey());
    if (at == null) {
      add(write);
    } else if (writes.get(at).check() == DynamoWrite.Check.APPLICATION) {
      throw writtenTwice(writes.get(at), write);
    }
  }

  /** One item written twice in a transaction, once by the application: neither may stand in for the other. */
  private static InvalidQueryException writtenTwice(DynamoWrite first, DynamoWrite second) {
    return new InvalidQueryException("one DynamoDB transaction cannot write the same item twice: " + first.subject()
        + " and " + second.subject() + " name the same item; nothing was written");
  }

  /** Replaces the write of the same item (used to add tags to a post created by this unit). */
  void replace(DynamoWrite write) {
    Integer at = positions.get(write.itemKey());
    if (at == null) {
      throw new IllegalStateException("no write to replace for " + write.subject());
    }
    if (writes.get(at).check() == DynamoWrite.Check.APPLICATION) {
      throw writtenTwice(writes.get(at), write);
    }
    writes.set(at, write);
  }

  /** A user this unit creates. */
  void pendingUser(User user) {
    pendingUsers.put(user.id().value(), user);
    visibleUsers.put(user.id().value(), Optional.of(user));
  }

  /** The user this unit creates with that id, or null. */
  User pendingUser(UUID id) {
    return pendingUsers.get(id);
  }

  /** A user this unit changes (present) or deletes (empty), as the unit's own reads see it. */
  void changedUser(UUID id, Optional<User> user) {
    visibleUsers.put(id, user);
  }

  /** How the unit's reads see the user: null when the unit did not touch it, empty when it deleted it. */
  Optional<User> visibleUser(UUID id) {
    return visibleUsers.get(id);
  }

  /** The users this unit created or changed and did not delete. */
  Collection<User> visibleUsers() {
    return visibleUsers.values().stream().flatMap(Optional::stream).toList();
  }

  void deletedPost(UUID id) {
    deletedPosts.add(id);
    pendingPosts.remove(id);
  }

  boolean isDeletedPost(UUID id) {
    return deletedPosts.contains(id);
  }

  void pendingPost(PostItem post) {
    pendingPosts.put(UUID.fromString(post.id()), post);
  }

  PostItem pendingPost(UUID id) {
    return pendingPosts.get(id);
  }
}
