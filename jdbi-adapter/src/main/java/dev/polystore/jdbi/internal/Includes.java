package dev.polystore.jdbi.internal;

import dev.polystore.user.Post;
import dev.polystore.user.PostId;
import dev.polystore.user.User;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Internal: completes a page of users or posts with their posts and tags, one batched statement each (no N+1),
 * named {@code "posts"} and {@code "tags"} ({@link JdbiUserStore#STATEMENT_NAME}). Thread-safe (stateless).
 */
final class Includes {

  /**
   * On SQLite and PostgreSQL, the most posts of a page of users whose tags are asked for by the posts' ids (a
   * range of {@code post_tags}' primary key whatever the optimizer knows); the tags of more, or of none, are
   * asked for by the page's author ids, joined through {@code posts}.
   */
  static final int MAX_POST_IDS = 1000;

  private Includes() {
  }

  /** The users, each with its posts (oldest first), and with their tags when {@code withTags}. */
  static List<User> withPosts(Handle h, SqlDialect dialect, List<User> users, boolean withTags) {
    SqlParams params = new SqlParams();
    List<UUID> ids = users.stream().map(u -> u.id().value()).toList();
    String in = params.addAll(ids);
    List<Post> posts = params.bindTo(h.createQuery("SELECT " + UserTables.POST_COLUMNS
        + " FROM posts p WHERE p.author_id IN (" + in + ") ORDER BY p.created_at ASC, p.id ASC"))
        .define(JdbiUserStore.STATEMENT_NAME, "posts").map(UserTables.POSTS).list();
    Map<UUID, Set<String>> tagsByPost = null;
    if (withTags) {
      if (dialect.speaksMysql()) {
        // The same author ids (placeholders and values), joined in the order of the indexes: posts by author,
        // their links by primary key, then each tag. STRAIGHT_JOIN keeps that order whatever the optimizer's
        // statistics; left to itself MariaDB started from tags on freshly loaded tables and looped over the
        // authors for each tag. Binding the post ids instead would cost a parameter per post.
        tagsByPost = tagsByPost(h, params, "SELECT pt.post_id, t.name FROM posts p STRAIGHT_JOIN post_tags pt"
            + " ON pt.post_id = p.id STRAIGHT_JOIN tags t ON t.id = pt.tag_id WHERE p.author_id IN (" + in + ")");
      } else if (posts.isEmpty() || posts.size() > MAX_POST_IDS) {
        // the same author ids, so the same placeholders and values
        tagsByPost = tagsByPost(h, params, "SELECT pt.post_id, t.name FROM post_tags pt "
            + "JOIN tags t ON t.id = pt.tag_id JOIN posts p ON p.id = pt.post_id WHERE p.author_id IN (" + in + ")");
      } else {
        tagsByPost = tagsOfPosts(h, dialect, posts);
      }
    }
    Map<UUID, List<Post>> byAuthor = new HashMap<>();
    for (Post p : posts) {
      Post post = tagsByPost == null ? p : p.withTags(tagsByPost.getOrDefault(p.id().value(), Set.of()));
      byAuthor.computeIfAbsent(p.authorId().value(), k -> new ArrayList<>()).add(post);
    }
    List<User> out = new ArrayList<>(users.size());
    for (User u : users) {
      out.add(u.toBuilder().posts(byAuthor.getOrDefault(u.id().value(), List.of())).build());
    }
    return out;
  }

  private static Map<UUID, Set<String>> tagsByPost(Handle h, SqlParams params, String sql) {
    Map<UUID, Set<String>> out = new HashMap<>();
    params.bindTo(h.createQuery(sql)).define(JdbiUserStore.STATEMENT_NAME, "tags").map(SqlValues.rows((rs, columns) -> {
      out.computeIfAbsent(columns.uuid(rs, 1), k -> new TreeSet<>()).add(rs.getString(2));
      return Boolean.TRUE;
    })).forEach(x -> { });
    return out;
  }

  /** The posts, each with its tags. */
  static List<Post> withTags(Handle h, SqlDialect dialect, List<Post> posts) {
    Map<UUID, Set<String>> byPost = tagsOfPosts(h, dialect, posts);
    return posts.stream().map(p -> p.withTags(byPost.getOrDefault(p.id().value(), Set.of()))).toList();
  }

  /**
   * The tags of each of the posts (at least one), by the posts' ids: a range of {@code post_tags}' primary key,
   * then each tag by its id. MySQL/MariaDB are told to join in that order ({@code STRAIGHT_JOIN}): with few
   * distinct tags their optimizers would rather scan {@code post_tags} tag by tag.
   */
  private static Map<UUID, Set<String>> tagsOfPosts(Handle h, SqlDialect dialect, List<Post> posts) {
    SqlParams params = new SqlParams();
    String in = params.addAll(posts.stream().map(p -> p.id().value()).toList());
    String join = dialect.speaksMysql() ? " STRAIGHT_JOIN " : " JOIN ";
    return tagsByPost(h, params, "SELECT pt.post_id, t.name FROM post_tags pt"
        + join + "tags t ON t.id = pt.tag_id WHERE pt.post_id IN (" + in + ")");
  }

  /** The tags of one post, in code point order. */
  static Set<String> tagsOf(Handle h, PostId id) {
    return Collections.unmodifiableSet(new TreeSet<>(h.createQuery(UserTables.SELECT_TAGS_OF_POST)
        .bind("id", id.value()).mapTo(String.class).list()));
  }
}
