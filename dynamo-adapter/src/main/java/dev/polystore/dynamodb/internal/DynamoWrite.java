package dev.polystore.dynamodb.internal;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Internal: one write of a transaction, with what its condition means, so a cancellation reason can be turned
 * into the right exception. Immutable.
 *
 * @param item the write
 * @param pk the item's partition key, to detect two writes of one item in a transaction
 * @param sk the item's sort key
 * @param check what a failed condition on this write means
 * @param subject for {@link Check#UNIQUE} the field as the API spells it ({@code "username"}); otherwise what
 *     the item is, for messages ({@code "user 0190..."})
 * @param value for {@link Check#UNIQUE} the value that is taken, for the message
 */
record DynamoWrite(TransactWriteItem item, String pk, String sk, Check check, String subject, String value) {

  /** What a failed condition on a write means. */
  enum Check {
    /** Unconditional, or a condition that cannot fail in practice (a new random id). */
    NONE,
    /** A uniqueness item is taken: {@code DuplicateKeyException(subject)}. */
    UNIQUE,
    /** The stored version differs ({@code ConcurrentUpdateException}), or the item is gone. */
    VERSION,
    /** The item must exist: {@code EntityNotFoundException}. */
    EXISTS,
    /** The item changed since it was read: retried by the operation, else {@code ConcurrentUpdateException}. */
    UNCHANGED,
    /**
     * The application's own write ({@code DynamoTransaction.add}): its condition is the application's, reported
     * as a {@code StoreException} naming the write. Never superseded by, nor standing in for, a store's write.
     */
    APPLICATION
  }

  static DynamoWrite of(TransactWriteItem item, Map<String, AttributeValue> key, Check check, String subject) {
    return new DynamoWrite(item, key.get(DynamoTable.PK).s(), key.get(DynamoTable.SK).s(), check, subject, null);
  }

  static DynamoWrite unique(TransactWriteItem item, Map<String, AttributeValue> key, String field, String value) {
    return new DynamoWrite(item, key.get(DynamoTable.PK).s(), key.get(DynamoTable.SK).s(), Check.UNIQUE, field,
        value);
  }

  /**
   * The application's write {@code item}, whose item is identified by {@code pk} and {@code sk} in the store's table,
   * or by its table and key elsewhere ({@code sk} empty).
   */
  static DynamoWrite application(TransactWriteItem item, String pk, String sk, String subject) {
    return new DynamoWrite(item, pk, sk, Check.APPLICATION, subject, null);
  }

  String itemKey() {
    return pk + "\u0000" + sk;
  }
}
