package dev.polystore.dynamodb.internal;

import dev.polystore.InvalidQueryException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Internal: estimates an item's size the way DynamoDB counts it (attribute name lengths plus value sizes),
 * so that items over the 400 KB limit are refused before they are sent. Thread-safe (stateless).
 */
final class DynamoItemSize {

  /** DynamoDB's item size limit: 400 KB. */
  static final int MAX_ITEM_BYTES = 400 * 1024;

  private DynamoItemSize() {
  }

  /** The item's size in bytes as DynamoDB counts it. */
  static long of(Map<String, AttributeValue> item) {
    long size = 0;
    for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
      size += utf8(e.getKey()) + value(e.getValue());
    }
    return size;
  }

  /**
   * Refuses an item over the limit.
   *
   * @throws InvalidQueryException naming the item and its estimated size
   */
  static void check(Map<String, AttributeValue> item, String what) {
    long size = of(item);
    if (size > MAX_ITEM_BYTES) {
      throw new InvalidQueryException(what + " would be a DynamoDB item of " + size + " bytes; DynamoDB stores at"
          + " most " + MAX_ITEM_BYTES + " bytes (400 KB) per item, counting attribute names and values. Nothing"
          + " was written.");
    }
  }

  private static long value(AttributeValue v) {
    if (v.s() != null) {
      return utf8(v.s());
    }
    if (v.n() != null) {
      return number(v.n());
    }
    if (v.b() != null) {
      return v.b().asByteArray().length;
    }
    if (v.bool() != null || Boolean.TRUE.equals(v.nul())) {
      return 1;
    }
    if (v.hasSs()) {
      return v.ss().stream().mapToLong(DynamoItemSize::utf8).sum();
    }
    if (v.hasNs()) {
      return v.ns().stream().mapToLong(DynamoItemSize::number).sum();
    }
    if (v.hasBs()) {
      return v.bs().stream().map(SdkBytes::asByteArray).mapToLong(b -> b.length).sum();
    }
    if (v.hasM()) {
      long size = 3;
      for (Map.Entry<String, AttributeValue> e : v.m().entrySet()) {
        size += 1 + utf8(e.getKey()) + value(e.getValue());
      }
      return size;
    }
    if (v.hasL()) {
      long size = 3;
      for (AttributeValue element : v.l()) {
        size += 1 + value(element);
      }
      return size;
    }
    return 1;
  }

  /** Numbers take about one byte per two significant digits, plus one. */
  private static long number(String n) {
    BigDecimal d = new BigDecimal(n).stripTrailingZeros();
    int digits = d.signum() == 0 ? 1 : d.precision();
    return 1 + (digits + 1) / 2 + (d.signum() < 0 ? 1 : 0);
  }

  private static long utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
