package dev.polystore.dynamodb.internal;

import static dev.polystore.dynamodb.internal.DynamoSchemas.attribute;
import static dev.polystore.dynamodb.internal.DynamoTable.GSI1;

import java.util.Set;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * Internal: a post, in two shapes that share one schema. The post item is {@code pk=USER#<author>,
 * sk=POST#<id>}, listed in {@code gsi1} under {@code gsi1pk=POST}, and carries the post's tag set ({@code tags},
 * absent when empty) and a counter of tag changes ({@code tag_seq}). A tag link is {@code pk=POST#<id>,
 * sk=TAG#<tag>}, listed in {@code gsi1} under {@code gsi1pk=TAG#<tag>}, and carries a copy of the post (posts
 * never change once written) plus {@code tag}, so posts by tag are filtered without a second read. Immutable.
 */
record PostItem(String pk, String sk, String type, String gsi1pk, String gsi1sk, String id, String authorId,
                String title, String titleLc, String content, Long createdAt, Set<String> tags, Long tagSeq,
                String tag) {

  static final TableSchema<PostItem> SCHEMA = StaticImmutableTableSchema.builder(PostItem.class, Builder.class)
      .newItemBuilder(Builder::new, Builder::build)
      .addAttribute(String.class, attribute("pk", PostItem::pk, Builder::pk, StaticAttributeTags.primaryPartitionKey()))
      .addAttribute(String.class, attribute("sk", PostItem::sk, Builder::sk, StaticAttributeTags.primarySortKey()))
      .addAttribute(String.class, attribute("type", PostItem::type, Builder::type))
      .addAttribute(String.class, attribute("gsi1pk", PostItem::gsi1pk, Builder::gsi1pk,
          StaticAttributeTags.secondaryPartitionKey(GSI1)))
      .addAttribute(String.class, attribute("gsi1sk", PostItem::gsi1sk, Builder::gsi1sk,
          StaticAttributeTags.secondarySortKey(GSI1)))
      .addAttribute(String.class, attribute("id", PostItem::id, Builder::id))
      .addAttribute(String.class, attribute("author_id", PostItem::authorId, Builder::authorId))
      .addAttribute(String.class, attribute("title", PostItem::title, Builder::title))
      .addAttribute(String.class, attribute("title_lc", PostItem::titleLc, Builder::titleLc))
      .addAttribute(String.class, attribute("content", PostItem::content, Builder::content))
      .addAttribute(Long.class, attribute("created_at", PostItem::createdAt, Builder::createdAt))
      .addAttribute(EnhancedType.setOf(String.class), attribute("tags", PostItem::tags, Builder::tags))
      .addAttribute(Long.class, attribute("tag_seq", PostItem::tagSeq, Builder::tagSeq))
      .addAttribute(String.class, attribute("tag", PostItem::tag, Builder::tag))
      .build();

  /** The post's tags; empty when it has none (the item then has no {@code tags} attribute). */
  Set<String> tagSet() {
    return tags == null ? Set.of() : tags;
  }

  /** Builder used by the schema; not thread-safe. */
  static final class Builder {
    private String pk;
    private String sk;
    private String type;
    private String gsi1pk;
    private String gsi1sk;
    private String id;
    private String authorId;
    private String title;
    private String titleLc;
    private String content;
    private Long createdAt;
    private Set<String> tags;
    private Long tagSeq;
    private String tag;

    void pk(String v) {
      pk = v;
    }

    void sk(String v) {
      sk = v;
    }

    void type(String v) {
      type = v;
    }

    void gsi1pk(String v) {
      gsi1pk = v;
    }

    void gsi1sk(String v) {
      gsi1sk = v;
    }

    void id(String v) {
      id = v;
    }

    void authorId(String v) {
      authorId = v;
    }

    void title(String v) {
      title = v;
    }

    void titleLc(String v) {
      titleLc = v;
    }

    void content(String v) {
      content = v;
    }

    void createdAt(Long v) {
      createdAt = v;
    }

    void tags(Set<String> v) {
      tags = v;
    }

    void tagSeq(Long v) {
      tagSeq = v;
    }

    void tag(String v) {
      tag = v;
    }

    PostItem build() {
      return new PostItem(pk, sk, type, gsi1pk, gsi1sk, id, authorId, title, titleLc, content, createdAt,
          tags == null || tags.isEmpty() ? null : Set.copyOf(tags), tagSeq, tag);
    }
  }
}
