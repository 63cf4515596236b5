package dev.polystore.samples.examples;

import dev.polystore.StoreConfig;
import dev.polystore.StoreConfigurationException;
import dev.polystore.StoreException;
import dev.polystore.Stores;
import dev.polystore.UserStore;
import dev.polystore.query.Filter;
import dev.polystore.user.UserField;
import dev.polystore.user.UserQuery;
import java.io.PrintStream;

/**
 * Configuration without code: the user store is named by {@code POLYSTORE_USERS_URL} (or
 * {@code -Dpolystore.users.url}), and each of its options by {@code POLYSTORE_USERS_<KEY>} (or
 * {@code -Dpolystore.users.<key>}): {@code POLYSTORE_USERS_CURSOR_SECRET} is option {@code cursor.secret},
 * {@code POLYSTORE_USERS_POOL_MAX_SIZE} is {@code pool.max.size}. A system property wins over the environment.
 * Secrets print as {@code ****}; an option the adapter does not know is refused when the store opens.
 *
 * <pre>
 * POLYSTORE_USERS_URL='jdbc:postgresql://127.0.0.1:5432/app?user=app' POLYSTORE_USERS_PASSWORD=… \
 *   java … dev.polystore.samples.examples.ConfigurationFromEnvironment
 * </pre>
 *
 * <p>When neither names a URL, an argument (a URL or a backend name, see {@link ExampleUrls}) or else the
 * example's own SQLite file is set as {@code -Dpolystore.users.url} for this run, and the program says so.
 */
public final class ConfigurationFromEnvironment {

  private ConfigurationFromEnvironment() {
  }

  public static void main(String[] args) {
    try {
      if (System.getProperty("polystore.users.url") == null && System.getenv("POLYSTORE_USERS_URL") == null) {
        String url = ExampleUrls.fromArguments(args, "configuration-from-environment");
        System.out.println("POLYSTORE_USERS_URL is not set; using -Dpolystore.users.url=" + StoreConfig.mask(url));
        System.setProperty("polystore.users.url", url);
      }
      run(System.out);
    } catch (StoreException e) {
      ExampleRunner.fail(System.out, e);
    }
  }

  public static void run(PrintStream out) {
    StoreConfig config = StoreConfig.fromEnvironment("users");
    out.println("From the environment: " + config); // secrets print as ****

    try (UserStore users = Stores.openUserStore()) { // the same as Stores.openUserStore(config)
      out.println("Opened " + users.capabilities().backend());
      TutorialUsers.removeLeftovers(users, "alice");
      users.create(TutorialUsers.person("Alice", 30));
      UserQuery thirtyOrOlder = UserQuery.builder().filter(Filter.ge(UserField.AGE, 30)).build();
      out.println("Users aged 30 or more: " + TutorialUsers.usernames(users.find(thirtyOrOlder).items()));
    }

    StoreConfig misspelt = config.toBuilder().property("pool.max.sise", "20").build();
    try (UserStore users = Stores.openUserStore(misspelt)) {
      out.println("unexpected: " + users.capabilities().backend() + " accepted an unknown option");
    } catch (StoreConfigurationException e) {
      out.println("A misspelt option is refused: " + e.getMessage());
    }
  }
}
