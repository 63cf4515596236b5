package dev.polystore.jdbi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.Stores;
import dev.polystore.UserStore;
import dev.polystore.query.Filter;
import dev.polystore.user.NewPost;
import dev.polystore.user.NewUser;
import dev.polystore.user.Post;
import dev.polystore.user.PostField;
import dev.polystore.user.PostId;
import dev.polystore.user.PostQuery;
import dev.polystore.user.User;
import dev.polystore.user.UserField;
import dev.polystore.user.UserQuery;
import dev.polystore.tck.ServerBackends;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rules the adapter promises to keep the same on SQLite, PostgreSQL and MySQL/MariaDB beyond the contract:
 * case-insensitive matching of non-ASCII text, literal patterns with every dialect's wildcard and escape
 * characters, and full-text search that ignores case and keeps common words.
 */
class DialectBehaviourTest {

  @TempDir
  Path dir;

  private void withStore(String backend, Consumer<UserStore> test) {
    if (backend.equals("sqlite")) {
      try (UserStore store = Stores.openUserStore("jdbc:sqlite:" + dir.resolve("dialect.db"))) {
        test.accept(store);
      }
      return;
    }
    try (ServerDatabase db = ServerDatabase.create(ServerBackends.resolve(backend), "polystore_dialect");
         UserStore store = Stores.openUserStore(db.config().build())) {
      test.accept(store);
    }
  }

  /** The usernames {@code filter} selects, sorted; {@code count} must agree with them. */
  private static List<String> usernames(UserStore store, Filter<UserField> filter) {
    List<String> found = store.find(UserQuery.builder().filter(filter).build()).items().stream()
        .map(User::username).sorted().toList();
    assertEquals(found.size(), store.count(filter), "count agrees with find for " + filter);
    return found;
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", PostgresTestServer.NAME, MysqlTestServer.NAME})
  void ignoreCaseFoldsNonAsciiLettersTheSameEverywhere(String backend) {
    withStore(backend, store -> {
      User elodie = store.create(NewUser.builder().username("ÉLODIE").email("ÉLODIE@EXEMPLE.FR")
          .fullName("Élodie Ünal").build());
      store.create(NewUser.builder().username("elodie").email("plain@example.com").fullName("Elodie Unal").build());
      assertEquals(elodie, store.findByUsername("élodie").orElseThrow());
      assertEquals(elodie, store.findByEmail("élodie@exemple.fr").orElseThrow());
      assertEquals(List.of("ÉLODIE"), usernames(store, Filter.eqIgnoreCase(UserField.FULL_NAME, "ÉLODIE ÜNAL")));
      assertEquals(List.of("ÉLODIE"), usernames(store, Filter.containsIgnoreCase(UserField.FULL_NAME, "ünal")));
      assertEquals(List.of("elodie", "ÉLODIE"), usernames(store,
          Filter.inIgnoreCase(UserField.USERNAME, List.of("Élodie", "ELODIE"))));
      assertEquals(List.of(), usernames(store, Filter.eq(UserField.USERNAME, "élodie")), "eq stays case-sensitive");
      assertEquals(List.of("ÉLODIE"), usernames(store, Filter.eq(UserField.ID, elodie.id().value())), "an id");
      assertEquals(List.of("elodie", "ÉLODIE"), usernames(store, Filter.and(
          Filter.ge(UserField.CREATED_AT, elodie.createdAt()), Filter.eq(UserField.ACTIVE, elodie.active()))),
          "a time and a flag");
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", PostgresTestServer.NAME, MysqlTestServer.NAME})
  void patternsMatchEveryWildcardAndEscapeCharacterLiterally(String backend) {
    withStore(backend, store -> {
      for (String name : List.of("a!b", "axb", "star*", "starx", "q?", "qx", "[ab]", "a", "br]", "Case")) {
        store.create(NewUser.builder().username(name).email(Integer.toHexString(name.hashCode()) + "@example.com")
            .build());
      }
      assertEquals(List.of("a!b"), usernames(store, Filter.contains(UserField.USERNAME, "!")));
      assertEquals(List.of("a!b"), usernames(store, Filter.startsWith(UserField.USERNAME, "a!")));
      assertEquals(List.of("star*"), usernames(store, Filter.endsWith(UserField.USERNAME, "*")));
      assertEquals(List.of("q?"), usernames(store, Filter.contains(UserField.USERNAME, "?")));
      assertEquals(List.of("[ab]"), usernames(store, Filter.startsWith(UserField.USERNAME, "[a")));
      assertEquals(List.of("[ab]", "br]"), usernames(store, Filter.endsWith(UserField.USERNAME, "]")));
      assertEquals(List.of("[ab]"), usernames(store, Filter.contains(UserField.USERNAME, "[ab]")));
      assertEquals(List.of("Case"), usernames(store, Filter.startsWith(UserField.USERNAME, "C")),
          "case-sensitive patterns are case-sensitive on SQLite too");
      assertEquals(List.of(), usernames(store, Filter.startsWith(UserField.USERNAME, "c")));
      assertEquals(List.of("Case"), usernames(store, Filter.startsWithIgnoreCase(UserField.USERNAME, "c")));
      assertEquals(List.of("a!b"), usernames(store, Filter.containsIgnoreCase(UserField.USERNAME, "A!")));
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", PostgresTestServer.NAME, MysqlTestServer.NAME})
  void fullTextSearchIgnoresCaseKeepsCommonWordsAndNeedsEveryWord(String backend) {
    withStore(backend, store -> {
      User ann = store.create(NewUser.builder().username("ann").email("ann@example.com").build());
      Post cooking = store.addPost(ann.id(), NewPost.of("Cooking pasta", "Boil water, add salt, then the noodles."));
      Post travel = store.addPost(ann.id(), NewPost.of("Travelling light", "The backpack is enough."));
      assertEquals(List.of(cooking.id()), search(store, "NOODLES"));
      assertEquals(List.of(cooking.id()), search(store, "the noodles"), "a common word does not block a match");
      assertEquals(List.of(cooking.id(), travel.id()), search(store, "the"));
      assertEquals(List.of(cooking.id()), search(store, "pasta noodles"));
      assertEquals(List.of(), search(store, "pasta backpack"), "every word must occur");
      assertEquals(List.of(), search(store, "\"* NEAR noodles -"), "query syntax is not passed through");
      store.deletePost(cooking.id());
      assertEquals(List.of(), search(store, "noodles"), "a deleted post leaves the index");
      assertTrue(store.findPosts(PostQuery.builder().search("backpack")
          .filter(Filter.eq(PostField.AUTHOR_ID, ann.id())).build()).size() == 1);
    });
  }

  private static List<PostId> search(UserStore store, String text) {
    return store.findPosts(PostQuery.builder().search(text).build()).items().stream().map(Post::id).toList();
  }
}
