package dev.polystore.tck;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.query.CountMode;
import dev.polystore.query.Page;
import dev.polystore.user.Include;
import dev.polystore.user.NewPost;
import dev.polystore.user.Post;
import dev.polystore.user.PostQuery;
import dev.polystore.user.User;
import dev.polystore.user.UserQuery;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Request counts of the user store: how many requests ({@link RequestCount}: statements, batches, SDK calls) an
 * operation sends, counted by the adapter's hook on its driver or SDK ({@link RequestCounter}), against the
 * portable model and what the backend declares ({@link RequestCosts}). A page with includes costs the page's own
 * requests plus one per include, whatever the page's size and however many posts and tags it holds;
 * {@code findByUsername} one; {@code createAll} the same whether it stores 3 users or 30. Transaction and session
 * control ({@link RequestCount#control()}: a read snapshot's begin and commit, a write transaction's commit) is
 * held to two rules: none for a single read, and never more for a larger page or list.
 *
 * <p>Part of {@link UserStoreContract}.
 */
public interface UserRequestCountContract extends UserContractSupport {

  /** Users with two posts each, each post tagged twice. */
  private List<User> usersWithPosts(int count) {
    List<User> users = store().createAll(numbered("u", count));
    for (User user : users) {
      for (int i = 1; i <= 2; i++) {
        Post post = store().addPost(user.id(), NewPost.of("title " + i, "content " + i));
        store().tag(post.id(), Set.of("red", "blue"));
      }
    }
    return users;
  }

  @Test
  default void findByUsernameSendsOneRequest() {
    store().create(user("ann"));
    RequestCount found = counted(() -> assertTrue(store().findByUsername("ann").isPresent()));
    RequestCount missing = counted(() -> assertTrue(store().findByUsername("nobody").isEmpty()));
    assertAll(
        () -> assertEquals(new RequestCount(costs().findByUsername(), 0), found,
            "findByUsername of a stored user: " + costs().findByUsername() + " request(s) in auto-commit"),
        () -> assertTrue(missing.data() >= 1 && missing.data() <= found.data() && missing.control() == 0,
            "findByUsername of a missing user: at least one request and no more than of a stored one, not "
                + missing));
  }

  @Test
  default void pageWithIncludesSendsOneRequestPerInclude() {
    usersWithPosts(12);
    RequestCosts costs = costs();
    UserQuery small = UserQuery.builder().page(firstPage(5)).build();
    UserQuery whole = UserQuery.builder().page(firstPage(20)).build();

    RequestCount plain = counted(() -> assertEquals(5, store().find(small).size()));
    RequestCount posts = counted(() -> assertPostsLoaded(store().find(withIncludes(small, Include.POSTS)), 5, false));
    RequestCount both = counted(() -> assertPostsLoaded(store().find(withIncludes(small, Include.POSTS, Include.TAGS)),
        5, true));
    RequestCount wholeBoth = counted(() -> assertPostsLoaded(store().find(withIncludes(whole, Include.POSTS,
        Include.TAGS)), 12, true));
    RequestCount wholePlain = counted(() -> assertEquals(12, store().find(whole).size()));
    RequestCount counted = counted(() -> assertEquals(12L, store().find(withIncludes(small, Include.POSTS,
        Include.TAGS).toBuilder().countMode(CountMode.EXACT).build()).total().orElseThrow()));
    assertAll(
        () -> assertEquals(1, plain.data(), "a page by id without a filter reads itself with one request"),
        () -> assertEquals(1, wholePlain.data(), "a larger page still reads itself with one request"),
        () -> assertEquals(plain.data() + costs.postsOfUsers().requests(5), posts.data(),
            "include(POSTS) on a page of 5 users: the page's requests plus " + costs.postsOfUsers()),
        () -> assertEquals(posts.data() + costs.tagsOfUsersPosts().requests(5), both.data(),
            "include(POSTS, TAGS) on a page of 5 users: plus " + costs.tagsOfUsersPosts() + " for the tags"),
        () -> assertEquals(wholePlain.data() + costs.postsOfUsers().requests(12)
                + costs.tagsOfUsersPosts().requests(12), wholeBoth.data(),
            "include(POSTS, TAGS) on a page of 12 users with 24 posts and 48 tag links"),
        () -> assertEquals(both.data() + 1, counted.data(), "an exact total adds one request"),
        () -> assertEquals(both.control(), wholeBoth.control(),
            "transaction control of a page with includes does not grow with the page"),
        () -> assertEquals(both.control(), counted.control(),
            "transaction control of a page with includes does not grow with an exact total"),
        () -> assertEquals(0, plain.control(), "a page of one request needs no transaction"));
  }

  @Test
  default void postPageWithTagsSendsOneRequestMore() {
    usersWithPosts(6);
    PostQuery small = PostQuery.builder().page(firstPage(4)).build();
    PostQuery whole = PostQuery.builder().page(firstPage(20)).build();
    RequestCount plain = counted(() -> assertEquals(4, store().findPosts(small).size()));
    RequestCount tags = counted(() -> assertTagsLoaded(store().findPosts(small.toBuilder().include(Include.TAGS)
        .build()), 4));
    RequestCount wholeTags = counted(() -> assertTagsLoaded(store().findPosts(whole.toBuilder().include(Include.TAGS)
        .build()), 12));
    assertAll(
        () -> assertEquals(1, plain.data(), "a page of posts by id without a filter reads itself with one request"),
        () -> assertEquals(plain.data() + costs().tagsOfPosts().requests(4), tags.data(),
            "include(TAGS) on a page of 4 posts: plus " + costs().tagsOfPosts()),
        () -> assertEquals(plain.data() + costs().tagsOfPosts().requests(12), wholeTags.data(),
            "include(TAGS) on a page of 12 posts: plus " + costs().tagsOfPosts()),
        () -> assertEquals(tags.control(), wholeTags.control(),
            "transaction control of a page with tags does not grow with the page"));
  }

  @Test
  default void createAllSendsAsManyRequestsForThirtyUsersAsForThree() {
    RequestCount three = counted(() -> assertEquals(3, store().createAll(numbered("a", 3)).size()));
    RequestCount thirty = counted(() -> assertEquals(30, store().createAll(numbered("b", 30)).size()));
    assertAll(
        () -> assertEquals(costs().createAll(), three.data(), "createAll of 3 users: " + costs().createAll()
            + " data request(s)"),
        () -> assertEquals(three, thirty, "createAll of 30 users sends what createAll of 3 does"));
  }

  private static UserQuery withIncludes(UserQuery query, Include... includes) {
    return query.toBuilder().include(includes).build();
  }

  private static void assertPostsLoaded(Page<User> page, int users, boolean tags) {
    assertEquals(users, page.size(), "users on the page");
    for (User user : page.items()) {
      List<Post> posts = user.posts().orElseThrow(() -> new AssertionError("posts not loaded: " + user));
      assertEquals(2, posts.size(), "posts of " + user.username());
      if (tags) {
        posts.forEach(p -> assertEquals(Set.of("red", "blue"), p.tags().orElseThrow(), "tags of a post"));
      }
    }
  }

  private static void assertTagsLoaded(Page<Post> page, int posts) {
    assertEquals(posts, page.size(), "posts on the page");
    page.items().forEach(p -> assertEquals(Set.of("red", "blue"), p.tags().orElseThrow(), "tags of a post"));
  }
}
