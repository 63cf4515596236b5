package dev.polystore.dynamodb.internal;

import static dev.polystore.dynamodb.internal.DynamoItemCodec.keyOf;
import static dev.polystore.dynamodb.internal.DynamoItemCodec.pointerKey;
import static dev.polystore.dynamodb.internal.DynamoItemCodec.postKey;
import static dev.polystore.dynamodb.internal.DynamoItemCodec.toPost;
import static dev.polystore.dynamodb.internal.DynamoItemCodec.userKey;
import static dev.polystore.dynamodb.internal.DynamoTable.PK;
import static dev.polystore.dynamodb.internal.DynamoTable.SK;

import dev.polystore.ReadConsistency;
import dev.polystore.user.Post;
import dev.polystore.user.PostField;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Internal: reads of the user store's items by key — a profile, a post through its pointer — and of whole item
 * collections (a user's posts, a post's pointer and tag links), some concurrently on the read pool; strongly
 * consistent or not as made ({@code ConsistentRead} on {@code GetItem}, {@code Query} and {@code BatchGetItem}).
 * Writes read what they check through strong ones. Thread-safe.
 */
final class UserItemReads {

  private static final DynamoFilters.Split<PostField> NO_FILTER = new DynamoFilters.Split<>(null, null);

  private final DynamoDatabase db;
  private final ReadConsistency consistency;
  private final DynamoReads reads;

  UserItemReads(DynamoDatabase db, ReadConsistency consistency) {
    this.db = db;
    this.consistency = consistency;
    this.reads = db.reads(consistency);
  }

  Optional<UserItem> loadUser(UUID id) {
    return db.getItem(userKey(id), consistency, "reading user " + id).map(UserItem.SCHEMA::mapToItem);
  }

  Optional<PostItem> loadPost(UUID id) {
    return db.getItem(pointerKey(id), consistency, "reading post " + id)
        .map(RefItem.SCHEMA::mapToItem)
        .flatMap(pointer -> db.getItem(postKey(UUID.fromString(pointer.ref()), id), consistency, "reading post " + id))
        .map(PostItem.SCHEMA::mapToItem);
  }

  /**
   * Every item of a partition of the table, in key order; only the attributes of {@code projection} unless it is
   * null.
   */
  List<Map<String, AttributeValue>> partition(DynamoReads.Source source, String projection, String what) {
    var request = reads.request(source, DynamoUserStore.POST_FILTERS, NO_FILTER, true);
    return reads.all((projection == null ? request : request.projectionExpression(projection)).build(), what);
  }

  /** The post items of a user's item collection. */
  static DynamoReads.Source userPosts(UUID user) {
    return DynamoReads.Source.table(DynamoTable.USER + user, DynamoTable.POST);
  }

  /** The keys of the items of a post's partition: its pointer and tag links. */
  List<Map<String, AttributeValue>> postCollection(String post) {
    return partition(DynamoReads.Source.table(DynamoTable.POST + post, null), PK + ", " + SK,
        "reading " + DynamoTable.POST + post);
  }

  List<Post> postsOf(UUID user, boolean tags) {
    return partition(userPosts(user), null, "reading the posts of user " + user).stream()
        .map(PostItem.SCHEMA::mapToItem).map(p -> toPost(p, tags)).toList();
  }

  /** The user's posts with the items of each post, for their delete; the posts' item collections are read concurrently. */
  List<PostItems> postsWithItems(UUID user) {
    String what = "reading the posts of user " + user;
    List<Map<String, AttributeValue>> posts = partition(userPosts(user), PK + ", " + SK + ", tag_seq", what);
    List<String> ids = posts.stream().map(post -> post.get(SK).s().substring(DynamoTable.POST.length())).toList();
    List<List<Map<String, AttributeValue>>> items = db.pool().map(ids, this::postCollection, what);
    List<PostItems> out = new ArrayList<>(posts.size());
    for (int i = 0; i < posts.size(); i++) {
      AttributeValue tagSeq = posts.get(i).get("tag_seq");
      out.add(new PostItems(keyOf(posts.get(i)), ids.get(i), tagSeq == null ? null : Long.valueOf(tagSeq.n()),
          items.get(i)));
    }
    return out;
  }

  /** A post with the items of its partition, for its delete. */
  PostItems withItems(PostItem post) {
    return new PostItems(keyOf(post), post.id(), post.tagSeq(), postCollection(post.id()));
  }

  /** The post items of tag links, read with one batched request per 100 posts. */
  Map<String, PostItem> postsByKey(List<PostItem> links) {
    List<Map<String, AttributeValue>> keys = links.stream()
        .map(l -> postKey(UUID.fromString(l.authorId()), UUID.fromString(l.id()))).toList();
    Map<String, PostItem> out = new HashMap<>();
    for (Map<String, AttributeValue> raw : reads.batchGet(keys, "reading the tags of posts")) {
      PostItem post = PostItem.SCHEMA.mapToItem(raw);
      out.put(post.id(), post);
    }
    return out;
  }
}
