package dev.polystore.dynamodb;

import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The application's part of a DynamoDB store's transaction: inside {@code inTransaction}, the store the callback
 * receives answers {@code unwrap(DynamoTransaction.class)}, and what the application {@link #add adds} is sent in the
 * same {@code TransactWriteItems} call as the store's writes, when the callback returns. So the application's own
 * writes and the store's are atomic together: all applied, or none (when the callback throws, nothing is sent; when
 * a condition fails, DynamoDB applies nothing).
 *
 * <pre>{@code
 * users.useTransaction(tx -> {
 *   User ann = tx.create(newUser);
 *   DynamoTransaction dynamo = tx.unwrapOrThrow(DynamoTransaction.class);
 *   dynamo.add(TransactWriteItem.builder().put(p -> p.tableName("audit").item(Map.of(
 *       "id", AttributeValue.fromS(UUID.randomUUID().toString()),
 *       "user", AttributeValue.fromS(ann.id().toString())))).build());
 * });
 * }</pre>
 *
 * <ul>
 *   <li><b>100 actions.</b> A DynamoDB transaction holds at most {@value #MAX_ACTIONS} actions, the store's writes
 *       and the application's together (a {@code ConditionCheck} counts as one). {@link #add} refuses the one that
 *       would exceed it with {@link dev.polystore.InvalidQueryException}, as the store's own writes do, before
 *       anything is sent; so does a store write after the application's filled the transaction.</li>
 *   <li><b>One write per item.</b> DynamoDB takes one action per item in a transaction: adding a second one for an
 *       item the transaction already writes (the application's or the store's) is refused the same way.</li>
 *   <li><b>Polystore's items.</b> A {@code Put}, {@code Update} or {@code Delete} in the store's table must follow
 *       {@link DynamoTableRef#requireApplicationItem}: not one of Polystore's items, whose uniqueness items, versions
 *       and tag links only the store keeps. A {@code ConditionCheck} may name any item, Polystore's included.
 *       Items of other tables are the application's business.</li>
 *   <li><b>Failures</b> are reported when the callback's writes commit, as for the store's writes: a failed
 *       condition of the application's write is a {@link dev.polystore.StoreException} naming it (its cause is the
 *       SDK's {@code TransactionCanceledException}, whose reasons are in the order of the transaction's actions);
 *       one of the store's own keeps its usual exception ({@code DuplicateKeyException}, ...).</li>
 * </ul>
 *
 * <p>Confined to the callback's thread; refused with {@link IllegalStateException} once the callback has returned.
 */
public interface DynamoTransaction {

  /** DynamoDB's limit of actions in one transaction. */
  int MAX_ACTIONS = 100;

  /**
   * Adds the application's write to the transaction.
   *
   * @throws dev.polystore.InvalidQueryException when the transaction would hold more than {@value #MAX_ACTIONS}
   *     actions, already writes the item, or the write is a {@code Put}, {@code Update} or {@code Delete} of one of
   *     Polystore's items in the store's table; nothing is sent
   * @throws IllegalArgumentException when {@code item} has not exactly one of {@code put}, {@code update},
   *     {@code delete} and {@code conditionCheck}, or names no table or key
   * @throws IllegalStateException once the callback has returned, or the store is closed
   */
  void add(TransactWriteItem item);

  /** The actions the transaction holds so far: the store's writes and the application's. */
  int actions();

  /** How many more actions the transaction can take. */
  default int remainingActions() {
    return MAX_ACTIONS - actions();
  }

  /** The store's table. */
  DynamoTableRef table();
}
