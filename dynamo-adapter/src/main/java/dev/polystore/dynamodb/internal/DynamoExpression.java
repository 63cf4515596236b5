package dev.polystore.dynamodb.internal;

import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Internal: collects expression attribute names and values with generated placeholders ({@code #a0},
 * {@code :v0}) while one request's expressions are written, so no name or value is ever spliced into expression
 * text. Not thread-safe: one per request.
 */
final class DynamoExpression {

  private final Map<String, String> names = new HashMap<>();
  private final Map<String, String> placeholders = new HashMap<>();
  private final Map<String, AttributeValue> values = new HashMap<>();

  /** The placeholder of an attribute name (the same name always gets the same placeholder). */
  String name(String attribute) {
    return placeholders.computeIfAbsent(attribute, a -> {
      String p = "#a" + placeholders.size();
      names.put(p, a);
      return p;
    });
  }

  /** A new placeholder bound to the value. */
  String value(AttributeValue value) {
    String p = ":v" + values.size();
    values.put(p, value);
    return p;
  }

  /** The names, or null when there are none (DynamoDB refuses an empty map). */
  Map<String, String> names() {
    return names.isEmpty() ? null : Map.copyOf(names);
  }

  /** The values, or null when there are none. */
  Map<String, AttributeValue> values() {
    return values.isEmpty() ? null : Map.copyOf(values);
  }
}
