package dev.polystore.dynamodb.internal;

import dev.polystore.InvalidQueryException;
import dev.polystore.dynamodb.DynamoTableRef;
import dev.polystore.dynamodb.DynamoTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Internal: the {@link DynamoTransaction} of one {@code inTransaction} callback. The application's writes go into
 * the callback's {@link DynamoUnit}, next to the store's, as {@link DynamoWrite.Check#APPLICATION} writes, so the
 * unit's rules hold for both: at most 100 actions, one per item. A {@code Put}, {@code Update} or {@code Delete} in
 * the store's table must be of an application's item ({@link DynamoTableRef#requireApplicationItem}). Confined to
 * the callback's thread.
 */
final class DynamoNativeTransaction implements DynamoTransaction {

  private final DynamoUnit unit;
  private final DynamoTableRef table;
  /** Refuses use once the callback has returned or the store is closed. */
  private final Runnable ensureOpen;
  private int added;

  DynamoNativeTransaction(DynamoUnit unit, DynamoTableRef table, Runnable ensureOpen) {
    this.unit = unit;
    this.table = table;
    this.ensureOpen = ensureOpen;
  }

  @Override
  public void add(TransactWriteItem item) {
    Objects.requireNonNull(item, "item");
    ensureOpen.run();
    Target target = target(item);
    String subject = "the application's " + target.action + " #" + (added + 1) + " (table " + target.table + ")";
    if (target.table.equals(table.tableName())) {
      if (!target.action.equals("ConditionCheck")) {
        table.requireApplicationItem(target.item);
      }
      if (target.updateNamesIndex) {
        throw new InvalidQueryException(subject + " sets " + DynamoTableRef.INDEX_PARTITION_KEY + " or "
            + DynamoTableRef.INDEX_SORT_KEY + ", which would put the item into the listings of Polystore's index "
            + DynamoTableRef.INDEX + "; an application's own items leave them out. Nothing was written");
      }
      AttributeValue pk = target.item.get(DynamoTableRef.PARTITION_KEY);
      AttributeValue sk = target.item.get(DynamoTableRef.SORT_KEY);
      if (pk == null || pk.s() == null || sk == null || sk.s() == null) {
        throw new IllegalArgumentException(subject + " needs a string " + DynamoTableRef.PARTITION_KEY + " and "
            + DynamoTableRef.SORT_KEY);
      }
      unit.add(DynamoWrite.application(item, pk.s(), sk.s(), subject));
    } else {
      unit.add(DynamoWrite.application(item, target.table + "\u0001" + new TreeMap<>(target.item), "", subject));
    }
    added++;
  }

  @Override
  public int actions() {
    ensureOpen.run();
    return unit.writes().size();
  }

  @Override
  public DynamoTableRef table() {
    return table;
  }

  /**
   * What a write names: its action, its table, its key (or item, for a {@code Put}), and whether an update
   * expression names the index attributes.
   */
  private record Target(String action, String table, Map<String, AttributeValue> item, boolean updateNamesIndex) {
  }

  private static Target target(TransactWriteItem item) {
    List<Target> targets = new ArrayList<>(1);
    Put put = item.put();
    if (put != null) {
      targets.add(new Target("Put", put.tableName(), put.hasItem() ? put.item() : null, false));
    }
    Update update = item.update();
    if (update != null) {
      targets.add(new Target("Update", update.tableName(), update.hasKey() ? update.key() : null,
          namesIndex(update)));
    }
    Delete delete = item.delete();
    if (delete != null) {
      targets.add(new Target("Delete", delete.tableName(), delete.hasKey() ? delete.key() : null, false));
    }
    ConditionCheck check = item.conditionCheck();
    if (check != null) {
      targets.add(new Target("ConditionCheck", check.tableName(), check.hasKey() ? check.key() : null, false));
    }
    if (targets.size() != 1) {
      throw new IllegalArgumentException("a TransactWriteItem holds exactly one of Put, Update, Delete and"
          + " ConditionCheck, not " + targets.size());
    }
    Target target = targets.get(0);
    if (target.table == null || target.table.isEmpty() || target.item == null || target.item.isEmpty()) {
      throw new IllegalArgumentException("the application's " + target.action + " names no table or no "
          + (target.action.equals("Put") ? "item" : "key"));
    }
    return target;
  }

  /** Whether an update sets or removes the index attributes, by name or through an expression attribute name. */
  private static boolean namesIndex(Update update) {
    String expression = update.updateExpression() == null ? "" : update.updateExpression();
    boolean inExpression = expression.contains(DynamoTableRef.INDEX_PARTITION_KEY)
        || expression.contains(DynamoTableRef.INDEX_SORT_KEY);
    boolean inNames = update.hasExpressionAttributeNames() && update.expressionAttributeNames().values().stream()
        .anyMatch(name -> name.equals(DynamoTableRef.INDEX_PARTITION_KEY) || name.equals(DynamoTableRef.INDEX_SORT_KEY));
    return inExpression || inNames;
  }
}
