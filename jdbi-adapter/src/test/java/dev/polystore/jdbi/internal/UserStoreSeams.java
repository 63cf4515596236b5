package dev.polystore.jdbi.internal;

import dev.polystore.UserStore;
import java.util.function.Consumer;

/** Test support: the package-private seams of {@link JdbiUserStore}, for tests in other packages. */
public final class UserStoreSeams {

  private UserStoreSeams() {
  }

  /**
   * Calls {@code hook} between the statements of the store's {@code find}/{@code findPosts} reads with the name
   * of the statement just run ({@code "page"}, {@code "posts"}, {@code "tags"}); null removes it.
   *
   * @param store a store of the JDBI adapter
   */
  public static void afterStatement(UserStore store, Consumer<String> hook) {
    ((JdbiUserStore) store).afterStatement(hook);
  }
}
