package dev.polystore.jdbi.internal;

import dev.polystore.ConcurrentUpdateException;
import dev.polystore.EntityNotFoundException;
import dev.polystore.user.User;
import dev.polystore.user.UserId;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;

/**
 * Internal: the user writes checked against an expected version — update, and delete at a version — which tell a
 * stale version from a missing user. Thread-safe (immutable).
 */
final class VersionedWrites {

  /** Whether the update returns the updated row ({@code UPDATE ... RETURNING}), or must read it again. */
  private final boolean returning;
  private final String updateSql;
  /** The stored version, read past the transaction's snapshot, for the message of a failed versioned write. */
  private final String selectVersionSql;

  VersionedWrites(SqlDialect dialect) {
    this.returning = dialect.supportsUpdateReturning();
    this.updateSql = returning
        ? UserTables.UPDATE_USER + " RETURNING " + UserTables.USER_COLUMNS_BARE : UserTables.UPDATE_USER;
    this.selectVersionSql = dialect.latestRead(UserTables.SELECT_VERSION);
  }

  /** Whether an update takes several statements (the update, then reading the row again). */
  boolean updateHasSeveralStatements() {
    return !returning;
  }

  /**
   * Writes {@code changed} as its next version at {@code now}, and returns it as stored.
   *
   * @throws ConcurrentUpdateException when the stored version is another
   * @throws EntityNotFoundException when there is no such user
   */
  HandleCallback<User, RuntimeException> update(User changed, Instant now) {
    return h -> {
      Optional<User> updated;
      if (returning) {
        updated = UserTables.bindUser(h.createQuery(updateSql), changed)
            .bind("updatedAt", now)
            .bind("version", changed.version())
            .map(UserTables.USERS).findOne();
      } else {
        int count = UserTables.bindUser(h.createUpdate(updateSql), changed)
            .bind("updatedAt", now)
            .bind("version", changed.version())
            .execute();
        updated = count == 1
            ? h.createQuery(UserTables.SELECT_USER).bind("id", changed.id().value()).map(UserTables.USERS).findOne()
            : Optional.empty();
      }
      if (updated.isPresent()) {
        return updated.get();
      }
      Optional<Long> stored = storedVersion(h, changed.id());
      if (stored.isEmpty()) {
        throw new EntityNotFoundException("update user failed: there is no user " + changed.id());
      }
      throw new ConcurrentUpdateException("update user failed: user " + changed.id() + " is at version "
          + stored.get() + ", not " + changed.version() + "; re-read it and apply the change again");
    };
  }

  /** After the reply to {@code update} was lost: updates again, or recognises the lost attempt as applied. */
  LostReply<User> afterLostUpdate(HandleCallback<User, RuntimeException> update, User changed) {
    return (h, unknown) -> {
      try {
        return update.withHandle(h);
      } catch (ConcurrentUpdateException stale) {
        // Stale now: the lost attempt was applied if the user is one version on, with the change's values.
        Optional<User> stored = h.createQuery(UserTables.SELECT_USER).bind("id", changed.id().value())
            .map(UserTables.USERS).findOne();
        if (stored.isPresent() && WriteOutcomes.isApplied(changed, stored.get())) {
          return stored.get();
        }
        throw stale;
      }
    };
  }

  /**
   * Deletes the user if it is at {@code expectedVersion}: true if deleted, false if there is no such user.
   *
   * @throws ConcurrentUpdateException when the stored version is another
   */
  HandleCallback<Boolean, RuntimeException> delete(UserId id, long expectedVersion) {
    return h -> {
      if (h.createUpdate(UserTables.DELETE_USER_VERSION).bind("id", id.value()).bind("version", expectedVersion)
          .execute() > 0) {
        return true;
      }
      Optional<Long> stored = storedVersion(h, id);
      if (stored.isEmpty()) {
        return false;
      }
      throw new ConcurrentUpdateException("delete user failed: user " + id + " is at version " + stored.get()
          + ", not " + expectedVersion);
    };
  }

  private Optional<Long> storedVersion(Handle h, UserId id) {
    return h.createQuery(selectVersionSql).bind("id", id.value()).mapTo(Long.class).findOne();
  }
}
