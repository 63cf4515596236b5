package dev.polystore.dynamodb.internal;

import static dev.polystore.dynamodb.internal.DynamoTable.PK;
import static dev.polystore.dynamodb.internal.DynamoTable.SK;
import static dev.polystore.dynamodb.internal.DynamoTable.key;

import dev.polystore.spi.support.FieldValues;
import dev.polystore.user.Post;
import dev.polystore.user.PostField;
import dev.polystore.user.PostId;
import dev.polystore.user.User;
import dev.polystore.user.UserId;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Internal: the keys of the user store's items and the mapping between users and posts and their items (see the
 * layout in {@code docs/dynamodb.md}). Stateless.
 */
final class DynamoItemCodec {

  private DynamoItemCodec() {
  }

  // ---- keys ------------------------------------------------------------------------------------------------------

  static Map<String, AttributeValue> userKey(UUID id) {
    return key(DynamoTable.USER + id, DynamoTable.PROFILE);
  }

  static Map<String, AttributeValue> postKey(UUID author, UUID post) {
    return key(DynamoTable.USER + author, DynamoTable.POST + post);
  }

  /** The key of a post's pointer, which names the post's author. */
  static Map<String, AttributeValue> pointerKey(UUID post) {
    return key(DynamoTable.POST + post, DynamoTable.POINTER);
  }

  static Map<String, AttributeValue> linkKey(String post, String tag) {
    return key(DynamoTable.POST + post, DynamoTable.TAG + tag);
  }

  static Map<String, AttributeValue> uniqueKey(String prefix, String value) {
    return key(prefix + DynamoFilters.lower(value), DynamoTable.UNIQUE);
  }

  static Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item) {
    return Map.of(PK, item.get(PK), SK, item.get(SK));
  }

  static Map<String, AttributeValue> keyOf(PostItem post) {
    return key(post.pk(), post.sk());
  }

  // ---- users -----------------------------------------------------------------------------------------------------

  static UserItem toItem(User u, Long postSeq) {
    String id = u.id().value().toString();
    return new UserItem(DynamoTable.USER + id, DynamoTable.PROFILE, "USER", DynamoTable.USERS_PARTITION, id, id,
        u.username(), DynamoFilters.lower(u.username()), u.email(), DynamoFilters.lower(u.email()), u.fullName(),
        u.fullName() == null ? null : DynamoFilters.lower(u.fullName()), u.age(), u.active(),
        DynamoTime.nanos(u.createdAt()), DynamoTime.nanos(u.updatedAt()), u.version(), postSeq);
  }

  static User toUser(UserItem i) {
    return User.builder().id(UserId.of(UUID.fromString(i.id()))).username(i.username()).email(i.email())
        .fullName(i.fullName()).age(i.age()).active(Boolean.TRUE.equals(i.active()))
        .createdAt(DynamoTime.instant(i.createdAt())).updatedAt(DynamoTime.instant(i.updatedAt()))
        .version(i.version()).build();
  }

  static User user(Map<String, AttributeValue> raw) {
    return toUser(UserItem.SCHEMA.mapToItem(raw));
  }

  // ---- posts -----------------------------------------------------------------------------------------------------

  /** A new post item: no tags yet, no tag change counted. */
  static PostItem postItem(UUID id, UUID author, String title, String content, Instant createdAt) {
    return new PostItem(DynamoTable.USER + author, DynamoTable.POST + id, "POST", DynamoTable.POSTS_PARTITION,
        id.toString(), id.toString(), author.toString(), title, DynamoFilters.lower(title), content,
        DynamoTime.nanos(createdAt), null, 0L, null);
  }

  /** The pointer of a new post, which names its author. */
  static RefItem pointer(UUID post, UUID author) {
    return new RefItem(DynamoTable.POST + post, DynamoTable.POINTER, "POINTER", author.toString());
  }

  /** A tag link: a copy of the post in the tag's partition of {@code gsi1}. */
  static PostItem link(PostItem post, String tag) {
    return new PostItem(DynamoTable.POST + post.id(), DynamoTable.TAG + tag, "TAG", DynamoTable.TAG + tag,
        post.id(), post.id(), post.authorId(), post.title(), post.titleLc(), post.content(), post.createdAt(), null,
        null, tag);
  }

  static PostItem withTags(PostItem p, Set<String> tags) {
    return new PostItem(p.pk(), p.sk(), p.type(), p.gsi1pk(), p.gsi1sk(), p.id(), p.authorId(), p.title(),
        p.titleLc(), p.content(), p.createdAt(), Set.copyOf(tags), p.tagSeq(), p.tag());
  }

  static Post toPost(PostItem p, boolean withTags) {
    Set<String> tags = withTags ? new TreeSet<>(p.tagSet()) : null;
    return new Post(PostId.of(UUID.fromString(p.id())), UserId.of(UUID.fromString(p.authorId())), p.title(),
        p.content(), DynamoTime.instant(p.createdAt()), Optional.ofNullable(tags));
  }

  /** The values of a post item's fields (a post, or a tag link's copy of it). */
  static FieldValues<PostField> values(PostItem p) {
    return FieldValues.of(toPost(p, false));
  }
}
