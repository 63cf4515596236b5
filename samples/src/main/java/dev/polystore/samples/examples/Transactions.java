package dev.polystore.samples.examples;

import dev.polystore.Capabilities;
import dev.polystore.Capability;
import dev.polystore.DuplicateKeyException;
import dev.polystore.StoreConfig;
import dev.polystore.Stores;
import dev.polystore.UnsupportedCapabilityException;
import dev.polystore.UserStore;
import java.io.PrintStream;

/**
 * Transactions: {@code inTransaction} keeps all of its writes or none, and a nested {@code inTransaction} is a
 * savepoint whose failure undoes only its own writes — where the backend declares {@code SAVEPOINTS}. Where it
 * does not (DynamoDB), the nested call is refused, and the program prints the refusal. Needs
 * {@code TRANSACTIONS}, which every user store declares.
 */
public final class Transactions {

  private Transactions() {
  }

  public static void main(String[] args) {
    ExampleRunner.main(args, "transactions", Transactions::run);
  }

  public static void run(StoreConfig config, PrintStream out) {
    try (UserStore users = Stores.openUserStore(config)) {
      Capabilities capabilities = users.capabilities();
      if (!capabilities.has(Capability.TRANSACTIONS)) {
        out.println(capabilities.backend() + " does not declare TRANSACTIONS: nothing to show");
        return;
      }
      TutorialUsers.removeLeftovers(users, "alice", "bob", "charlie", "dave", "erin", "frank");

      // 1. Everything the callback writes is kept when it returns.
      users.useTransaction(tx -> {
        tx.create(TutorialUsers.person("Alice", 30));
        tx.create(TutorialUsers.person("Bob", 25));
      });
      out.println("1. committed: alice " + exists(users, "alice") + ", bob " + exists(users, "bob"));

      // 2. When the callback throws, nothing it wrote is kept, and the exception comes out unchanged.
      try {
        users.useTransaction(tx -> {
          tx.create(TutorialUsers.person("Charlie", 35));
          throw new IllegalStateException("changed my mind");
        });
      } catch (IllegalStateException e) {
        out.println("2. rolled back (" + e.getMessage() + "): charlie " + exists(users, "charlie"));
      }

      // 3. The same when the store refuses a write: dave is not kept because the second alice is a duplicate.
      try {
        users.useTransaction(tx -> {
          tx.create(TutorialUsers.person("Dave", 40));
          tx.create(TutorialUsers.person("Alice", 31));
        });
      } catch (DuplicateKeyException e) {
        out.println("3. rolled back (duplicate " + e.field() + "): dave " + exists(users, "dave"));
      }

      // 4. A nested transaction: a savepoint, or refused.
      if (capabilities.has(Capability.SAVEPOINTS)) {
        users.useTransaction(tx -> {
          tx.create(TutorialUsers.person("Erin", 28));
          try {
            tx.useTransaction(inner -> {
              inner.create(TutorialUsers.person("Frank", 33));
              throw new IllegalStateException("undo frank only");
            });
          } catch (IllegalStateException e) {
            out.println("4. savepoint rolled back (" + e.getMessage() + ")");
          }
        });
        out.println("4. after the outer commit: erin " + exists(users, "erin") + ", frank " + exists(users, "frank"));
      } else {
        out.println("4. " + capabilities.backend() + " does not declare SAVEPOINTS; a nested inTransaction is refused:");
        try {
          users.useTransaction(tx -> tx.useTransaction(inner -> inner.create(TutorialUsers.person("Frank", 33))));
        } catch (UnsupportedCapabilityException e) {
          out.println("   " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        out.println("   frank " + exists(users, "frank"));
      }
    }
  }

  private static String exists(UserStore users, String username) {
    return users.findByUsername(username).isPresent() ? "exists" : "does not exist";
  }
}
