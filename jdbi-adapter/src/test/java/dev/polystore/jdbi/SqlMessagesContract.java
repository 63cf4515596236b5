package dev.polystore.jdbi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.StoreConfig;
import dev.polystore.StoreException;
import dev.polystore.StoreUnavailableException;
import dev.polystore.Stores;
import dev.polystore.UserStore;
import dev.polystore.user.NewUser;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What the SQL stores tell a caller when the database refuses one row of a batch or the pool has no free
 * connection, on every SQL backend: messages that quote only the failing row, bounded, and say what happened.
 * Subclasses supply the database.
 */
abstract class SqlMessagesContract {

  /** The config of a store on an empty, private database, with the server's credentials. */
  abstract StoreConfig.Builder config();

  /** Empties the user tables after a store opened (so migrated) the database. */
  abstract void empty() throws Exception;

  /** Makes the database refuse a user named {@code username}, as a constraint or trigger {@code name}. */
  abstract void refuseUsername(String name, String username) throws Exception;

  @Test
  void aRowTheDatabaseRefusesInABatchIsReportedWithoutTheOtherRowsData() throws Exception {
    String refusedName = "zed" + UUID.randomUUID().toString().substring(0, 6);
    try (UserStore users = Stores.openUserStore(config().build())) {
      empty();
      String constraint = "no_" + refusedName;
      refuseUsername(constraint, refusedName);
      List<NewUser> batch = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        String name = i == 50 ? refusedName : "member" + i + "x";
        batch.add(NewUser.builder().username(name).email(name + "@example.com").fullName("Full Name " + i)
            .build());
      }
      StoreException e = assertThrows(StoreException.class, () -> users.createAll(batch));
      String message = e.getMessage();
      assertTrue(message.contains(constraint), "the database's own reason is kept: " + message);
      for (int i = 0; i < 100; i++) {
        if (i != 50) {
          assertFalse(message.contains("member" + i + "x"), "no other row's data: " + message);
        }
      }
      assertTrue(message.length() < 1_000, "a bounded message, not " + message.length() + " characters: " + message);
    }
  }

  @Test
  void aBusyPoolSaysSoWithItsTimeoutAndCounts() throws Exception {
    StoreConfig config = config().property(JdbiStoreOptions.POOL_MAX_SIZE, "1")
        .property(JdbiStoreOptions.POOL_MIN_IDLE, "0").property(JdbiStoreOptions.POOL_CONNECTION_TIMEOUT, "300ms")
        .build();
    try (UserStore users = Stores.openUserStore(config)) {
      empty();
      Throwable failure = users.inTransaction(tx -> {
        CompletableFuture<Object> other = CompletableFuture.supplyAsync(() -> users.findByUsername("ann"));
        try {
          other.get(20, TimeUnit.SECONDS);
          return null;
        } catch (ExecutionException e) {
          return e.getCause();
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      });
      assertTrue(failure != null, "the second call could not have a connection");
      assertEquals(StoreUnavailableException.class, failure.getClass(),
          "a plain StoreUnavailableException (nothing was sent): " + failure);
      String message = failure.getMessage();
      assertTrue(message.contains("pool.connection.timeout") && message.contains("300ms"),
          "names the option and its value: " + message);
      assertTrue(message.contains("1 of at most 1 connections in use"), "counts: " + message);
      assertFalse(message.contains("connection failed"), "the database did not fail: " + message);
    }
  }
}
