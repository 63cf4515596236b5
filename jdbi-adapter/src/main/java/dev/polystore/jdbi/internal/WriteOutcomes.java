package dev.polystore.jdbi.internal;

import dev.polystore.DuplicateKeyException;
import dev.polystore.OutcomeUnknownException;
import dev.polystore.user.PostId;
import dev.polystore.user.User;
import dev.polystore.user.UserId;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.jdbi.v3.core.HandleCallback;

/**
 * Internal: what a user-store write that failed, or whose reply was lost, really did — its own earlier attempt
 * behind a duplicate key, the username reported before the e-mail, an update or delete recognised as applied.
 * Thread-safe (stateless).
 */
final class WriteOutcomes {

  private WriteOutcomes() {
  }

  /**
   * Whether a user with this freshly generated id exists, when the insert was {@code repeated} after a lost reply:
   * then its earlier attempt was committed, and the second run's duplicate is the write itself, not a conflict. A
   * first attempt's duplicate is another writer's: no look-up.
   *
   * @throws OutcomeUnknownException when the look-up itself fails: the write may be stored
   */
  static boolean alreadyStored(UnitOfWork units, UserId id, boolean repeated) {
    return repeated && stored("user", () -> units.strong().read("get user", h -> h
        .createQuery(UserTables.SELECT_USER).bind("id", id.value()).map(UserTables.USERS).findOne()).isPresent());
  }

  /** Whether a post with this freshly generated id exists, as {@link #alreadyStored(UnitOfWork, UserId, boolean)}. */
  static boolean alreadyStored(UnitOfWork units, PostId id, boolean repeated) {
    return repeated && stored("post", () -> units.strong().read("check post", h -> h
        .createQuery(UserTables.POST_EXISTS).bind("id", id.value()).mapTo(Integer.class).findOne().isPresent()));
  }

  private static boolean stored(String what, BooleanSupplier lookup) {
    try {
      return lookup.getAsBoolean();
    } catch (RuntimeException e) {
      throw new OutcomeUnknownException("the " + what + " was written with a duplicate key, and whether by an"
          + " earlier attempt of the same write whose reply was lost could not be checked", e);
    }
  }

  /**
   * When a write breaks both uniqueness rules, databases differ in which they report; the store reports the
   * username first on every dialect. Runs one look-up, only after a failure.
   */
  static DuplicateKeyException usernameFirst(UnitOfWork units, DuplicateKeyException e, List<User> written,
                                             UUID self) {
    if (!"email".equals(e.field())) {
      return e;
    }
    Set<String> keys = new HashSet<>();
    for (User u : written) {
      if (!keys.add(UserTables.key(u.username()))) {
        return onUsername(e);
      }
    }
    SqlParams params = new SqlParams();
    String sql = "SELECT COUNT(*) FROM users u WHERE u.username_key IN (" + params.addAll(keys) + ")"
        + (self == null ? "" : " AND u.id <> " + params.add(self));
    long taken;
    try {
      taken = units.strong().read("check username", h -> params.bindTo(h.createQuery(sql)).mapTo(Long.class).one());
    } catch (RuntimeException lookupFailure) {
      e.addSuppressed(lookupFailure);
      return e;
    }
    return taken > 0 ? onUsername(e) : e;
  }

  private static DuplicateKeyException onUsername(DuplicateKeyException email) {
    return new DuplicateKeyException("username", email.getMessage().replace("email", "username"), email.getCause());
  }

  /** Whether {@code stored} is {@code changed} written once: the next version, with the change's values. */
  static boolean isApplied(User changed, User stored) {
    return stored.version() == changed.version() + 1 && stored.username().equals(changed.username())
        && stored.email().equals(changed.email()) && Objects.equals(stored.fullName(), changed.fullName())
        && Objects.equals(stored.age(), changed.age()) && stored.active() == changed.active();
  }

  /**
   * After the reply to a delete was lost: deletes again, which is the answer if it finds the row; if the row is
   * gone, the lost attempt may have deleted it or it may have been gone before, and the caller is told so.
   */
  static LostReply<Boolean> deleteAgain(HandleCallback<Boolean, RuntimeException> delete,
                                                             String what) {
    return (h, unknown) -> {
      if (delete.withHandle(h)) {
        return true;
      }
      throw new OutcomeUnknownException(unknown.getMessage() + ". The " + what + " is gone now: deleted by this"
          + " call, or already before it", unknown.getCause());
    };
  }
}
