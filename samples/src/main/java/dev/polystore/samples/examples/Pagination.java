package dev.polystore.samples.examples;

import dev.polystore.Capabilities;
import dev.polystore.Capability;
import dev.polystore.StoreConfig;
import dev.polystore.Stores;
import dev.polystore.UserStore;
import dev.polystore.query.CountMode;
import dev.polystore.query.Page;
import dev.polystore.query.PageRequest;
import dev.polystore.query.Sort;
import dev.polystore.user.NewUser;
import dev.polystore.user.User;
import dev.polystore.user.UserField;
import dev.polystore.user.UserQuery;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Pages through seven users three at a time: cursor (keyset) pages, each with the exact total and whether more
 * follow, then an offset page ("page 2"). Runs on every backend with a user store; a backend without
 * {@code EXACT_COUNT} or {@code OFFSET_PAGES} is said to lack them.
 */
public final class Pagination {

  private static final int PAGE_SIZE = 3;
  private static final String[] READERS = {"reader1", "reader2", "reader3", "reader4", "reader5", "reader6",
      "reader7"};

  private Pagination() {
  }

  public static void main(String[] args) {
    ExampleRunner.main(args, "pagination", Pagination::run);
  }

  public static void run(StoreConfig config, PrintStream out) {
    try (UserStore users = Stores.openUserStore(config)) {
      TutorialUsers.removeLeftovers(users, READERS);
      List<NewUser> readers = new ArrayList<>();
      for (int i = 0; i < READERS.length; i++) {
        readers.add(NewUser.builder().username(READERS[i]).email(READERS[i] + "@example.com").age(20 + i).build());
      }
      users.createAll(readers);
      Capabilities capabilities = users.capabilities();
      out.println("Created " + READERS.length + " readers on " + capabilities.backend());

      CountMode countMode = CountMode.NONE;
      if (capabilities.has(Capability.EXACT_COUNT)) {
        countMode = CountMode.EXACT;
      } else {
        out.println(capabilities.backend() + " does not declare EXACT_COUNT: pages come without a total");
      }
      UserQuery byUsername = UserQuery.builder()
          .sort(Sort.asc(UserField.USERNAME))
          .countMode(countMode)
          .first(PAGE_SIZE)
          .build();

      // Cursor pages: each page hands out the cursor of the next one.
      Page<User> page = users.find(byUsername);
      int number = 1;
      while (true) {
        out.println("Cursor page " + number + ": " + TutorialUsers.usernames(page.items()) + describe(page));
        Optional<String> next = page.nextCursor();
        if (next.isEmpty()) {
          break;
        }
        page = users.find(byUsername.withPage(PageRequest.after(next.get(), PAGE_SIZE)));
        number++;
      }

      if (capabilities.has(Capability.OFFSET_PAGES)) {
        Page<User> second = users.find(byUsername.withPage(PageRequest.offset(PAGE_SIZE, PAGE_SIZE)));
        out.println("Offset page 2 (skip 3, take 3): " + TutorialUsers.usernames(second.items()) + describe(second));
      } else {
        out.println(capabilities.backend() + " does not declare OFFSET_PAGES: no offset pages");
      }
    }
  }

  private static String describe(Page<User> page) {
    String total = page.total().isPresent() ? "total " + page.total().getAsLong() + ", " : "";
    return " (" + total + (page.hasNext() ? "more follow)" : "last page)");
  }
}
