package dev.polystore.dynamodb.internal;

import static dev.polystore.dynamodb.internal.DynamoItemCodec.toPost;
import static dev.polystore.dynamodb.internal.DynamoUserStore.POST_FILTERS;
import static dev.polystore.dynamodb.internal.DynamoUserStore.USER_FILTERS;
import static dev.polystore.dynamodb.internal.ReadPlans.USERS;

import dev.polystore.Capability;
import dev.polystore.UnsupportedCapabilityException;
import dev.polystore.query.CountMode;
import dev.polystore.query.Filter;
import dev.polystore.query.Page;
import dev.polystore.spi.CursorCodec;
import dev.polystore.spi.support.FieldValues;
import dev.polystore.user.Include;
import dev.polystore.user.Post;
import dev.polystore.user.PostField;
import dev.polystore.user.PostQuery;
import dev.polystore.user.User;
import dev.polystore.user.UserField;
import dev.polystore.user.UserQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Internal: pages and counts of users and posts, read from the key range their {@link ReadPlans plan} names, with
 * a user's posts or a post's tags when the query includes them. Thread-safe.
 */
final class UserQueries {

  private final DynamoReads reads;
  private final DynamoReadPool pool;
  private final UserItemReads itemReads;
  private final ReadPlans plans;

  /** Queries reading with {@code reads} ({@code DynamoReads} of the view's consistency) and {@code itemReads}. */
  UserQueries(DynamoDatabase db, DynamoReads reads, UserItemReads itemReads, ReadPlans plans) {
    this.reads = reads;
    this.pool = db.pool();
    this.itemReads = itemReads;
    this.plans = plans;
  }

  Page<User> find(UserQuery query) {
    DynamoFilters.Split<UserField> split = USER_FILTERS.split(query.filter());
    plans.enforce(plans.users(query, split), "find(users)");
    byte[] fingerprint = CursorCodec.fingerprint("users", query.filter(), query.sort());
    Page<User> window = reads.window(USERS, USER_FILTERS, split, query.sort(), UserField.ID,
        query.page(), DynamoItemCodec::user, FieldValues::of, fingerprint, "finding users");
    List<User> items = window.items();
    if (query.includes().contains(Include.POSTS)) {
      // one Query per user (DynamoDB reads one partition at a time), read.parallelism of them at once
      boolean tags = query.includes().contains(Include.TAGS);
      List<List<Post>> posts = pool.map(items, user -> itemReads.postsOf(user.id().value(), tags), "reading the posts of users");
      List<User> withPosts = new ArrayList<>(items.size());
      for (int i = 0; i < items.size(); i++) {
        withPosts.add(items.get(i).toBuilder().posts(posts.get(i)).build());
      }
      items = withPosts;
    }
    OptionalLong total = query.countMode() == CountMode.EXACT
        ? OptionalLong.of(reads.count(USERS, USER_FILTERS, split, DynamoItemCodec::user, FieldValues::of,
        "counting users"))
        : OptionalLong.empty();
    return new Page<>(items, window.nextCursor(), window.hasNext(), total);
  }

  long count(Filter<UserField> filter) {
    DynamoFilters.Split<UserField> split = USER_FILTERS.split(filter);
    plans.enforce(ReadPlans.count(split), "count(users)");
    return reads.count(USERS, USER_FILTERS, split, DynamoItemCodec::user, FieldValues::of, "counting users");
  }

  Page<Post> findPosts(PostQuery query) {
    if (query.search().isPresent()) {
      throw new UnsupportedCapabilityException(Capability.FULL_TEXT, DynamoUserStore.BACKEND,
          "DynamoDB has no full-text index; use a contains filter on TITLE or CONTENT (a scan)");
    }
    DynamoReads.Source source = ReadPlans.postSource(query.tag(), query.filter());
    DynamoFilters.Split<PostField> split = POST_FILTERS.split(query.filter());
    plans.enforce(plans.posts(query, source, split), "findPosts");
    byte[] fingerprint = CursorCodec.fingerprint("posts", query.filter(), query.tag().orElse(""), query.sort());
    boolean tags = query.includes().contains(Include.TAGS);
    Page<PostItem> window = reads.window(source, POST_FILTERS, split, query.sort(), PostField.ID,
        query.page(), PostItem.SCHEMA::mapToItem, DynamoItemCodec::values, fingerprint, "finding posts");
    List<Post> items;
    if (tags && query.tag().isPresent()) {
      Map<String, PostItem> posts = itemReads.postsByKey(window.items());
      items = window.items().stream().map(link -> toPost(posts.getOrDefault(link.id(), link), true)).toList();
    } else {
      items = window.items().stream().map(p -> toPost(p, tags)).toList();
    }
    OptionalLong total = query.countMode() == CountMode.EXACT
        ? OptionalLong.of(reads.count(source, POST_FILTERS, split, PostItem.SCHEMA::mapToItem, DynamoItemCodec::values,
        "counting posts"))
        : OptionalLong.empty();
    return new Page<>(items, window.nextCursor(), window.hasNext(), total);
  }
}
