package dev.polystore.dynamodb.internal;

import static dev.polystore.dynamodb.internal.DynamoSchemas.attribute;

import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * Internal: one event, {@code pk=EVENT#<series>#<bucket start>} (then {@code #<shard>} in a table with several
 * shards), {@code sk=<time>#<tag hash>}, keys as {@link EventLayout} makes them. {@code time} is epoch
 * nanoseconds; fields are kept in one map per type ({@code f_long}, {@code f_double}, {@code f_bool},
 * {@code f_str}, each absent when empty) so that {@code 2} and {@code 2.0} come back as they went in. Doubles
 * are kept as their shortest decimal text ({@code Double.toString}), because DynamoDB numbers stop at 1E+126
 * and a double reaches 1.8E+308.
 * Immutable.
 */
record EventItem(String pk, String sk, String type, String series, Long time, Map<String, String> tags,
                 Map<String, Long> longs, Map<String, String> doubles, Map<String, Boolean> booleans,
                 Map<String, String> strings) {

  static final TableSchema<EventItem> SCHEMA = StaticImmutableTableSchema.builder(EventItem.class, Builder.class)
      .newItemBuilder(Builder::new, Builder::build)
      .addAttribute(String.class, attribute("pk", EventItem::pk, Builder::pk, StaticAttributeTags.primaryPartitionKey()))
      .addAttribute(String.class, attribute("sk", EventItem::sk, Builder::sk, StaticAttributeTags.primarySortKey()))
      .addAttribute(String.class, attribute("type", EventItem::type, Builder::type))
      .addAttribute(String.class, attribute("series", EventItem::series, Builder::series))
      .addAttribute(Long.class, attribute("time", EventItem::time, Builder::time))
      .addAttribute(EnhancedType.mapOf(String.class, String.class), attribute("tags", EventItem::tags, Builder::tags))
      .addAttribute(EnhancedType.mapOf(String.class, Long.class), attribute("f_long", EventItem::longs, Builder::longs))
      .addAttribute(EnhancedType.mapOf(String.class, String.class),
          attribute("f_double", EventItem::doubles, Builder::doubles))
      .addAttribute(EnhancedType.mapOf(String.class, Boolean.class),
          attribute("f_bool", EventItem::booleans, Builder::booleans))
      .addAttribute(EnhancedType.mapOf(String.class, String.class),
          attribute("f_str", EventItem::strings, Builder::strings))
      .build();

  /** Builder used by the schema; not thread-safe. */
  static final class Builder {
    private String pk;
    private String sk;
    private String type;
    private String series;
    private Long time;
    private Map<String, String> tags;
    private Map<String, Long> longs;
    private Map<String, String> doubles;
    private Map<String, Boolean> booleans;
    private Map<String, String> strings;

    void pk(String v) {
      pk = v;
    }

    void sk(String v) {
      sk = v;
    }

    void type(String v) {
      type = v;
    }

    void series(String v) {
      series = v;
    }

    void time(Long v) {
      time = v;
    }

    void tags(Map<String, String> v) {
      tags = v;
    }

    void longs(Map<String, Long> v) {
      longs = v;
    }

    void doubles(Map<String, String> v) {
      doubles = v;
    }

    void booleans(Map<String, Boolean> v) {
      booleans = v;
    }

    void strings(Map<String, String> v) {
      strings = v;
    }

    EventItem build() {
      return new EventItem(pk, sk, type, series, time, nullIfEmpty(tags), nullIfEmpty(longs), nullIfEmpty(doubles),
          nullIfEmpty(booleans), nullIfEmpty(strings));
    }

    private static <V> Map<String, V> nullIfEmpty(Map<String, V> m) {
      return m == null || m.isEmpty() ? null : Map.copyOf(m);
    }
  }
}
