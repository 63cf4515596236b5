package dev.polystore.samples.examples;

import dev.polystore.Capabilities;
import dev.polystore.Capability;
import dev.polystore.ConcurrentUpdateException;
import dev.polystore.DuplicateKeyException;
import dev.polystore.EntityNotFoundException;
import dev.polystore.StoreConfig;
import dev.polystore.Stores;
import dev.polystore.UnsupportedCapabilityException;
import dev.polystore.UserStore;
import dev.polystore.user.NewPost;
import dev.polystore.user.NewUser;
import dev.polystore.user.PostQuery;
import dev.polystore.user.User;
import dev.polystore.user.UserId;
import java.io.PrintStream;
import java.util.UUID;

/**
 * The errors an application handles, each caught where it is expected and printed: a taken username or e-mail
 * ({@code DuplicateKeyException}, naming the field), a stale update ({@code ConcurrentUpdateException}), a write
 * that needs a missing row ({@code EntityNotFoundException}) and an operation a backend does not offer
 * ({@code UnsupportedCapabilityException}). A missing row on a plain look-up is no error: it is an empty
 * {@code Optional}. Runs on every backend with a user store.
 */
public final class ErrorHandling {

  private ErrorHandling() {
  }

  public static void main(String[] args) {
    ExampleRunner.main(args, "error-handling", ErrorHandling::run);
  }

  public static void run(StoreConfig config, PrintStream out) {
    try (UserStore users = Stores.openUserStore(config)) {
      TutorialUsers.removeLeftovers(users, "alice", "alicia");
      User alice = users.create(TutorialUsers.person("Alice", 30));
      out.println("Created alice on " + users.capabilities().backend());

      duplicates(users, out);
      staleUpdate(users, alice, out);
      missingRows(users, out);
      unsupported(users, out);
    }
  }

  private static void duplicates(UserStore users, PrintStream out) {
    try {
      users.create(NewUser.builder().username("ALICE").email("someone@example.com").build());
    } catch (DuplicateKeyException e) {
      out.println("Duplicate " + e.field() + ": " + e.getMessage());
    }
    try {
      users.create(NewUser.builder().username("alicia").email("Alice@Example.com").build());
    } catch (DuplicateKeyException e) {
      out.println("Duplicate " + e.field() + ": " + e.getMessage());
    }
  }

  private static void staleUpdate(UserStore users, User alice, PrintStream out) {
    User updated = users.update(alice.toBuilder().age(31).build());
    out.println("Updated alice's age to 31: version " + alice.version() + " -> " + updated.version());
    try {
      users.update(alice.toBuilder().age(32).build()); // still carries version 1
    } catch (ConcurrentUpdateException e) {
      out.println("Stale update refused (ConcurrentUpdateException): " + e.getMessage());
    }
    out.println("Alice's age stays " + users.get(alice.id()).orElseThrow().age());
  }

  private static void missingRows(UserStore users, PrintStream out) {
    out.println("Look-up of 'nobody': " + users.findByUsername("nobody").map(User::username).orElse("empty"));
    UserId unknown = UserId.of(UUID.randomUUID());
    try {
      users.addPost(unknown, NewPost.of("Orphan", "A post without an author"));
    } catch (EntityNotFoundException e) {
      out.println("Post for an unknown author (EntityNotFoundException): " + e.getMessage());
    }
  }

  private static void unsupported(UserStore users, PrintStream out) {
    Capabilities capabilities = users.capabilities();
    if (capabilities.has(Capability.FULL_TEXT)) {
      long found = users.findPosts(PostQuery.builder().search("author").build()).size();
      out.println(capabilities.backend() + " declares FULL_TEXT: a search ran (" + found + " posts)");
    } else {
      try {
        users.findPosts(PostQuery.builder().search("author").build());
      } catch (UnsupportedCapabilityException e) {
        out.println("Full-text search refused (" + e.capability() + "): " + e.getMessage());
      }
    }
    // InfluxDB holds events only: asking it for a user store is refused before anything is sent.
    try (UserStore refused = Stores.openUserStore("influxdb:?url=http://127.0.0.1:8086")) {
      out.println("unexpected: " + refused.capabilities().backend() + " opened a user store");
    } catch (UnsupportedCapabilityException e) {
      out.println("User store on InfluxDB refused (" + e.capability() + "): " + e.getMessage());
    }
  }
}
