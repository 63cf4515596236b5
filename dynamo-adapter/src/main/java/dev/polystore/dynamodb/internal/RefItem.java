package dev.polystore.dynamodb.internal;

import static dev.polystore.dynamodb.internal.DynamoSchemas.attribute;

import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * Internal: a small item that points somewhere: the uniqueness items {@code USERNAME#<lowercased>} and
 * {@code EMAIL#<lowercased>} (ref: the user id), a post's pointer {@code POST#<id>/POST} (ref: the author id),
 * an event series' bucket marker {@code SERIES#<series>/BUCKET#<start>} and the table's event settings
 * {@code META/EVENTS} (ref: the bucket size; the item also holds the shard count, see {@link EventTableSettings}).
 * Immutable.
 */
record RefItem(String pk, String sk, String type, String ref) {

  static final TableSchema<RefItem> SCHEMA = StaticImmutableTableSchema.builder(RefItem.class, Builder.class)
      .newItemBuilder(Builder::new, Builder::build)
      .addAttribute(String.class, attribute("pk", RefItem::pk, Builder::pk, StaticAttributeTags.primaryPartitionKey()))
      .addAttribute(String.class, attribute("sk", RefItem::sk, Builder::sk, StaticAttributeTags.primarySortKey()))
      .addAttribute(String.class, attribute("type", RefItem::type, Builder::type))
      .addAttribute(String.class, attribute("ref", RefItem::ref, Builder::ref))
      .build();

  /** Builder used by the schema; not thread-safe. */
  static final class Builder {
    private String pk;
    private String sk;
    private String type;
    private String ref;

    void pk(String v) {
      pk = v;
    }

    void sk(String v) {
      sk = v;
    }

    void type(String v) {
      type = v;
    }

    void ref(String v) {
      ref = v;
    }

    RefItem build() {
      return new RefItem(pk, sk, type, ref);
    }
  }
}
