package dev.polystore.samples.examples;

import dev.polystore.UserStore;
import dev.polystore.user.NewUser;
import dev.polystore.user.User;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The people of the tutorials — Alice 30, Bob 25, Charlie 35 — and the clean-up that lets an example run again
 * on the same database. Stateless and thread-safe.
 */
final class TutorialUsers {

  private TutorialUsers() {
  }

  /** A new user {@code name} (lowercased as username) with an e-mail at example.com and the given age. */
  static NewUser person(String name, Integer age) {
    String username = name.toLowerCase(Locale.ROOT);
    return NewUser.builder().username(username).email(username + "@example.com").fullName(name).age(age).build();
  }

  /** Alice 30, Bob 25 and Charlie 35, created in one batch; returned in that order. */
  static List<User> createAliceBobCharlie(UserStore users) {
    return users.createAll(List.of(person("Alice", 30), person("Bob", 25), person("Charlie", 35)));
  }

  /** Deletes the users an earlier run of an example left (with their posts and tags), so it can run again. */
  static void removeLeftovers(UserStore users, String... usernames) {
    for (String username : usernames) {
      users.findByUsername(username).ifPresent(user -> users.delete(user.id()));
    }
  }

  /** The usernames of users, comma-separated, in their order. */
  static String usernames(List<User> users) {
    return users.isEmpty() ? "(none)" : users.stream().map(User::username).collect(Collectors.joining(", "));
  }
}
