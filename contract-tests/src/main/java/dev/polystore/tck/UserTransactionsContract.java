package dev.polystore.tck;

import static dev.polystore.Capability.SAVEPOINTS;
import static dev.polystore.Capability.TRANSACTIONS;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.ConcurrentUpdateException;
import dev.polystore.DuplicateKeyException;
import dev.polystore.query.Filter;
import dev.polystore.user.NewPost;
import dev.polystore.user.NewUser;
import dev.polystore.user.Post;
import dev.polystore.user.PostQuery;
import dev.polystore.user.User;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The user-store contract on transactions and races: commit, rollback, nested transactions as
 * savepoints, and concurrent creates and updates of which exactly one wins.
 *
 * <p>Part of {@link UserStoreContract}, which composes it with the other user-store features: an adapter
 * subclasses that class, never this interface. JUnit creates one instance per test.
 */
public interface UserTransactionsContract extends UserContractSupport {

  @Test
  default void transactionCommitsAllItsWrites() throws Throwable {
    User existing = store().create(user("old"));
    requires(TRANSACTIONS, () -> {
      String result = store().inTransaction(tx -> {
        User ann = tx.create(user("ann"));
        tx.addPost(ann.id(), NewPost.of("in tx", "text"));
        tx.update(existing.toBuilder().age(77).build());
        assertEquals(Optional.of(ann), tx.get(ann.id()), "a transaction reads its own writes");
        assertEquals(Optional.of(ann), tx.findByUsername("ANN"));
        return "done";
      });
      assertEquals("done", result);
      User ann = store().findByUsername("ann").orElseThrow();
      assertEquals(1, postIds(PostQuery.builder().author(ann.id()).build()).size());
      assertEquals(77, store().get(existing.id()).orElseThrow().age());
      store().useTransaction(tx -> tx.create(user("bob")));
      assertTrue(store().findByUsername("bob").isPresent());
    }, () -> store().inTransaction(tx -> null));
  }

  @Test
  default void transactionRollbackLeavesNoTrace() throws Throwable {
    User existing = store().create(user("old"));
    Post kept = store().addPost(existing.id(), NewPost.of("kept", "text"));
    store().tag(kept.id(), Set.of("kept"));
    requires(TRANSACTIONS, () -> {
      IllegalStateException failure = new IllegalStateException("boom");
      IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> store().inTransaction(tx -> {
        User ann = tx.create(user("ann"));
        tx.addPost(ann.id(), NewPost.of("lost", "text"));
        tx.update(existing.toBuilder().age(99).build());
        tx.tag(kept.id(), Set.of("lost"));
        tx.deletePost(kept.id());
        throw failure;
      }));
      assertSame(failure, thrown, "the callback's exception propagates unchanged");
      assertAll(
          () -> assertEquals(Optional.empty(), store().findByUsername("ann")),
          () -> assertEquals(Optional.of(existing), store().get(existing.id()), "the update was undone"),
          () -> assertTrue(store().getPost(kept.id()).isPresent(), "the delete was undone"),
          () -> assertEquals(Set.of("kept"), store().tagsOf(kept.id())),
          () -> assertEquals(List.of(kept.id()), postIds(PostQuery.builder().build())));

      DuplicateKeyException duplicate = assertThrows(DuplicateKeyException.class, () -> store().inTransaction(tx -> {
        tx.create(user("bob"));
        return tx.create(NewUser.builder().username("OLD").email("other@example.com").build());
      }));
      assertEquals("username", duplicate.field(), "a store error inside a transaction keeps its type");
      assertEquals(Optional.empty(), store().findByUsername("bob"), "and undoes the earlier writes");
    }, () -> store().inTransaction(tx -> null));
  }

  @Test
  default void nestedTransactionIsASavepoint() throws Throwable {
    requires(TRANSACTIONS, () -> requires(SAVEPOINTS, () -> {
      store().useTransaction(tx -> {
        tx.create(user("outer1"));
        RuntimeException inner = assertThrows(UnsupportedOperationException.class, () -> tx.useTransaction(nested -> {
          nested.create(user("inner"));
          throw new UnsupportedOperationException("inner failure");
        }));
        assertEquals("inner failure", inner.getMessage());
        assertEquals(Optional.empty(), tx.findByUsername("inner"), "the savepoint was rolled back");
        tx.useTransaction(nested -> nested.create(user("kept")));
        tx.create(user("outer2"));
      });
      assertEquals(List.of("kept", "outer1", "outer2"), usernames(Filter.all()),
          "the outer transaction keeps its writes and the successful savepoint");

      assertThrows(IllegalStateException.class, () -> store().useTransaction(tx -> {
        tx.create(user("gone1"));
        tx.useTransaction(nested -> nested.create(user("gone2")));
        throw new IllegalStateException("outer failure");
      }));
      assertEquals(List.of("kept", "outer1", "outer2"), usernames(Filter.all()),
          "an outer failure undoes its savepoints too");
    }, () -> store().inTransaction(tx -> tx.inTransaction(nested -> null))),
        () -> store().inTransaction(tx -> null));
  }

  @Test
  default void concurrentCreatesOfOneUsernameLetExactlyOneWin() throws Exception {
    List<Object> outcomes = Concurrently.run(4, i -> store().create(
        NewUser.builder().username(i % 2 == 0 ? "race" : "RACE").email("race" + i + "@example.com").build()));
    long created = outcomes.stream().filter(User.class::isInstance).count();
    List<Object> others = outcomes.stream().filter(o -> !(o instanceof User)).toList();
    assertEquals(1, created, "exactly one create wins: " + outcomes);
    for (Object other : others) {
      assertTrue(other instanceof DuplicateKeyException d && d.field().equals("username"),
          "the others are DuplicateKeyException(username), not " + other);
    }
    assertEquals(1, usernames(Filter.all()).size());
  }

  @Test
  default void concurrentUpdatesOfOneVersionLetExactlyOneWin() throws Exception {
    User created = store().create(user("ann"));
    List<Object> outcomes = Concurrently.run(4, i -> store().update(created.toBuilder().age(20 + i).build()));
    List<User> winners = outcomes.stream().filter(User.class::isInstance).map(User.class::cast).toList();
    assertEquals(1, winners.size(), "exactly one update of version 1 wins: " + outcomes);
    assertTrue(outcomes.stream().filter(o -> !(o instanceof User)).allMatch(ConcurrentUpdateException.class::isInstance),
        "the others are ConcurrentUpdateException: " + outcomes);
    assertEquals(Optional.of(winners.get(0)), store().get(created.id()));
    assertEquals(2, winners.get(0).version());
  }
}
