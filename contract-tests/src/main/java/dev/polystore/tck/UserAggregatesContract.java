package dev.polystore.tck;

import static dev.polystore.Capability.AGGREGATES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.InvalidQueryException;
import dev.polystore.query.Filter;
import dev.polystore.user.AgeStats;
import dev.polystore.user.AuthorCount;
import dev.polystore.user.NewPost;
import dev.polystore.user.PostField;
import dev.polystore.user.User;
import dev.polystore.user.UserField;
import dev.polystore.user.UserId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The user-store contract on aggregates: age statistics, counts by a field with the null group first,
 * and top authors (needs {@code Capability.AGGREGATES}).
 *
 * <p>Part of {@link UserStoreContract}, which composes it with the other user-store features: an adapter
 * subclasses that class, never this interface. JUnit creates one instance per test.
 */
public interface UserAggregatesContract extends UserContractSupport {

  @Test
  default void ageStatsIgnoreMissingAges() throws Throwable {
    filterFixture();
    requires(AGGREGATES, () -> {
      AgeStats all = store().ageStats(Filter.all());
      assertEquals(4, all.count(), "users without an age are not counted");
      assertEquals(31.5, all.average().orElseThrow(), 1e-9);
      assertEquals(25, all.min().orElseThrow());
      assertEquals(41, all.max().orElseThrow());
      AgeStats active = store().ageStats(Filter.eq(UserField.ACTIVE, true));
      assertEquals(2, active.count());
      assertEquals(27.5, active.average().orElseThrow(), 1e-9);
      assertEquals(25, active.min().orElseThrow());
      assertEquals(30, active.max().orElseThrow());
      assertEquals(85.0 / 3, store().ageStats(Filter.lt(UserField.AGE, 41)).average().orElseThrow(), 1e-9,
          "the mean of 25, 30 and 30 to the precision of a double, not rounded to a few decimals");
      assertEquals(AgeStats.empty(), store().ageStats(Filter.isNull(UserField.AGE)), "no ages, no statistics");
      assertEquals(AgeStats.empty(), store().ageStats(Filter.eq(UserField.USERNAME, "nobody")));
    }, () -> store().ageStats(Filter.all()));
  }

  @Test
  default void countByGroupsWithTheNullGroupFirst() throws Throwable {
    filterFixture();
    requires(AGGREGATES, () -> {
      Map<Object, Long> byAge = store().countBy(UserField.AGE, Filter.all());
      assertEquals(Arrays.asList(null, 25L, 30L, 41L), new ArrayList<>(byAge.keySet()), "ordered by value, null first");
      assertEquals(List.of(2L, 1L, 2L, 1L), new ArrayList<>(byAge.values()));
      assertTrue(byAge.keySet().stream().skip(1).allMatch(Long.class::isInstance), "AGE keys are Longs");

      Map<Object, Long> byActive = store().countBy(UserField.ACTIVE, Filter.all());
      assertEquals(List.of(false, true), new ArrayList<>(byActive.keySet()));
      assertEquals(List.of(3L, 3L), new ArrayList<>(byActive.values()));

      Map<Object, Long> byAgeActive = store().countBy(UserField.AGE, Filter.eq(UserField.ACTIVE, true));
      assertEquals(Arrays.asList(null, 25L, 30L), new ArrayList<>(byAgeActive.keySet()));
      assertEquals(List.of(1L, 1L, 1L), new ArrayList<>(byAgeActive.values()));

      Map<Object, Long> byName = store().countBy(UserField.FULL_NAME, Filter.in(UserField.USERNAME,
          List.of("cid", "dee", "bob")));
      assertEquals(3, byName.size(), "null and the empty string are different groups: " + byName);
      assertTrue(byName.containsKey(null) && byName.containsKey("") && byName.containsKey("Bob Baker"));
      assertNull(byName.keySet().iterator().next(), "the null group comes first");

      assertEquals(Map.of(), store().countBy(UserField.AGE, Filter.eq(UserField.USERNAME, "nobody")));
    }, () -> store().countBy(UserField.AGE, Filter.all()));
  }

  @Test
  default void topAuthorsOrderedByCountThenUsername() throws Throwable {
    Map<String, Integer> postsPerUser = new LinkedHashMap<>();
    postsPerUser.put("cid", 2);
    postsPerUser.put("ann", 3);
    postsPerUser.put("dee", 0);
    postsPerUser.put("bob", 2);
    postsPerUser.put("eve", 1);
    Map<String, UserId> ids = new LinkedHashMap<>();
    postsPerUser.forEach((name, count) -> {
      User user = store().create(user(name));
      ids.put(name, user.id());
      for (int i = 0; i < count; i++) {
        store().addPost(user.id(), NewPost.of((i == 0 ? "db " : "misc ") + name, "text"));
      }
    });
    requires(AGGREGATES, () -> {
      assertEquals(List.of(new AuthorCount(ids.get("ann"), "ann", 3), new AuthorCount(ids.get("bob"), "bob", 2),
              new AuthorCount(ids.get("cid"), "cid", 2), new AuthorCount(ids.get("eve"), "eve", 1)),
          store().topAuthors(10, Filter.all()), "most first, ties by username, authors without posts left out");
      assertEquals(List.of(new AuthorCount(ids.get("ann"), "ann", 3), new AuthorCount(ids.get("bob"), "bob", 2)),
          store().topAuthors(2, Filter.all()));
      assertEquals(List.of(new AuthorCount(ids.get("ann"), "ann", 1), new AuthorCount(ids.get("bob"), "bob", 1),
              new AuthorCount(ids.get("cid"), "cid", 1), new AuthorCount(ids.get("eve"), "eve", 1)),
          store().topAuthors(10, Filter.startsWith(PostField.TITLE, "db ")),
          "with a post filter everyone has one matching post: ties by username");
      assertEquals(List.of(), store().topAuthors(5, Filter.eq(PostField.TITLE, "nothing")));
    }, () -> store().topAuthors(3, Filter.all()));
  }

  @Test
  default void topAuthorsLimitIsOneToAThousand() throws Throwable {
    User ann = store().create(user("ann"));
    store().addPost(ann.id(), NewPost.of("one", "text"));
    requires(AGGREGATES, () -> {
      for (int limit : new int[] {0, -1, 1001, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
        assertThrows(InvalidQueryException.class, () -> store().topAuthors(limit, Filter.all()),
            "limit " + limit + " is outside 1 to 1000");
      }
      assertEquals(List.of(new AuthorCount(ann.id(), "ann", 1)), store().topAuthors(1, Filter.all()));
      assertEquals(List.of(new AuthorCount(ann.id(), "ann", 1)), store().topAuthors(1000, Filter.all()));
    }, () -> store().topAuthors(3, Filter.all()));
  }
}
