package dev.polystore.tck;

import static dev.polystore.Capability.CURSOR_PAGES;
import static dev.polystore.Capability.EXACT_COUNT;
import static dev.polystore.Capability.FULL_TEXT;
import static dev.polystore.Capability.IGNORE_CASE;
import static dev.polystore.Capability.SUBSTRING_MATCH;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystore.EntityNotFoundException;
import dev.polystore.query.CountMode;
import dev.polystore.query.Filter;
import dev.polystore.query.Page;
import dev.polystore.query.PageRequest;
import dev.polystore.query.Sort;
import dev.polystore.user.Include;
import dev.polystore.user.NewPost;
import dev.polystore.user.Post;
import dev.polystore.user.PostField;
import dev.polystore.user.PostId;
import dev.polystore.user.PostQuery;
import dev.polystore.user.User;
import dev.polystore.user.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The user-store contract on posts and tags: adding and deleting posts, idempotent case-sensitive tags,
 * posts by tag, post queries with filters, sorts and pages, full-text search and ignore-case post filters.
 *
 * <p>Part of {@link UserStoreContract}, which composes it with the other user-store features: an adapter
 * subclasses that class, never this interface. JUnit creates one instance per test.
 */
public interface PostsAndTagsContract extends UserContractSupport {

  @Test
  default void addPostAndReadItBack() {
    User ann = store().create(user("ann"));
    Instant before = Instant.now();
    Post post = store().addPost(ann.id(), NewPost.of("Hello", "World"));
    assertAll(
        () -> assertEquals(ann.id(), post.authorId()),
        () -> assertEquals("Hello", post.title()),
        () -> assertEquals("World", post.content()),
        () -> assertEquals(truncate(post.createdAt()), post.createdAt()),
        () -> assertTrue(!post.createdAt().isBefore(before.minus(Duration.ofMinutes(1)))));
    Post read = store().getPost(post.id()).orElseThrow();
    assertEquals(Optional.of(Set.of()), read.tags(), "getPost loads the tags, here none");
    assertEquals(post.withTags(null), read.withTags(null));
    Post empty = store().addPost(ann.id(), NewPost.of("Empty", ""));
    assertEquals("", store().getPost(empty.id()).orElseThrow().content(), "empty content is kept, not null");
  }

  @Test
  default void addPostToMissingUserIsNotFound() {
    assertThrows(EntityNotFoundException.class,
        () -> store().addPost(UserId.of(UUID.randomUUID()), NewPost.of("orphan", "text")));
    User ann = store().create(user("ann"));
    store().delete(ann.id());
    assertThrows(EntityNotFoundException.class, () -> store().addPost(ann.id(), NewPost.of("orphan", "text")));
    assertEquals(List.of(), postIds(PostQuery.builder().build()));
  }

  @Test
  default void tagsAreIdempotentSortedAndCaseSensitive() {
    User ann = store().create(user("ann"));
    Post post = store().addPost(ann.id(), NewPost.of("tagged", "text"));
    store().tag(post.id(), Set.of("java", "db"));
    store().tag(post.id(), Set.of("java", "x"));
    store().tag(post.id(), Set.of());
    assertEquals(List.of("db", "java", "x"), List.copyOf(store().tagsOf(post.id())), "sorted, without repeats");
    store().tag(post.id(), Set.of("Java"));
    assertEquals(Set.of("db", "java", "Java", "x"), store().tagsOf(post.id()), "tags are case-sensitive");
    store().untag(post.id(), Set.of("db", "never-there"));
    assertEquals(Set.of("java", "Java", "x"), store().tagsOf(post.id()));
    store().untag(post.id(), Set.of("java", "Java", "x"));
    assertEquals(Set.of(), store().tagsOf(post.id()));
    assertEquals(Optional.of(Set.of()), store().getPost(post.id()).orElseThrow().tags());
    assertThrows(EntityNotFoundException.class, () -> store().tag(PostId.of(UUID.randomUUID()), Set.of("x")));
  }

  @Test
  default void postsByTag() {
    User ann = store().create(user("ann"));
    User bob = store().create(user("bob"));
    Post p1 = store().addPost(ann.id(), NewPost.of("p1", "a"));
    Post p2 = store().addPost(bob.id(), NewPost.of("p2", "b"));
    Post p3 = store().addPost(ann.id(), NewPost.of("p3", "c"));
    store().tag(p1.id(), Set.of("java"));
    store().tag(p2.id(), Set.of("java", "sql"));
    store().tag(p3.id(), Set.of("Java"));
    assertAll(
        () -> assertEquals(List.of(p1.id(), p2.id()), postIds(PostQuery.builder().tag("java").build())),
        () -> assertEquals(List.of(p3.id()), postIds(PostQuery.builder().tag("Java").build())),
        () -> assertEquals(List.of(p2.id()), postIds(PostQuery.builder().tag("sql").build())),
        () -> assertEquals(List.of(), postIds(PostQuery.builder().tag("none").build())),
        () -> assertEquals(List.of(p1.id()), postIds(PostQuery.builder().tag("java").author(ann.id()).build())));
    List<Post> withTags = findAllPosts(PostQuery.builder().tag("java").include(Include.TAGS).build());
    assertEquals(List.of(Optional.of(Set.of("java")), Optional.of(Set.of("java", "sql"))),
        withTags.stream().map(Post::tags).toList(), "include(TAGS) loads every tag, not just the queried one");
  }

  @Test
  default void findPostsFiltersSortsAndPages() throws Throwable {
    User ann = store().create(user("ann"));
    User bob = store().create(user("bob"));
    List<Post> posts = new ArrayList<>();
    for (int i = 1; i <= 7; i++) {
      posts.add(store().addPost(i % 2 == 0 ? bob.id() : ann.id(), NewPost.of(String.format("t%02d", i), "c" + i)));
    }
    assertAll(
        () -> assertEquals(ids(posts, 0, 2, 4, 6), postIds(PostQuery.builder().author(ann.id()).build())),
        () -> assertEquals(ids(posts, 2), postIds(PostQuery.builder().filter(Filter.eq(PostField.TITLE, "t03")).build())),
        () -> assertEquals(ids(posts, 6, 5, 4, 3, 2, 1, 0),
            postIds(PostQuery.builder().sort(Sort.desc(PostField.TITLE)).build())),
        () -> assertEquals(ids(posts, 1, 3),
            postIds(PostQuery.builder().filter(Filter.and(Filter.eq(PostField.AUTHOR_ID, bob.id()),
                Filter.lt(PostField.TITLE, "t05"))).build())),
        () -> assertEquals(ids(posts, 0, 1, 2, 3, 4, 5, 6), postIds(PostQuery.builder()
            .filter(Filter.ge(PostField.CREATED_AT, posts.get(0).createdAt())).build())));
    requires(CURSOR_PAGES, () -> {
      PostQuery query = PostQuery.builder().sort(Sort.desc(PostField.CREATED_AT)).build();
      List<Post> paged = readPages(PageRequest.first(3), page -> store().findPosts(query.withPage(page)));
      List<PostId> expected = posts.stream()
          .sorted(Comparator.comparing(Post::createdAt).thenComparing(p -> p.id().value().toString()).reversed())
          .map(Post::id).toList();
      assertEquals(expected, paged.stream().map(Post::id).toList(), "posts by cursor, newest first, no repeats");
    }, () -> store().findPosts(PostQuery.builder().first(3).build()));
    requires(EXACT_COUNT, () -> {
      Page<Post> page = store().findPosts(PostQuery.builder().author(ann.id()).countMode(CountMode.EXACT)
          .page(firstPage(2)).build());
      assertEquals(2, page.size());
      assertEquals(4, page.total().orElseThrow());
    }, () -> store().count(Filter.all()));
  }

  @Test
  default void deletePostRemovesItAndItsTagLinks() {
    User ann = store().create(user("ann"));
    Post p1 = store().addPost(ann.id(), NewPost.of("p1", "a"));
    Post p2 = store().addPost(ann.id(), NewPost.of("p2", "b"));
    store().tag(p1.id(), Set.of("gone"));
    store().tag(p2.id(), Set.of("kept"));
    assertTrue(store().deletePost(p1.id()));
    assertAll(
        () -> assertEquals(Optional.empty(), store().getPost(p1.id())),
        () -> assertEquals(Set.of(), store().tagsOf(p1.id())),
        () -> assertEquals(List.of(), postIds(PostQuery.builder().tag("gone").build())),
        () -> assertEquals(List.of(p2.id()), postIds(PostQuery.builder().author(ann.id()).build())),
        () -> assertEquals(Set.of("kept"), store().tagsOf(p2.id())),
        () -> assertFalse(store().deletePost(p1.id())),
        () -> assertTrue(store().get(ann.id()).isPresent()));
  }

  @Test
  default void fullTextSearchFindsPostsByWholeWords() throws Throwable {
    User ann = store().create(user("ann"));
    Post indexing = store().addPost(ann.id(), NewPost.of("Indexing strategies for databases",
        "Composite keys and covering indexes."));
    Post cooking = store().addPost(ann.id(), NewPost.of("Cooking pasta", "Boil water, add salt, then the noodles."));
    Post travel = store().addPost(ann.id(), NewPost.of("Travelling light", "One backpack is enough for a month."));
    requires(FULL_TEXT, () -> assertAll(
        () -> assertEquals(List.of(indexing.id()), postIds(PostQuery.builder().search("strategies").build()),
            "a whole word of the title"),
        () -> assertEquals(List.of(cooking.id()), postIds(PostQuery.builder().search("noodles").build()),
            "a whole word of the content"),
        () -> assertEquals(List.of(travel.id()), postIds(PostQuery.builder().search("backpack").build())),
        () -> assertEquals(List.of(), postIds(PostQuery.builder().search("submarine").build())),
        () -> assertEquals(List.of(cooking.id()), postIds(PostQuery.builder().search("pasta")
            .author(ann.id()).build()), "search combines with a filter"),
        () -> assertEquals(List.of(), postIds(PostQuery.builder().search("'; DROP TABLE posts;--").build()),
            "search text is data, not query syntax")),
        () -> store().findPosts(PostQuery.builder().search("strategies").build()));
  }

  @Test
  default void postIgnoreCaseFiltersFoldNonAsciiLetters() throws Throwable {
    User ann = store().create(user("ann"));
    Post upper = store().addPost(ann.id(), NewPost.of("ÜBER Straße", "ÉCOLE ΣΟΦΙΑ"));
    Post lower = store().addPost(ann.id(), NewPost.of("élan vital", "über σοφια"));
    Post ascii = store().addPost(ann.id(), NewPost.of("uber strasse", "ecole sofia"));
    requires(IGNORE_CASE, () -> assertAll(
        () -> assertEquals(List.of(upper.id()), postIds(postsWhere(Filter.eqIgnoreCase(PostField.TITLE,
            "über straße"))), "lowercase input finds uppercase letters"),
        () -> assertEquals(List.of(lower.id()), postIds(postsWhere(Filter.eqIgnoreCase(PostField.TITLE,
            "ÉLAN VITAL"))), "uppercase input finds lowercase letters"),
        () -> assertEquals(List.of(upper.id()), postIds(postsWhere(Filter.startsWithIgnoreCase(PostField.TITLE,
            "üBER")))),
        () -> assertEquals(List.of(lower.id()), postIds(postsWhere(Filter.startsWithIgnoreCase(PostField.CONTENT,
            "ÜBER σ")))),
        () -> assertEquals(List.of(ascii.id()), postIds(postsWhere(Filter.eqIgnoreCase(PostField.TITLE,
            "UBER STRASSE"))), "case is folded, not accents, and ß is not ss")),
        () -> store().findPosts(postsWhere(Filter.eqIgnoreCase(PostField.TITLE, "über straße"))));
    requires(IGNORE_CASE, () -> requires(SUBSTRING_MATCH, () -> assertAll(
            () -> assertEquals(List.of(upper.id()), postIds(postsWhere(Filter.containsIgnoreCase(PostField.CONTENT,
                "école")))),
            () -> assertEquals(List.of(upper.id(), lower.id()), postIds(postsWhere(
                Filter.containsIgnoreCase(PostField.CONTENT, "ΣΟΦΙΑ")))),
            () -> assertEquals(List.of(upper.id(), lower.id()), postIds(postsWhere(
                Filter.containsIgnoreCase(PostField.CONTENT, "σοφια")))),
            () -> assertEquals(List.of(upper.id()), postIds(postsWhere(Filter.containsIgnoreCase(PostField.TITLE,
                "R STRAßE")))),
            () -> assertEquals(List.of(ascii.id()), postIds(postsWhere(Filter.containsIgnoreCase(PostField.TITLE,
                "UBER"))), "case is folded, not accents")),
            () -> store().findPosts(postsWhere(Filter.containsIgnoreCase(PostField.CONTENT, "école")))),
        () -> store().findPosts(postsWhere(Filter.eqIgnoreCase(PostField.TITLE, "über straße"))));
  }

  private PostQuery postsWhere(Filter<PostField> filter) {
    return PostQuery.builder().filter(filter).build();
  }
}
