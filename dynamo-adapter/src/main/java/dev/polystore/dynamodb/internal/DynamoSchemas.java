package dev.polystore.dynamodb.internal;

import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import software.amazon.awssdk.enhanced.dynamodb.mapper.ImmutableAttribute;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTag;

/** Internal: helpers for the static, immutable table schemas of the item classes. */
final class DynamoSchemas {

  private DynamoSchemas() {
  }

  static <T, B, R> Consumer<ImmutableAttribute.Builder<T, B, R>> attribute(String name, Function<T, R> getter,
                                                                          BiConsumer<B, R> setter,
                                                                          StaticAttributeTag... tags) {
    return a -> a.name(name).getter(getter).setter(setter).tags(tags);
  }
}
