package dev.polystore.samples.examples;

import dev.polystore.Capabilities;
import dev.polystore.Capability;
import dev.polystore.StoreConfig;
import dev.polystore.Stores;
import dev.polystore.UserStore;
import dev.polystore.query.Filter;
import dev.polystore.query.Sort;
import dev.polystore.user.NewUser;
import dev.polystore.user.User;
import dev.polystore.user.UserField;
import dev.polystore.user.UserQuery;
import java.io.PrintStream;
import java.util.List;

/**
 * Filters (equality, ranges, lists, prefixes and substrings, case-insensitive matches, missing values), sorting
 * and counting. Each filter is printed with the users it found. Runs on every backend with a user store; the steps
 * that need {@code SUBSTRING_MATCH}, {@code IGNORE_CASE} or {@code EXACT_COUNT} say so where a backend lacks them.
 */
public final class FiltersAndSorting {

  private FiltersAndSorting() {
  }

  public static void main(String[] args) {
    ExampleRunner.main(args, "filters-and-sorting", FiltersAndSorting::run);
  }

  public static void run(StoreConfig config, PrintStream out) {
    try (UserStore users = Stores.openUserStore(config)) {
      TutorialUsers.removeLeftovers(users, "alice", "bob", "charlie", "diana");
      users.createAll(List.of(
          TutorialUsers.person("Alice", 30).toBuilder().fullName("Alice Smith").build(),
          TutorialUsers.person("Bob", 25).toBuilder().fullName("Bob Jones").build(),
          TutorialUsers.person("Charlie", 35).toBuilder().fullName("Charlie Brown").build(),
          NewUser.builder().username("diana").email("diana@example.org").fullName("Diana Prince").build()));
      Capabilities capabilities = users.capabilities();
      out.println("Created alice (30), bob (25), charlie (35) and diana (no age) on " + capabilities.backend());

      show(out, users, "username = bob", Filter.eq(UserField.USERNAME, "bob"));
      show(out, users, "age between 25 and 32", Filter.between(UserField.AGE, 25, 32));
      show(out, users, "username in (alice, charlie)", Filter.in(UserField.USERNAME, List.of("alice", "charlie")));
      show(out, users, "age is missing", Filter.isNull(UserField.AGE));
      show(out, users, "email starts with 'char'", Filter.startsWith(UserField.EMAIL, "char"));
      show(out, users, "age >= 30 or no age", Filter.or(Filter.ge(UserField.AGE, 30), Filter.isNull(UserField.AGE)));

      if (capabilities.has(Capability.SUBSTRING_MATCH)) {
        show(out, users, "full name contains 'Smith'", Filter.contains(UserField.FULL_NAME, "Smith"));
        show(out, users, "email ends with '@example.org'", Filter.endsWith(UserField.EMAIL, "@example.org"));
      } else {
        out.println(capabilities.backend() + " does not declare SUBSTRING_MATCH: no contains/endsWith filters");
      }
      if (capabilities.has(Capability.IGNORE_CASE)) {
        show(out, users, "full name contains 'BROWN', ignoring case",
            Filter.containsIgnoreCase(UserField.FULL_NAME, "BROWN"));
        show(out, users, "username = 'ALICE', ignoring case", Filter.eqIgnoreCase(UserField.USERNAME, "ALICE"));
      } else {
        out.println(capabilities.backend() + " does not declare IGNORE_CASE: no case-insensitive filters");
      }

      List<User> oldestFirst = users.find(UserQuery.builder().sort(Sort.desc(UserField.AGE)).build()).items();
      out.println("All, oldest first (no age last): " + TutorialUsers.usernames(oldestFirst));
      List<User> byName = users.find(UserQuery.builder().sort(Sort.asc(UserField.FULL_NAME)).build()).items();
      out.println("All, by full name: " + TutorialUsers.usernames(byName));

      if (capabilities.has(Capability.EXACT_COUNT)) {
        out.println("Count of users aged 30 or more: " + users.count(Filter.ge(UserField.AGE, 30)));
      } else {
        out.println(capabilities.backend() + " does not declare EXACT_COUNT: no counting");
      }
    }
  }

  private static void show(PrintStream out, UserStore users, String label, Filter<UserField> filter) {
    UserQuery query = UserQuery.builder().filter(filter).sort(Sort.asc(UserField.USERNAME)).build();
    out.println(label + ": " + TutorialUsers.usernames(users.find(query).items()));
  }
}
